import type { Language } from '../../mail/format.js';
import { da, type PagePhrases } from './phrases-da.js';
import { en } from './phrases-en.js';

const TABLES: Record<Language, PagePhrases> = { da, en };

/** The link pages' phrases in the page's language. The words they share with the e-mails are in companyPhrases. */
export const pagePhrases = (language: Language): PagePhrases => TABLES[language];

export type { InternshipReportSummary } from './phrases-da.js';
export type { PagePhrases };
