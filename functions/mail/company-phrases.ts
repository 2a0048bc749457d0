import type { InternshipStatus, InternshipType } from '../domain/company.js';
import { formatCount, formatDate, type Language } from './i18n.js';

// Every sentence the partner companies read: the invitation and its
// reminders, the schedule after the response deadline, and the pages behind
// the signed links in those e-mails. Danish is written as the job centre
// writes to a small company with no HR department: plain, polite, "I" and
// "jeres" throughout. The consultant's copy of the schedule uses "du", as the
// management e-mails do. The English table is typed as the Danish one, so a
// phrase cannot exist in one language only. Dates come in as calendar dates
// (YYYY-MM-DD) and are formatted here.

const LOCALE: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

/** The clock time of an instant in Copenhagen: "09.00" / "09:00". */
export const formatTime = (instant: string, language: Language): string => {
  const t = new Date(instant);
  return Number.isNaN(t.getTime())
    ? instant
    : new Intl.DateTimeFormat(LOCALE[language], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Copenhagen' }).format(t);
};

/** A wall-clock time given as "09:00", written as the language writes it: "09.00" / "09:00". */
export const formatClock = (time: string, language: Language): string =>
  /^\d{1,2}:\d{2}$/.test(time) && language === 'da' ? time.replace(':', '.') : time;

/** A calendar date without its year ("4. januar" / "4 January"), for a date in the same year as one already shown. */
export const formatDayMonth = (date: string, language: Language): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))
    ? new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
    : date;

/** A deadline shown beside another date: without the year when both are in the same year. */
export const formatDeadlineNear = (deadline: string, other: string, language: Language): string =>
  deadline.slice(0, 4) === other.slice(0, 4) ? formatDayMonth(deadline, language) : formatDate(deadline, language);

const plural = (language: Language, n: number, one: string, many: string) => `${formatCount(n, language)} ${n === 1 ? one : many}`;

export type InternshipReportSummary = { code: string; name?: string; status: InternshipStatus; type: InternshipType; startDate: string; weeks: number };

