import type { InternshipStatus, InternshipType } from '../../domain/company.js';
import { formatCount, plural } from '../format.js';

// Every sentence the partner companies read in their e-mails, in Danish (the
// default): the invitation and its reminders, and the schedule after the
// response deadline, with the words the link pages share
// (functions/http/company-pages). Danish is written as the job centre writes
// to a small company with no HR department: plain, polite, "I" and "jeres"
// throughout. The consultant's copy of the schedule uses "du", as the
// management e-mails do. The English table (company-en.ts) is typed as this
// one, so a phrase cannot exist in one language only. Dates come in already
// formatted (../format.ts).

export const da = {
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
    calloutTitle: (reminder: 0 | 1 | 2, eventDate: string) => (reminder === 0 ? `Matcharrangement ${eventDate}` : 'Vi mangler jeres svar'),
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
    current: (slots: string, deadline: string) => `I har allerede svaret: ${slots}. Svarfristen er forlænget, så I kan ændre jeres svar indtil ${deadline}.`,
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
    noMeetings: 'Vi har desværre ikke kunnet sætte kandidater på jeres pladser denne gang. Konsulenten for pilotprojektet kontakter jer, hvis det ændrer sig.',
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
    personalCompany: 'Kandidaternes navne og koder er kun til brug ved arrangementet og til jeres indberetning bagefter. Del dem ikke med andre.',
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
};

export type CompanyPhrases = typeof da;
