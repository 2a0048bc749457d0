/**
 * Danish spreadsheets write Danish words and dates: each column's Danish
 * values (lower-case, as a consultant types them) and the English codes the
 * API keeps. The English codes are accepted as they are.
 */
export const DANISH_VALUES: Record<string, Record<string, string>> = {
  result: { bestået: 'passed', 'ikke bestået': 'failed', dumpet: 'failed', udeblevet: 'no-show', udeblev: 'no-show' },
  outcome: {
    fuldtid: 'employed-full-time',
    'job fuldtid': 'employed-full-time',
    deltid: 'employed-part-time',
    'job deltid': 'employed-part-time',
    løntilskud: 'wage-subsidy',
    praktik: 'internship',
    virksomhedspraktik: 'internship',
    uddannelse: 'education',
    ledig: 'unemployed',
    ukendt: 'unknown',
  },
  language: { dansk: 'da', engelsk: 'en' },
  // The attendance list (bulk status changes).
  status: {
    optaget: 'enrolled',
    tilmeldt: 'enrolled',
    startet: 'started',
    påbegyndt: 'started',
    gennemført: 'completed',
    færdig: 'completed',
    frafaldet: 'dropped-out',
    udgået: 'dropped-out',
    stoppet: 'dropped-out',
  },
  reason: {
    job: 'found-job',
    'fundet job': 'found-job',
    'fået job': 'found-job',
    uddannelse: 'education',
    sygdom: 'illness',
    syg: 'illness',
    flyttet: 'moved',
    personlige: 'personal',
    'personlige grunde': 'personal',
    personligt: 'personal',
    udeblevet: 'no-show',
    udeblev: 'no-show',
    andet: 'other',
  },
};

/** A date as Danish spreadsheets write it (dd-mm-åååå, dd.mm.åååå, dd/mm/åååå) as the API's YYYY-MM-DD; anything else as it is. */
export const isoDate = (cell: string): string => {
  const m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(cell.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
};

/** A cell of a batch CSV (exam results, follow-up) with its Danish word or date in the API's form. */
export const danishCell = (column: string, cell: string): unknown => {
  if (column === 'date') return isoDate(cell);
  const words = DANISH_VALUES[column];
  return words?.[cell.trim().toLowerCase().replace(/\s+/g, ' ')] ?? cell;
};