const da = {
  sender: 'Jobcenter København',
  service: 'Pilotprojekter',
  slots: (n: number) => plural('da', n, 'plads', 'pladser'),
  candidates: (n: number) => plural('da', n, 'kandidat', 'kandidater'),
  meetings: (n: number) => plural('da', n, 'møde', 'møder'),
  companies: (n: number) => plural('da', n, 'virksomhed', 'virksomheder'),
  weeks: (n: number) => plural('da', n, 'uge', 'uger'),
  minutes: (n: number) => plural('da', n, 'minut', 'minutter'),
  at: (time: string) => `kl. ${time}`,
  timeSpan: (from: string, to: string) => `kl. ${from}–${to}`,

  targetGroups: {
    academics: 'Akademikere',
    'unemployed-academics': 'Ledige akademikere',
    'job-ready-academics': 'Jobparate akademikere',
    'unemployed-50-plus': 'Ledige over 50 år',
    'activity-ready': 'Aktivitetsparate borgere',
    'activity-ready-30-plus': 'Aktivitetsparate borgere over 30 år',
    unskilled: 'Ufaglærte',
  } as Record<string, string>,
  internshipType: {
    internship: 'Virksomhedspraktik',
    'wage-subsidy': 'Job med løntilskud',
    'ordinary-job': 'Ordinært job',
  } satisfies Record<InternshipType, string>,
  internshipStatus: {
    offered: 'Tilbudt',
    started: 'Startet',
  } satisfies Record<InternshipStatus, string>,

  invitation: {
    // The pilot is named first: a company invited to two pilots must tell the mails apart in its inbox.
    subject: (reminder: 0 | 1 | 2, pilot: string, eventDate: string, deadline: string) =>
      `${reminder === 0 ? 'Invitation' : reminder === 1 ? 'Påmindelse' : 'Sidste påmindelse'}: «${pilot}», matcharrangement ${eventDate} – svar senest ${deadline}`,
    title: (pilot: string) => `Invitation til matcharrangement i pilotprojektet «${pilot}»`,
    preheader: (candidates: string, deadline: string) => `Mød ${candidates}. Svar senest ${deadline}, hvor mange I vil møde.`,
    greeting: (name: string) => `Kære ${name}`,
    label: { 0: 'Invitation', 1: 'Påmindelse', 2: 'Sidste påmindelse' } as Record<0 | 1 | 2, string>,
    calloutTitle: (reminder: 0 | 1 | 2, eventDate: string) =>
      reminder === 0 ? `Matcharrangement ${eventDate}` : 'Vi mangler jeres svar',
    calloutLine: (reminder: 0 | 1 | 2, deadline: string) =>
      reminder === 0
        ? `Svar senest ${deadline}, hvor mange kandidater I vil møde.`
        : reminder === 1
          ? `Svarfristen er ${deadline}. Svar gerne, også hvis I ikke kan deltage.`
          : `Svarfristen er ${deadline}, om 2 dage. Svar gerne, også hvis I ikke kan deltage.`,
    intro: (company: string, pilot: string, partner: string) =>
      `Jobcenter København inviterer ${company} til et matcharrangement i pilotprojektet «${pilot}», som vi gennemfører sammen med ${partner}. Her møder I kandidater, der har gennemført et kort, jobrettet opkvalificeringsforløb, til korte samtaler på tomandshånd. Målet er, at nogle af dem kan komme i virksomhedspraktik, job med løntilskud eller ordinært job hos jer.`,
    eventHeading: 'Arrangementet',
    date: 'Dato',
    firstMeeting: 'Første møde',
    location: 'Sted',
    meetingLength: 'Længde af et møde',
    deadline: 'Svarfrist',
    candidatesHeading: 'Kandidaterne',
    expected: (n: number) =>
      n === 1 ? 'Vi forventer, at 1 certificeret kandidat deltager.' : `Vi forventer, at ${formatCount(n, 'da')} certificerede kandidater deltager.`,
    course: 'Forløb',
    certification: 'Certificering',
    targetGroupsLabel: 'Målgrupper',
    noNames:
      'Af hensyn til databeskyttelse indeholder invitationen ingen oplysninger om de enkelte kandidater. I får kandidatkode og navn i mødeplanen, når svarfristen er udløbet.',
    slotsHeading: 'Hvor mange pladser tager I?',
    slotExplained: (minutes: string) => `En plads er ét møde på ${minutes} med én kandidat.`,
    maxSlots: (slots: string) => `I kan tage op til ${slots}.`,
    declineIsFine: 'Kan I ikke være med denne gang, så svar 0. Det er også et godt svar, for så kan vi planlægge efter det.',
    current: (slots: string, deadline: string) =>
      `I har allerede svaret: ${slots}. Svarfristen er forlænget, så I kan ændre jeres svar indtil ${deadline}.`,
    currentDeclined: (deadline: string) =>
      `I har allerede svaret, at I ikke kan deltage. Svarfristen er forlænget, så I kan ændre jeres svar indtil ${deadline}.`,
    button: 'Svar: hvor mange pladser tager I?',
    afterDeadline: (deadline: string) =>
      `Svar senest ${deadline}. Når fristen er udløbet, fordeler vi kandidaterne på de pladser, virksomhederne har taget, og I får en mødeplan med tidspunkter, kandidatkoder og navne.`,
    webhook: 'I kan også svare fra jeres eget system via jeres webhook-integration.',
    linkNote: 'Linket gælder kun for jeres virksomhed. Brug altid linket i den nyeste e-mail fra os.',
    footer: (pilot: string) => [
      `Denne e-mail er sendt automatisk af Jobcenter København i pilotprojektet «${pilot}».`,
      'Har I spørgsmål, så kontakt konsulenten for pilotprojektet i Jobcenter København.',
    ],
  },

  schedule: {
    companySubject: (eventDate: string, pilot: string) => `Jeres mødeplan: matcharrangement ${eventDate} – «${pilot}»`,
    consultantSubject: (eventDate: string, pilot: string) => `Mødeplan for matcharrangementet ${eventDate} i pilotprojektet «${pilot}»`,
    companyTitle: 'Jeres mødeplan til matcharrangementet',
    consultantTitle: (pilot: string) => `Mødeplan: «${pilot}»`,
    companyGreeting: (name: string) => `Kære ${name}`,
    consultantGreeting: (name: string) => `Hej ${name}`,
    label: 'Mødeplan',
    calloutTitle: (meetings: string, eventDate: string) => `${meetings} ${eventDate}`,
    span: (from: string, to: string) => `Fra kl. ${from} til kl. ${to}.`,
    where: (location: string) => `Sted: ${location}.`,
    companyIntro: (pilot: string) =>
      `Tak fordi I deltager i matcharrangementet i pilotprojektet «${pilot}». Her er jeres møder. Hvert møde er med én kandidat.`,
    noMeetings:
      'Vi har desværre ikke kunnet sætte kandidater på jeres pladser denne gang. Konsulenten for pilotprojektet kontakter jer, hvis det ændrer sig.',
    consultantIntro: 'Alle virksomheders møder ved matcharrangementet, fordelt efter svarfristen.',
    columns: ['Tidspunkt', 'Kandidatkode', 'Navn'],
    figures: 'Overblik',
    meetingsCount: 'Møder',
    candidatesMet: 'Kandidater, der møder mindst én virksomhed',
    companiesCount: 'Virksomheder',
    time: 'Tidsrum',
    location: 'Sted',
    companyHeading: (company: string, meetings: string) => `${company} (${meetings})`,
    calendarCompany: 'Møderne er også vedhæftet som kalenderfil (match-event.ics), som I kan åbne i jeres kalender.',
    calendarConsultant: 'Arrangementet er vedhæftet som kalenderfil (match-event.ics).',
    personalCompany:
      'Kandidaternes navne og koder er kun til brug ved arrangementet og til jeres indberetning bagefter. Del dem ikke med andre.',
    personalConsultant: 'Mødeplanen indeholder kandidaternes navne. Del den kun med dem, der skal bruge den.',
    reportHeading: 'Efter arrangementet: meld praktik og job',
    reportIntro: (reportBy: string) =>
      `Når I tilbyder en kandidat en plads, og når kandidaten starter, så meld det via linket nedenfor senest ${reportBy}. For hver kandidat oplyser I:`,
    reportItems: [
      'kandidatkoden fra mødeplanen',
      'om kandidaten er tilbudt en plads eller er startet',
      'typen: virksomhedspraktik, job med løntilskud eller ordinært job',
      'startdatoen',
      'antal uger',
    ],
    reportNote: 'Meld først tilbuddet og senere starten. En start erstatter tilbuddet til samme kandidat.',
    reportButton: 'Meld praktik og job',
    icsCompanySummary: (code: string, name: string) => `Matchmøde med ${code} ${name}`,
    icsCompanyDescription: (pilot: string, code: string) => `Matcharrangement i pilotprojektet «${pilot}». Kandidatkode: ${code}.`,
    icsConsultantSummary: (pilot: string) => `Matcharrangement: ${pilot}`,
    icsConsultantDescription: (meetings: string, companies: string) => `${meetings} med ${companies}.`,
    footer: (pilot: string) => [`Denne e-mail er sendt automatisk af Jobcenter København i pilotprojektet «${pilot}».`],
  },

  pages: {
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
        replayed:
          'Denne formular er allerede blevet sendt én gang, og den kan ikke sendes igen. Det forhindrer, at det samme svar bliver registreret to gange.',
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
        r.status === 'offered'
          ? 'Meld igen via samme link, når kandidaten starter.'
          : 'Tak. Starten er registreret hos Jobcenter København.',
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
      alreadyStarted: (code: string) => `${code} er allerede meldt startet. Et tilbud kan ikke erstatte en start. Kontakt konsulenten, hvis starten er meldt ved en fejl.`,
      windowClosed: (windowEnds: string) => `Perioden for at melde praktik og job sluttede ${windowEnds}. Kontakt konsulenten for pilotprojektet.`,
    },
  },
};

