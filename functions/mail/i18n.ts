import type { Language } from './format.js';
import { da, type Phrases } from './phrases/management-da.js';
import { en } from './phrases/management-en.js';

// The management e-mails' phrases in the reader's language: Danish (the
// default, phrases/management-da.ts) and English (phrases/management-en.ts).
// Dates, counts and plurals are written by ./format.ts.

const TABLES: Record<Language, Phrases> = { da, en };

export const phrases = (language: Language): Phrases => TABLES[language];

export type { Phrases };
