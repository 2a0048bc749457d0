import { html } from 'htm/preact';
import type { SurveyResults } from '../../../functions/contracts/survey.js';
import { currentLanguage, formatPercent } from '../i18n.js';

// The participants' own view in the outcome: the survey's answers against
// the pilot's targets, counts beside every rate. Under 5 answers only how
// many answered (the API sends no breakdown then). Its texts are here, in
// both languages, with the section that uses them.

const TEXT = {
  da: {
    heading: 'Deltagernes egen vurdering',
    answers: (n: number, mailed: number, codes: number) => `${n} svar (sendt til ${mailed} på e-mail, ${codes} koder på papir)`,
    tooFew: (min: number) => `Under ${min} svar: svarene vises ikke fordelt, så ingen enkelt deltager kan genkendes.`,
    satisfied: 'Meget tilfredse med hjælpen',
    selfReliant: 'Kan nu selv bruge de digitale værktøjer',
    partly: 'Selv eller delvist',
    ratio: (count: number, of: number, rate: string) => `${count} af ${of} (${rate})`,
    interval: (low: string, high: string) => `95 %-interval ${low}–${high}`,
    target: (target: string, met: boolean) => `mål ${target}: ${met ? 'nået' : 'ikke nået'}`,
  },
  en: {
    heading: "The participants' own view",
    answers: (n: number, mailed: number, codes: number) => `${n} answers (sent to ${mailed} by e-mail, ${codes} codes on paper)`,
    tooFew: (min: number) => `Fewer than ${min} answers: not broken down, so no single participant can be recognised.`,
    satisfied: 'Very satisfied with the help',
    selfReliant: 'Can now use the digital tools on their own',
    partly: 'On their own or partly',
    ratio: (count: number, of: number, rate: string) => `${count} of ${of} (${rate})`,
    interval: (low: string, high: string) => `95% interval ${low}–${high}`,
    target: (target: string, met: boolean) => `target ${target}: ${met ? 'met' : 'not met'}`,
  },
};

type SurveyRate = NonNullable<SurveyResults['breakdown']>['satisfied'];

const rateText = (r: SurveyRate) => {
  const x = TEXT[currentLanguage()];
  return [
    x.ratio(r.count, r.of, formatPercent(r.rate)),
    ...(r.interval ? [x.interval(formatPercent(r.interval.low), formatPercent(r.interval.high))] : []),
    ...(r.target !== undefined ? [x.target(formatPercent(r.target), r.met === true)] : []),
  ].join('; ');
};

export const SurveyOutcome = ({ survey }: { survey: SurveyResults }) => {
  const x = TEXT[currentLanguage()];
  const b = survey.breakdown;
  return html`<h3>${x.heading}</h3>
    <p>${x.answers(survey.answers, survey.invited.mailed, survey.invited.codes)}</p>
    ${
      b
        ? html`<dl class="stats survey">
          <div><dt>${x.satisfied}</dt><dd>${rateText(b.satisfied)}</dd></div>
          <div><dt>${x.selfReliant}</dt><dd>${rateText(b.selfReliant)}</dd></div>
          <div><dt>${x.partly}</dt><dd>${rateText(b.selfReliantAtLeastPartly)}</dd></div>
        </dl>`
        : html`<p class="muted">${x.tooFew(survey.minimumForBreakdown)}</p>`
    }`;
};
