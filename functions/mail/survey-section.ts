import { formatPercent, formatRate, type Ratio } from '../domain/evaluation.js';
import type { SurveyRate, SurveyResults } from '../domain/survey.js';
import type { Block } from './document.js';
import type { Language } from './format.js';

// The participants' own voice in the management e-mails (the outcome): the
// survey's answers against the pilot's targets. Under 5 answers only how
// many answered: a breakdown of 3 answers may point at a person.

const da = {
  heading: 'Deltagernes egen vurdering',
  answers: 'Svar på spørgeskemaet',
  answersOf: (answers: string, mailed: string, codes: string) => `${answers} (sendt til ${mailed} på e-mail, ${codes} koder delt ud på papir)`,
  tooFew: (min: number) => `Under ${min} svar: svarene vises ikke fordelt, så ingen enkelt deltager kan genkendes.`,
  satisfied: 'Meget tilfredse med hjælpen',
  satisfiedAtLeast: 'Tilfredse eller meget tilfredse',
  selfReliant: 'Kan nu selv bruge de digitale værktøjer',
  selfReliantAtLeastPartly: 'Kan det selv eller delvist',
  target: (target: string, met: boolean) => `mål ${target}: ${met ? 'nået' : 'ikke nået'}`,
  note: 'Spørgeskemaet er anonymt. Der gemmes kun, hvor mange der valgte hvert svar.',
};

const en: typeof da = {
  heading: "The participants' own view",
  answers: 'Answers to the survey',
  answersOf: (answers, mailed, codes) => `${answers} (sent to ${mailed} by e-mail, ${codes} codes handed out on paper)`,
  tooFew: (min) => `Fewer than ${min} answers: the answers are not broken down, so no single participant can be recognised.`,
  satisfied: 'Very satisfied with the help',
  satisfiedAtLeast: 'Satisfied or very satisfied',
  selfReliant: 'Can now use the digital tools on their own',
  selfReliantAtLeastPartly: 'On their own or partly',
  target: (target, met) => `target ${target}: ${met ? 'met' : 'not met'}`,
  note: 'The survey is anonymous. Only how many chose each answer is kept.',
};

export const surveyText = (language: Language) => (language === 'en' ? en : da);

/** "4 af 5 (80 %; 95 %-interval 38–96 %); mål 95 %: ikke nået": the count, the rate, its interval (formatRate), the target. */
export const formatSurveyRate = (r: SurveyRate | Ratio, language: Language): string => {
  const t = surveyText(language);
  const rate = r as SurveyRate;
  return rate.target !== undefined
    ? `${formatRate(r, language)}; ${t.target(formatPercent(rate.target, language), rate.met === true)}`
    : formatRate(r, language);
};

export const surveyBlocks = (survey: SurveyResults | undefined, language: Language): Block[] => {
  if (!survey) return [];
  const t = surveyText(language);
  const count = (n: number) => String(n);
  const b = survey.breakdown;
  return [
    { kind: 'heading', text: t.heading },
    {
      kind: 'facts',
      rows: [
        { label: t.answers, value: t.answersOf(count(survey.answers), count(survey.invited.mailed), count(survey.invited.codes)) },
        ...(b
          ? [
              { label: t.satisfied, value: formatSurveyRate(b.satisfied, language), strong: true },
              { label: t.satisfiedAtLeast, value: formatSurveyRate(b.satisfiedAtLeast, language) },
              { label: t.selfReliant, value: formatSurveyRate(b.selfReliant, language), strong: true },
              { label: t.selfReliantAtLeastPartly, value: formatSurveyRate(b.selfReliantAtLeastPartly, language) },
            ]
          : []),
      ],
    },
    { kind: 'paragraph', text: b ? t.note : t.tooFew(survey.minimumForBreakdown), muted: true },
  ];
};
