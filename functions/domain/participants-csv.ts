import { parseCsv, type CsvRow } from './csv.js';
import { danishCell } from './danish-cells.js';

// Participants arrive as the CSV consultants export from their spreadsheets.
// Danish Excel writes semicolons and a UTF-8 byte-order mark; others write
// commas. The header row names the columns, in any order, in English or
// Danish (the first name of each entry is the documented one):

const PARTICIPANT_COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  name: ['name', 'navn'],
  email: ['email', 'e-mail', 'mail'],
  birthYear: ['birthyear', 'fødselsår', 'foedselsaar'],
  ageBand: ['ageband', 'aldersgruppe'],
  targetGroup: ['targetgroup', 'målgruppe', 'maalgruppe'],
  screening: ['screening'],
  riskMarkers: ['riskmarkers', 'risikomarkører', 'risikomarkoerer'],
  language: ['language', 'sprog'],
} as const;

export const CSV_COLUMNS = Object.keys(PARTICIPANT_COLUMNS) as (keyof typeof PARTICIPANT_COLUMNS)[];

/** Participants from a CSV: one row each, screening and risk-marker columns combined. */
export const parseParticipantsCsv = (text: string, maxRows: number): CsvRow[] =>
  parseCsv(text, PARTICIPANT_COLUMNS, maxRows, participantCell).map((row) => {
    if (!('value' in row)) return row;
    const value = { ...row.value };
    if (value.screening !== undefined || value.riskMarkers !== undefined) {
      value.screening = {
        ...(value.screening !== undefined ? { result: value.screening } : {}),
        ...(value.riskMarkers !== undefined ? { riskMarkers: value.riskMarkers } : {}),
      };
      delete value.riskMarkers;
    }
    return { line: row.line, value };
  });

const participantCell = (column: string, cell: string): unknown => {
  if (column === 'birthYear' && /^\d+$/.test(cell)) return Number(cell);
  if (column === 'language') return danishCell(column, cell);
  // Several markers in one cell, separated by "|" or spaces.
  if (column === 'riskMarkers') return cell.split(/[|\s]+/).filter(Boolean);
  return cell;
};
