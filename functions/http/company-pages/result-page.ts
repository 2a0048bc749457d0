import type { InternshipStatus } from '../../domain/company.js';
import { html } from '../../mail/html.js';
import { companyPhrases } from '../../mail/company-phrases.js';
import { formatDate, type Language } from '../../mail/format.js';
import { linkUrl, page, type PageBase } from './layout.js';
import { pagePhrases, type InternshipReportSummary } from './phrases.js';

// The page after a POST: what was recorded (or why not), in a coloured panel.

export type ResultPageView = PageBase & {
  tone: 'good' | 'info' | 'bad';
  title: string;
  lines: string[];
  /** e.g. back to the form for another report */
  link?: { text: string; url: string };
};

export const renderResultPage = (v: ResultPageView): string =>
  page(
    v,
    v.title,
    html`<div class="panel ${v.tone}">${v.lines.map((l) => html`<p>${l}</p>`)}</div>
${v.link ? html`<p><a href="${linkUrl(v.link.url, 'link.url')}">${v.link.text}</a></p>` : ''}`,
  );

// What the handler shows after a POST: the confirmation page's content, and
// for a POST that does not fit, the message next to the field. Dates come in
// as calendar dates (YYYY-MM-DD) and are formatted in the page's language.

export type ResultContent = { tone: 'good' | 'info' | 'bad'; title: string; lines: string[] };

export const slotsConfirmedLines = (language: Language, slots: number, eventDate: string): string[] =>
  pagePhrases(language).results.slotsConfirmedLines(slots, formatDate(eventDate, language));

/** The event date is optional: without it the lines say "the match event". */
export const declinedLines = (language: Language, eventDate?: string): string[] =>
  pagePhrases(language).results.declinedLines(eventDate ? formatDate(eventDate, language) : undefined);

/** What was recorded: the whole report, or only the candidate code and the status. */
export function internshipRecordedLines(language: Language, report: InternshipReportSummary): string[];
export function internshipRecordedLines(language: Language, code: string, status: InternshipStatus): string[];
export function internshipRecordedLines(language: Language, report: InternshipReportSummary | string, status?: InternshipStatus): string[] {
  const c = companyPhrases(language);
  const r = pagePhrases(language).results;
  if (typeof report === 'string') return r.internshipRecordedLines({ code: report, status: status ?? 'offered' });
  return r.internshipRecordedLines(report, {
    type: c.internshipType[report.type],
    startDate: formatDate(report.startDate, language),
    weeks: c.weeks(report.weeks),
  });
}

/** The whole confirmation of a slots answer: 0 is a decline, thanked as such. */
export const slotsAnswerResult = (language: Language, slots: number, eventDate: string): ResultContent => {
  const r = pagePhrases(language).results;
  return slots > 0
    ? { tone: 'good', title: r.slotsConfirmed, lines: slotsConfirmedLines(language, slots, eventDate) }
    : { tone: 'info', title: r.declined, lines: declinedLines(language, eventDate) };
};

export const internshipRecordedResult = (language: Language, report: InternshipReportSummary): ResultContent => ({
  tone: 'good',
  title: pagePhrases(language).results.internshipRecorded,
  lines: internshipRecordedLines(language, report),
});

/** The link back to the internship form, for another report. */
export const anotherReportLink = (language: Language, url: string): { text: string; url: string } => ({
  text: pagePhrases(language).results.anotherReport,
  url,
});
