import { LOCALE, type Language } from './format.js';
import { da, type CompanyPhrases } from './phrases/company-da.js';
import { en } from './phrases/company-en.js';

// The partner companies' e-mail phrases in the company's language: Danish
// (the default, phrases/company-da.ts) and English (phrases/company-en.ts).
// The pages behind the signed links have their own tables
// (functions/http/company-pages) and share these words.

const TABLES: Record<Language, CompanyPhrases> = { da, en };

export const companyPhrases = (language: Language): CompanyPhrases => TABLES[language];

/** A target group's name for a reader; a slug with no name yet is shown as words ("long-term-unemployed" → "Long term unemployed"). */
export const targetGroupName = (slug: string, language: Language): string => {
  const name = TABLES[language].targetGroups[slug];
  if (name) return name;
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toLocaleUpperCase(LOCALE[language]) + words.slice(1);
};

export type { CompanyPhrases };
