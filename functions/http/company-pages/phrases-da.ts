import type { InternshipStatus, InternshipType } from '../../domain/company.js';
import { formatCount, plural, type Language } from '../../mail/format.js';

// Every sentence of the pages behind the signed links in the company e-mails,
// in Danish (the default), written as the e-mails are
// (functions/mail/phrases/company-da.ts): plain, polite, "I" and "jeres".
// The English table (phrases-en.ts) is typed as this one.

export type InternshipReportSummary = { code: string; name?: string; status: InternshipStatus; type: InternshipType; startDate: string; weeks: number };

export const da = {
  switchTo: 'English',
  switchLang: 'en' as Language,
  errorSummary: 'Der er et problem',
  errorPrefix: 'Fejl',
  sentBy: 'Sendt på vegne af Jobcenter København',
  slots: {
    title: 'Hvor mange pladser tager I?',
    intro: (company: string, pilot: string) => `${company} er inviteret til matcharrangementet i pilotprojektet «${pilot}».`,
    eventDate: 'Matcharrangement',
    location: 'Sted',
    candidates: 'Kandidater',
    deadline: 'Svarfrist',
    maxSlots: 'I kan tage op til',
    current: (slots: string) => `Jeres svar indtil nu: ${slots}. I kan ændre det indtil svarfristen.`,
    currentDeclined: 'Jeres svar indtil nu: I kan ikke deltage. I kan ændre det indtil svarfristen.',
    label: 'Antal pladser',
    hint: (max: string, minutes?: string) =>
      `Skriv et tal fra 0 til ${max}. En plads er ét møde${minutes ? ` på ${minutes}` : ''} med én kandidat. Skriv 0, hvis I ikke kan deltage.`,
    submit: 'Send svar',
  },
  internship: {
    title: 'Meld praktik eller job',
    intro: (company: string, pilot: string) =>
      `Her melder ${company}, når I tilbyder en kandidat fra matcharrangementet i pilotprojektet «${pilot}» en plads, og når kandidaten starter.`,
    window: (date: string) => `Meld senest ${date}.`,
    metHeading: 'Kandidater I mødte',
    columns: ['Kandidat', 'Meldt indtil nu'],
    nothingReported: 'Intet meldt',
    reported: (status: string, type: string, startDate: string, weeks: string) => `${status}: ${type.toLowerCase()} fra ${startDate}, ${weeks}`,
    formHeading: 'Ny melding',
    candidate: 'Kandidat',
    chooseCandidate: 'Vælg kandidat',
    status: 'Hvad vil I melde?',
    statusOptions: { offered: 'Kandidaten er tilbudt en plads', started: 'Kandidaten er startet' } satisfies Record<InternshipStatus, string>,
    type: 'Type',
    chooseType: 'Vælg type',
    startDate: 'Startdato',
    startDateHint: 'Den dag kandidaten starter eller skal starte.',
    weeks: 'Antal uger',
    weeksHint: 'Et helt tal fra 1 til 52.',
    submit: 'Send melding',
    noCandidates: 'Der er ingen kandidater at melde for. Kontakt konsulenten for pilotprojektet i Jobcenter København, hvis det er en fejl.',
    startReplaces: 'En start erstatter et tilbud til samme kandidat.',
  },
  refusal: {
    titles: {
      invalid: 'Linket virker ikke',
      expired: 'Linket er udløbet',
      replayed: 'Formularen er allerede sendt',
      closed: 'Der er lukket for svar',
      'not-invited': 'Linket passer ikke til jeres virksomhed',
      'stale-form': 'Formularen er for gammel',
      'cross-site': 'Formularen kom fra en anden side',
    },
    reasons: {
      invalid: 'Linket er ufuldstændigt eller ændret. Det sker fx, hvis kun en del af adressen er blevet kopieret.',
      expired: 'Linket kan kun bruges i en begrænset periode, og den er slut.',
      replayed: 'Denne formular er allerede blevet sendt én gang, og den kan ikke sendes igen. Det forhindrer, at det samme svar bliver registreret to gange.',
      closed: 'Fristen er udløbet, eller pilotprojektet er afsluttet, så der kan ikke længere svares via linket.',
      'not-invited': 'Jeres virksomhed er ikke inviteret til dette matcharrangement, eller invitationen er trukket tilbage.',
      'stale-form': 'Formularen blev ikke vist af os for nylig: den er over et døgn gammel eller kommer ikke fra dette link. Intet er registreret.',
      'cross-site': 'Formularen blev sendt fra en anden hjemmeside end vores. For jeres sikkerhed er intet registreret.',
    },
    whatToDo: 'Hvad kan I gøre?',
    actions: {
      invalid: ['Åbn linket direkte fra den nyeste e-mail fra os.', 'Virker det stadig ikke, så kontakt konsulenten for pilotprojektet i Jobcenter København.'],
      expired: ['Brug linket i den nyeste e-mail fra os.', 'Har I ikke fået en nyere e-mail, så kontakt konsulenten for pilotprojektet i Jobcenter København.'],
      replayed: [
        'Åbn linket i e-mailen igen for at se jeres svar eller ændre det.',
        'Er I i tvivl om, hvad der er registreret, så kontakt konsulenten for pilotprojektet i Jobcenter København.',
      ],
      closed: ['Kontakt konsulenten for pilotprojektet i Jobcenter København, hvis I stadig vil svare eller melde noget.'],
      'not-invited': ['Brug linket i den nyeste e-mail fra os.', 'Kontakt konsulenten for pilotprojektet i Jobcenter København, hvis I mener, det er en fejl.'],
      'stale-form': ['Åbn linket i e-mailen igen, og send den nye formular.'],
      'cross-site': ['Åbn linket direkte fra e-mailen fra os, og send formularen derfra.'],
    },
  },
  results: {
    slotsConfirmed: 'Tak for jeres svar',
    declined: 'Tak for jeres svar',
    internshipRecorded: 'Meldingen er registreret',
    slotsConfirmedLines: (slots: number, eventDate: string) => [
      `I har taget ${plural('da', slots, 'plads', 'pladser')} ved matcharrangementet ${eventDate}.`,
      'Når svarfristen er udløbet, får I en mødeplan med tidspunkter, kandidatkoder og navne.',
      'I kan ændre jeres svar via linket i e-mailen indtil svarfristen.',
    ],
    declinedLines: (eventDate?: string) => [
      `I har svaret, at I ikke deltager i matcharrangementet${eventDate ? ` ${eventDate}` : ''}.`,
      'Vi kontakter jer ikke mere om dette arrangement. I kan ændre jeres svar via linket i e-mailen indtil svarfristen.',
    ],
    internshipRecordedLines: (r: Pick<InternshipReportSummary, 'code' | 'name' | 'status'>, detail?: { type: string; startDate: string; weeks: string }) => [
      detail
        ? `${r.name ? `${r.code} ${r.name}` : r.code}: ${r.status === 'offered' ? 'tilbudt' : 'startet i'} ${detail.type.toLowerCase()} fra ${detail.startDate}, ${detail.weeks}.`
        : `${r.name ? `${r.code} ${r.name}` : r.code} er registreret som ${r.status === 'offered' ? 'tilbudt en plads' : 'startet'}.`,
      r.status === 'offered' ? 'Meld igen via samme link, når kandidaten starter.' : 'Tak. Starten er registreret hos Jobcenter København.',
    ],
    anotherReport: 'Meld for en anden kandidat',
  },
  messages: {
    invalidNumber: 'Skriv antallet af pladser som et helt tal, fx 2. Skriv 0, hvis I ikke kan deltage.',
    overCompanyCap: (max: number) => `I kan højst tage ${plural('da', max, 'plads', 'pladser')}. Skriv et tal fra 0 til ${formatCount(max, 'da')}.`,
    noSlotsLeft: (left: number, maxForYou: number) =>
      left <= 0
        ? 'Der er desværre ikke flere ledige pladser ved arrangementet. Skriv 0, eller kontakt konsulenten for pilotprojektet.'
        : `Der er kun ${plural('da', left, 'ledig plads', 'ledige pladser')} tilbage ved arrangementet. Skriv et tal fra 0 til ${formatCount(Math.min(left, maxForYou), 'da')}.`,
    deadlinePassed: (deadline: string) => `Svarfristen var ${deadline}. Kontakt konsulenten for pilotprojektet, hvis I stadig vil deltage.`,
    required: {
      slots: 'Skriv antallet af pladser.',
      candidate: 'Vælg den kandidat, meldingen gælder.',
      status: 'Vælg, om kandidaten er tilbudt en plads eller er startet.',
      type: 'Vælg typen: virksomhedspraktik, job med løntilskud eller ordinært job.',
      startDate: 'Skriv startdatoen.',
      weeks: 'Skriv antal uger.',
    },
    unknownCandidate: 'Vælg en af de kandidater, I mødte ved arrangementet.',
    invalidDate: 'Skriv startdatoen som en rigtig dato, fx 2021-02-01.',
    dateOutsideWindow: (windowEnds: string) => `Startdatoen skal ligge senest ${windowEnds}.`,
    dateBeforeEvent: (eventDate: string) => `Startdatoen kan ikke ligge før matcharrangementet ${eventDate}.`,
    weeksRange: 'Skriv antal uger som et helt tal fra 1 til 52.',
    alreadyStarted: (code: string) =>
      `${code} er allerede meldt startet. Et tilbud kan ikke erstatte en start. Kontakt konsulenten, hvis starten er meldt ved en fejl.`,
    windowClosed: (windowEnds: string) => `Perioden for at melde praktik og job sluttede ${windowEnds}. Kontakt konsulenten for pilotprojektet.`,
  },
};

export type PagePhrases = typeof da;