export type CompanyPhrases = typeof da;

const en: CompanyPhrases = {
  sender: 'Jobcenter København (Copenhagen Job Centre)',
  service: 'Pilot projects',
  slots: (n) => plural('en', n, 'slot', 'slots'),
  candidates: (n) => plural('en', n, 'candidate', 'candidates'),
  meetings: (n) => plural('en', n, 'meeting', 'meetings'),
  companies: (n) => plural('en', n, 'company', 'companies'),
  weeks: (n) => plural('en', n, 'week', 'weeks'),
  minutes: (n) => plural('en', n, 'minute', 'minutes'),
  at: (time) => `at ${time}`,
  timeSpan: (from, to) => `${from}–${to}`,

  targetGroups: {
    academics: 'Academics',
    'unemployed-academics': 'Unemployed academics',
    'job-ready-academics': 'Job-ready academics',
    'unemployed-50-plus': 'Unemployed people over 50',
    'activity-ready': 'Activity-ready citizens',
    'activity-ready-30-plus': 'Activity-ready citizens over 30',
    unskilled: 'Unskilled workers',
  },
  internshipType: {
    internship: 'Internship',
    'wage-subsidy': 'Wage-subsidy job (løntilskud)',
    'ordinary-job': 'Ordinary job',
  },
  internshipStatus: {
    offered: 'Offered',
    started: 'Started',
  },

  invitation: {
    subject: (reminder, pilot, eventDate, deadline) =>
      `${reminder === 0 ? 'Invitation' : reminder === 1 ? 'Reminder' : 'Last reminder'}: «${pilot}», match event ${eventDate} – answer by ${deadline}`,
    title: (pilot) => `Invitation to a match event in the pilot project «${pilot}»`,
    preheader: (candidates, deadline) => `Meet ${candidates}. Tell us by ${deadline} how many you will meet.`,
    greeting: (name) => `Dear ${name},`,
    label: { 0: 'Invitation', 1: 'Reminder', 2: 'Last reminder' },
    calloutTitle: (reminder, eventDate) => (reminder === 0 ? `Match event on ${eventDate}` : 'We are still waiting for your answer'),
    calloutLine: (reminder, deadline) =>
      reminder === 0
        ? `Please tell us by ${deadline} how many candidates you will meet.`
        : reminder === 1
          ? `The deadline is ${deadline}. Please answer, even if you cannot take part.`
          : `The deadline is ${deadline}, in 2 days. Please answer, even if you cannot take part.`,
    intro: (company, pilot, partner) =>
      `Jobcenter København invites ${company} to a match event in the pilot project «${pilot}», which we run together with ${partner}. At the event you meet candidates who have completed a short, job-specific upskilling course, in short one-to-one meetings. The aim is that some of them get an internship, a wage-subsidy job or an ordinary job with you.`,
    eventHeading: 'The event',
    date: 'Date',
    firstMeeting: 'First meeting',
    location: 'Location',
    meetingLength: 'Length of a meeting',
    deadline: 'Deadline to answer',
    candidatesHeading: 'The candidates',
    expected: (n) =>
      n === 1 ? 'We expect 1 certified candidate to take part.' : `We expect ${formatCount(n, 'en')} certified candidates to take part.`,
    course: 'Course',
    certification: 'Certification',
    targetGroupsLabel: 'Target groups',
    noNames:
      'For data protection, this invitation holds no information about individual candidates. You will get their candidate codes and names in the schedule after the deadline.',
    slotsHeading: 'How many slots will you take?',
    slotExplained: (minutes) => `One slot is one meeting of ${minutes} with one candidate.`,
    maxSlots: (slots) => `You may take up to ${slots}.`,
    declineIsFine: 'If you cannot take part this time, answer 0. That is a fine answer too: it helps us plan.',
    current: (slots, deadline) => `You have already answered: ${slots}. The deadline has been extended, so you can change your answer until ${deadline}.`,
    currentDeclined: (deadline) =>
      `You have already answered that you cannot take part. The deadline has been extended, so you can change your answer until ${deadline}.`,
    button: 'Answer: how many slots will you take?',
    afterDeadline: (deadline) =>
      `Please answer by ${deadline}. After the deadline we place the candidates in the slots the companies have taken, and you get a schedule with times, candidate codes and names.`,
    webhook: 'You can also answer from your own system through your webhook integration.',
    linkNote: 'The link is for your company only. Always use the link in the newest e-mail from us.',
    footer: (pilot) => [
      `This e-mail was sent automatically by Jobcenter København for the pilot project «${pilot}».`,
      'If you have questions, please contact the pilot project’s consultant at Jobcenter København.',
    ],
  },

  schedule: {
    companySubject: (eventDate, pilot) => `Your schedule: match event ${eventDate} – «${pilot}»`,
    consultantSubject: (eventDate, pilot) => `Schedule of the match event on ${eventDate} in the pilot project «${pilot}»`,
    companyTitle: 'Your schedule for the match event',
    consultantTitle: (pilot) => `Schedule: «${pilot}»`,
    companyGreeting: (name) => `Dear ${name},`,
    consultantGreeting: (name) => `Hello ${name},`,
    label: 'Schedule',
    calloutTitle: (meetings, eventDate) => `${meetings} on ${eventDate}`,
    span: (from, to) => `From ${from} to ${to}.`,
    where: (location) => `Location: ${location}.`,
    companyIntro: (pilot) =>
      `Thank you for taking part in the match event of the pilot project «${pilot}». Here are your meetings. Each meeting is with one candidate.`,
    noMeetings:
      'Unfortunately we could not place candidates in your slots this time. The pilot project’s consultant will contact you if that changes.',
    consultantIntro: "Every company's meetings at the match event, as scheduled after the response deadline.",
    columns: ['Time', 'Candidate code', 'Name'],
    figures: 'Overview',
    meetingsCount: 'Meetings',
    candidatesMet: 'Candidates meeting at least one company',
    companiesCount: 'Companies',
    time: 'Time',
    location: 'Location',
    companyHeading: (company, meetings) => `${company} (${meetings})`,
    calendarCompany: 'The meetings are also attached as a calendar file (match-event.ics) that you can open in your calendar.',
    calendarConsultant: 'The event is attached as a calendar file (match-event.ics).',
    personalCompany:
      "The candidates' names and codes are only for the event and for your report afterwards. Please do not share them with others.",
    personalConsultant: "The schedule holds the candidates' names. Share it only with those who need it.",
    reportHeading: 'After the event: report internships and jobs',
    reportIntro: (reportBy) =>
      `When you offer a candidate a position, and when the candidate starts, please report it through the link below by ${reportBy}. For each candidate you give:`,
    reportItems: [
      'the candidate code from the schedule',
      'whether the candidate has been offered a position or has started',
      'the type: internship, wage-subsidy job (løntilskud) or ordinary job',
      'the start date',
      'the number of weeks',
    ],
    reportNote: 'Report the offer first and the start later. A start replaces the offer for the same candidate.',
    reportButton: 'Report internships and jobs',
    icsCompanySummary: (code, name) => `Match meeting with ${code} ${name}`,
    icsCompanyDescription: (pilot, code) => `Match event of the pilot project «${pilot}». Candidate code: ${code}.`,
    icsConsultantSummary: (pilot) => `Match event: ${pilot}`,
    icsConsultantDescription: (meetings, companies) => `${meetings} with ${companies}.`,
    footer: (pilot) => [`This e-mail was sent automatically by Jobcenter København for the pilot project «${pilot}».`],
  },

  pages: {
    switchTo: 'Dansk',
    switchLang: 'da',
    errorSummary: 'There is a problem',
    errorPrefix: 'Error',
    sentBy: 'On behalf of Jobcenter København',
    slots: {
      title: 'How many slots will you take?',
      intro: (company, pilot) => `${company} is invited to the match event of the pilot project «${pilot}».`,
      eventDate: 'Match event',
      location: 'Location',
      candidates: 'Candidates',
      deadline: 'Deadline to answer',
      maxSlots: 'You may take up to',
      current: (slots) => `Your answer so far: ${slots}. You can change it until the deadline.`,
      currentDeclined: 'Your answer so far: you cannot take part. You can change it until the deadline.',
      label: 'Number of slots',
      hint: (max, minutes) =>
        `Enter a number from 0 to ${max}. One slot is one meeting${minutes ? ` of ${minutes}` : ''} with one candidate. Enter 0 if you cannot take part.`,
      submit: 'Send answer',
    },
    internship: {
      title: 'Report an internship or job',
      intro: (company, pilot) =>
        `Here ${company} reports when you offer a candidate from the match event of the pilot project «${pilot}» a position, and when the candidate starts.`,
      window: (date) => `Please report by ${date}.`,
      metHeading: 'Candidates you met',
      columns: ['Candidate', 'Reported so far'],
      nothingReported: 'Nothing reported',
      reported: (status, type, startDate, weeks) => `${status}: ${type.toLowerCase()} from ${startDate}, ${weeks}`,
      formHeading: 'New report',
      candidate: 'Candidate',
      chooseCandidate: 'Choose a candidate',
      status: 'What are you reporting?',
      statusOptions: { offered: 'The candidate has been offered a position', started: 'The candidate has started' },
      type: 'Type',
      chooseType: 'Choose a type',
      startDate: 'Start date',
      startDateHint: 'The day the candidate starts or is to start.',
      weeks: 'Number of weeks',
      weeksHint: 'A whole number from 1 to 52.',
      submit: 'Send report',
      noCandidates: 'There are no candidates to report for. Please contact the pilot project’s consultant at Jobcenter København if this is a mistake.',
      startReplaces: 'A start replaces an offer for the same candidate.',
    },
    refusal: {
      titles: {
        invalid: 'The link does not work',
        expired: 'The link has expired',
        replayed: 'The form has already been sent',
        closed: 'Answers are closed',
        'not-invited': 'The link does not match your company',
        'stale-form': 'The form is too old',
        'cross-site': 'The form came from another site',
      },
      reasons: {
        invalid: 'The link is incomplete or has been changed. This can happen when only part of the address was copied.',
        expired: 'The link can only be used for a limited period, and that period is over.',
        replayed: 'This form has already been sent once and cannot be sent again. This keeps the same answer from being recorded twice.',
        closed: 'The deadline has passed or the pilot project has ended, so the link can no longer be used to answer.',
        'not-invited': 'Your company is not invited to this match event, or the invitation has been withdrawn.',
        'stale-form': 'We did not show this form recently: it is more than a day old or does not belong to this link. Nothing has been recorded.',
        'cross-site': 'The form was sent from a website other than ours. For your safety, nothing has been recorded.',
      },
      whatToDo: 'What you can do',
      actions: {
        invalid: ['Open the link directly from the newest e-mail from us.', 'If it still does not work, contact the pilot project’s consultant at Jobcenter København.'],
        expired: ['Use the link in the newest e-mail from us.', 'If you have not had a newer e-mail, contact the pilot project’s consultant at Jobcenter København.'],
        replayed: [
          'Open the link in the e-mail again to see your answer or change it.',
          'If you are unsure what has been recorded, contact the pilot project’s consultant at Jobcenter København.',
        ],
        closed: ['Contact the pilot project’s consultant at Jobcenter København if you still want to answer or report something.'],
        'not-invited': ['Use the link in the newest e-mail from us.', 'Contact the pilot project’s consultant at Jobcenter København if you think this is a mistake.'],
        'stale-form': ['Open the link in the e-mail again and send the new form.'],
        'cross-site': ['Open the link directly from our e-mail and send the form from there.'],
      },
    },
    results: {
      slotsConfirmed: 'Thank you for your answer',
      declined: 'Thank you for your answer',
      internshipRecorded: 'The report has been recorded',
      slotsConfirmedLines: (slots, eventDate) => [
        `You have taken ${plural('en', slots, 'slot', 'slots')} at the match event on ${eventDate}.`,
        'After the deadline you get a schedule with times, candidate codes and names.',
        'You can change your answer through the link in the e-mail until the deadline.',
      ],
      declinedLines: (eventDate) => [
        `You have answered that you will not take part in the match event${eventDate ? ` on ${eventDate}` : ''}.`,
        'We will not contact you again about this event. You can change your answer through the link in the e-mail until the deadline.',
      ],
      internshipRecordedLines: (r, detail) => [
        detail
          ? `${r.name ? `${r.code} ${r.name}` : r.code}: ${r.status === 'offered' ? 'offered' : 'started'} ${detail.type.toLowerCase()} from ${detail.startDate}, ${detail.weeks}.`
          : `${r.name ? `${r.code} ${r.name}` : r.code} has been recorded as ${r.status === 'offered' ? 'offered a position' : 'started'}.`,
        r.status === 'offered' ? 'Please report again through the same link when the candidate starts.' : 'Thank you. The start has been recorded at Jobcenter København.',
      ],
      anotherReport: 'Report for another candidate',
    },
    messages: {
      invalidNumber: 'Enter the number of slots as a whole number, e.g. 2. Enter 0 if you cannot take part.',
      overCompanyCap: (max) => `You may take at most ${plural('en', max, 'slot', 'slots')}. Enter a number from 0 to ${formatCount(max, 'en')}.`,
      noSlotsLeft: (left, maxForYou) =>
        left <= 0
          ? 'Unfortunately there are no free slots left at the event. Enter 0, or contact the pilot project’s consultant.'
          : `Only ${plural('en', left, 'free slot is', 'free slots are')} left at the event. Enter a number from 0 to ${formatCount(Math.min(left, maxForYou), 'en')}.`,
      deadlinePassed: (deadline) => `The deadline was ${deadline}. Contact the pilot project’s consultant if you still want to take part.`,
      required: {
        slots: 'Enter the number of slots.',
        candidate: 'Choose the candidate the report is about.',
        status: 'Choose whether the candidate has been offered a position or has started.',
        type: 'Choose the type: internship, wage-subsidy job or ordinary job.',
        startDate: 'Enter the start date.',
        weeks: 'Enter the number of weeks.',
      },
      unknownCandidate: 'Choose one of the candidates you met at the event.',
      invalidDate: 'Enter the start date as a real date, e.g. 2021-02-01.',
      dateOutsideWindow: (windowEnds) => `The start date must be on or before ${windowEnds}.`,
      dateBeforeEvent: (eventDate) => `The start date cannot be before the match event on ${eventDate}.`,
      weeksRange: 'Enter the number of weeks as a whole number from 1 to 52.',
      alreadyStarted: (code) => `${code} has already been reported as started. An offer cannot replace a start. Contact the consultant if the start was reported by mistake.`,
      windowClosed: (windowEnds) => `The period for reporting internships and jobs ended on ${windowEnds}. Please contact the pilot project’s consultant.`,
    },
  },
};

const TABLES: Record<Language, CompanyPhrases> = { da, en };

export const companyPhrases = (language: Language): CompanyPhrases => TABLES[language];

/** A target group's name for a reader; a slug with no name yet is shown as words ("long-term-unemployed" → "Long term unemployed"). */
export const targetGroupName = (slug: string, language: Language): string => {
  const name = TABLES[language].targetGroups[slug];
  if (name) return name;
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toLocaleUpperCase(LOCALE[language]) + words.slice(1);
};

export { formatCount, formatDate, type Language };
