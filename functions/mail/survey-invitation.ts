import type { RenderedMail } from './document.js';
import { renderHtml } from './html.js';
import { formatDate, type Language } from './format.js';
import { surveyPhrases } from './survey-phrases.js';
import { renderText } from './text.js';

// The survey invitation to a participant when the course ends, and its one
// reminder a week later: easy language, one button, the link written out
// too for a mail client that shows no buttons. The same link both times.

export interface SurveyInvitationView {
  pilot: { name: string };
  url: string;
  /** The last day to answer (a calendar date in Copenhagen). */
  lastDay: string;
  reminder: boolean;
  language: Language;
}

export const renderSurveyInvitation = (v: SurveyInvitationView): RenderedMail => {
  const s = surveyPhrases(v.language).mail;
  const lines = v.reminder ? s.reminderLines(v.pilot.name) : s.lines(v.pilot.name);
  const doc = {
    language: v.language,
    title: s.title,
    preheader: lines[1]!,
    blocks: [
      ...lines.map((text) => ({ kind: 'paragraph' as const, text })),
      { kind: 'button' as const, text: s.button, url: v.url },
      { kind: 'paragraph' as const, text: s.closes(formatDate(v.lastDay, v.language)) },
      { kind: 'paragraph' as const, text: `${s.linkText} ${v.url}`, muted: true },
    ],
    footer: [s.footer],
  };
  return { subject: v.reminder ? s.reminderSubject(v.pilot.name) : s.subject(v.pilot.name), html: renderHtml(doc), text: renderText(doc) };
};
