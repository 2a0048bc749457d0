import { dateInCopenhagen } from '../domain/calendar.js';
import type { CloseCause, EmploymentNotMeasured, FollowUpOutcome, MilestoneMetric, Recommendation } from '../domain/evaluation.js';
import type { Phase, WaitFor } from '../domain/lifecycle.js';
import type { ExamResult } from '../domain/vouchers.js';
import type { EscalationRisk } from '../domain/risks.js';

// Every sentence the management e-mails say, in Danish (the default) and
// English. Danish is written as the administration writes to its managers:
// formal but plain, "du" to the consultant, æøå, "pr." and "kr.". The English
// table is typed as the Danish one, so a phrase cannot exist in one language
// only. Numbers come in already formatted (formatRatio, formatPercent,
// formatDkk from the domain); dates are formatted here.

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LOCALE: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as read in the language: "15. marts 2021" / "15 March 2021". Anything not a date is returned as it is. */
export const formatDate = (date: string, language: Language): string =>
  DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))
    ? new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${date}T00:00:00Z`),
      )
    : date;

/**
 * A deadline instant as the last Copenhagen day to act. Deadlines are the
 * instant a day ends (lifecycle.ts `deadlineOf`: 00:00 of the next day), so
 * the date just before the instant is the one to show: a deadline of
 * 2021-01-27T23:00Z is "27. januar 2021", not the 28th.
 */
export const formatDeadline = (instant: string, language: Language): string => {
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? instant : formatDate(dateInCopenhagen(new Date(t.getTime() - 1)), language);
};

/** A count in the language's digit grouping: 1.600 / 1,600. */
export const formatCount = (n: number, language: Language): string => new Intl.NumberFormat(LOCALE[language]).format(n);

/** The ISO 8601 week number of a calendar date: Danish workplaces speak of "uge 11". */
export const isoWeek = (date: string): { week: number; year: number } => {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of the same week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return { week: 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000)), year };
};

type Details = Record<string, number | string>;
const num = (d: Details, key: string): string | undefined => (d[key] === undefined ? undefined : String(d[key]));

const da = {
  sender: 'Jobcenter København · Pilotprojekter',
  footerAutomatic: 'Denne e-mail er sendt automatisk af systemet, der styrer pilotprojekterne.',
  footerCountsOnly: 'Den indeholder kun antal og ingen oplysninger om enkelte borgere.',
  people: (n: number) => (n === 1 ? '1 deltager' : `${n} deltagere`),

  recommendation: {
    continue: 'Fortsæt og indarbejd i det faste tilbud',
    adjust: 'Justér og gentag',
    close: 'Luk ned',
    uncertain: 'Ingen anbefaling: resultatet er usikkert',
  } satisfies Record<Recommendation, string>,
  recommendationShort: {
    continue: 'Fortsæt',
    adjust: 'Justér og gentag',
    close: 'Luk ned',
    uncertain: 'Usikkert resultat',
  } satisfies Record<Recommendation, string>,

  outcome: {
    subject: (name: string, short: string, closedEarly: boolean) =>
      `Resultat af pilotprojektet «${name}»${closedEarly ? ' (lukket før tid)' : ''}: ${short}`,
    title: (name: string) => `Resultat af pilotprojektet «${name}»`,
    preheader: (recommendation: string, employment: string) => `${recommendation}. I ordinær beskæftigelse: ${employment}.`,
    recommendationLabel: 'Anbefaling',
    overrideLabel: 'Anbefaling, ændret af konsulenten',
    employmentVsTarget: (employment: string) => `I ordinær beskæftigelse: ${employment}.`,
    because: {
      continue: (target: string) => `Det er på eller over målet på ${target}.`,
      adjust: (target: string) => `Det er under målet på ${target}, men mindst halvdelen af det.`,
      close: (target: string) => `Det er under halvdelen af målet på ${target}.`,
      uncertain: (target: string) => `Målet er ${target}.`,
    },
    uncertainUnknown: (unknown: string) =>
      `Resultatet er usikkert, fordi udfaldet er ukendt for mere end en tredjedel af deltagerne: ${unknown}.`,
    uncertainNoneStarted: 'Resultatet er usikkert, fordi ingen deltagere startede på forløbet. Der er ikke noget resultat at måle.',
    uncertainNotClose: 'Det er ikke en anbefaling om at lukke pilotprojektet. Registrér de manglende opfølgninger, så resultatet kan vurderes igen.',
    notMeasured: {
      'closed-before-follow-up':
        'Beskæftigelsen er ikke målt: pilotprojektet blev lukket før opfølgningen, så ingen har registreret, om deltagerne kom i job.',
      'no-follow-up-recorded': 'Beskæftigelsen er ikke målt: der blev ikke registreret nogen opfølgning for deltagerne.',
    } satisfies Record<EmploymentNotMeasured, string>,
    notMeasuredTarget: (target: string) =>
      `Der er derfor intet beskæftigelsestal at holde op mod målet på ${target}. Nedenfor står, hvad pilotprojektet nåede, og hvad det kostede.`,
    notMeasuredShort: 'Beskæftigelsen er ikke målt',
    funnelSoFar: 'Hvad pilotprojektet nåede',
    computedLabel: 'Anbefaling beregnet ud fra tallene',
    overriddenBy: (by: string) => `Ændret af: ${by}`,
    reason: (reason: string) => `Begrundelse: ${reason}`,
    closedEarlyLabel: 'Bemærk',
    closedEarlyTitle: 'Pilotprojektet blev lukket før tid',
    closeCause: {
      consultant: 'Lukket af projektlederen.',
      'too-few': 'Der var for få deltagere ved rekrutteringens afslutning, og der blev ikke truffet en beslutning inden fristen.',
      'no-company':
        'Ingen virksomhed bekræftede en plads ved matcharrangementet, og der blev ikke truffet en beslutning inden fristen. Derfor er der ingen effekt at vurdere.',
    } satisfies Record<CloseCause, string>,
    intro: (partner: string) =>
      `Samarbejdspartner: ${partner}. Tallene nedenfor er optalt automatisk ud fra det, der er registreret i pilotprojektet.`,
    keyFigures: 'Nøgletal',
    employmentRate: 'I ordinær beskæftigelse (af dem, der startede)',
    amongCompleted: 'I ordinær beskæftigelse (af dem, der gennemførte)',
    fullTime: 'På fuld tid (af dem, der startede)',
    unknown: 'Ukendt situation ved opfølgningen',
    target: 'Mål for andelen i ordinær beskæftigelse',
    definition:
      'Ordinær beskæftigelse er et job på fuld tid eller deltid uden løntilskud. Deltagere, der er faldet fra, tæller med blandt dem, der startede.',
    funnel: 'Fra rekruttering til job',
    funnelStages: {
      recruited: 'Rekrutteret',
      started: 'Startede på forløbet',
      completed: 'Gennemførte forløbet',
      certifiedExam: 'Bestod certificeringen',
      certifiedDiploma: 'Fik diplom',
      matched: 'Matchet ved matcharrangementet',
      internshipOffered: 'Tilbudt praktik',
      internshipStarted: 'Startede i praktik',
      employed: 'I ordinær beskæftigelse',
    },
    situation: 'Deltagernes situation ved opfølgningen',
    situationNote: 'Af de deltagere, der startede på forløbet.',
    milestones: 'Delmål',
    milestoneColumns: ['Delmål', 'Senest', 'Mål', 'Faktisk', 'Status'],
    milestoneMetric: { screened: 'Screenet', enrolled: 'Tilmeldt', completed: 'Gennemført' } satisfies Record<MilestoneMetric, string>,
    met: 'Nået',
    notMet: 'Ikke nået',
    noMilestones: 'Der er ikke sat delmål for pilotprojektet.',
    companies: 'Virksomheder',
    companiesInvited: 'Inviterede virksomheder',
    companiesAnswered: 'Virksomheder, der har svaret',
    confirmedSlots: 'Bekræftede pladser ved matcharrangementet',
    offeredInternships: 'Tilbudte praktikpladser',
    cost: 'Økonomi',
    budget: 'Budget',
    perParticipant: 'Udgift pr. deltager, der startede',
    perJob: 'Udgift pr. deltager i ordinær beskæftigelse',
    attached: (filename: string) => `Tallene er også vedhæftet som CSV-fil (${filename}).`,
    csvSuffix: 'resultat',
    csvHeader: ['nøgletal', 'værdi'] as [string, string],
    preheaderNotMeasured: (recommendation: string) => `${recommendation}. Beskæftigelsen er ikke målt.`,
    // CSV metric names: stable, lower-case, no commas (no quoting needed).
    csv: {
      pilot: 'pilotprojekt',
      partner: 'samarbejdspartner',
      recommendation: 'anbefaling',
      computedRecommendation: 'beregnet anbefaling',
      closedEarly: 'lukket før tid',
      yes: 'ja',
      no: 'nej',
      recruited: 'rekrutteret',
      started: 'startede',
      completed: 'gennemførte',
      certifiedExam: 'bestod certificeringen',
      certifiedDiploma: 'fik diplom',
      matched: 'matchet ved matcharrangementet',
      internshipOffered: 'tilbudt praktik',
      internshipStarted: 'startede i praktik',
      employed: 'i ordinær beskæftigelse',
      employmentRate: 'beskæftigelsesandel af startede (%)',
      employedAmongCompleted: 'i ordinær beskæftigelse blandt gennemførte',
      employmentRateAmongCompleted: 'beskæftigelsesandel af gennemførte (%)',
      fullTime: 'på fuld tid',
      fullTimeRate: 'andel på fuld tid af startede (%)',
      unknown: 'ukendt situation',
      unknownRate: 'andel med ukendt situation af startede (%)',
      target: 'mål for beskæftigelsesandel (%)',
      situation: {
        'employed-full-time': 'opfølgning: ordinært job på fuld tid',
        'employed-part-time': 'opfølgning: ordinært job på deltid',
        'wage-subsidy': 'opfølgning: job med løntilskud',
        internship: 'opfølgning: virksomhedspraktik',
        education: 'opfølgning: uddannelse',
        unemployed: 'opfølgning: fortsat ledig',
        unknown: 'opfølgning: ukendt',
      } satisfies Record<FollowUpOutcome, string>,
      milestone: (metric: string, by: string, what: 'target' | 'actual') => `delmål ${metric} senest ${by} (${what === 'target' ? 'mål' : 'faktisk'})`,
      employmentMeasured: 'beskæftigelse målt',
      companiesInvited: 'inviterede virksomheder',
      companiesAnswered: 'virksomheder der har svaret',
      confirmedSlots: 'bekræftede pladser',
      offeredInternships: 'tilbudte praktikpladser',
      budget: 'budget (kr.)',
      perParticipant: 'udgift pr. startet deltager (kr.)',
      perJob: 'udgift pr. deltager i ordinær beskæftigelse (kr.)',
    },
  },

  outcomes: {
    'employed-full-time': 'Ordinært job, fuld tid',
    'employed-part-time': 'Ordinært job, deltid',
    'wage-subsidy': 'Job med løntilskud',
    internship: 'Virksomhedspraktik',
    education: 'Uddannelse',
    unemployed: 'Fortsat ledig',
    unknown: 'Ukendt',
  } satisfies Record<FollowUpOutcome, string>,

  phase: {
    recruitment: 'Rekruttering',
    course: 'Forløb',
    certification: 'Certificering',
    'match-event': 'Matcharrangement',
    internships: 'Praktik',
    'follow-up': 'Opfølgning',
    evaluation: 'Evaluering',
    closed: 'Lukket',
  } satisfies Record<Phase, string>,
  waitingFor: {
    'recruitment-end': 'Venter på, at rekrutteringen slutter',
    'recruitment-decision': 'Venter på din beslutning: forlæng rekrutteringen eller luk',
    'course-end': 'Venter på, at forløbet slutter',
    'certification-end': 'Venter på, at certificeringen slutter',
    'match-answers': 'Venter på virksomhedernes svar',
    'match-decision': 'Venter på din beslutning: forlæng svarfristen eller luk',
    'match-event': 'Venter på matcharrangementet',
    'internships-end': 'Venter på, at praktikperioden slutter',
    'follow-up-end': 'Venter på registrering af opfølgningen',
    'step-retry': 'Et trin fejlede: venter på «prøv igen» eller luk',
  } satisfies Record<WaitFor, string>,

  risk: {
    'recruitment-under-minimum': 'For få tilmeldte',
    'no-company-answer': 'Ingen virksomheder har svaret',
    'voucher-shortage': 'For få voucherkoder',
    'follow-up-incomplete': 'Opfølgningen mangler',
    'step-failed': 'Et trin i forløbet fejlede',
  } satisfies Record<EscalationRisk, string>,

  escalation: {
    subject: (name: string, risk: string, decideBy?: string) =>
      `Pilotprojektet «${name}» er i risiko: ${risk.toLocaleLowerCase('da')}${decideBy ? ` (frist ${decideBy})` : ''}`,
    title: (name: string) => `Pilotprojektet «${name}» er i risiko`,
    label: 'Risiko',
    situation: {
      'recruitment-under-minimum': (d: Details) =>
        num(d, 'enrolled') && num(d, 'minimum')
          ? `Rekrutteringen er slut med ${num(d, 'enrolled')} tilmeldte. Der skal være mindst ${num(d, 'minimum')}, før forløbet kan gennemføres.`
          : 'Rekrutteringen er slut med færre tilmeldte end det mindste antal, forløbet kræver.',
      'no-company-answer': (d: Details) =>
        num(d, 'invited')
          ? `Ingen af de ${num(d, 'invited')} inviterede virksomheder har bekræftet pladser til matcharrangementet.`
          : 'Ingen af de inviterede virksomheder har bekræftet pladser til matcharrangementet.',
      'voucher-shortage': (d: Details) =>
        num(d, 'available') && num(d, 'needed')
          ? `Der er ${num(d, 'available')} ledige voucherkoder til ${num(d, 'needed')} kandidater, der skal til eksamen.`
          : 'Der er færre ledige voucherkoder end kandidater, der skal til eksamen.',
      'follow-up-incomplete': (d: Details) =>
        num(d, 'withoutOutcome') && num(d, 'started')
          ? `Situationen efter forløbet er ikke registreret for ${num(d, 'withoutOutcome')} af ${num(d, 'started')} deltagere.`
          : 'Situationen efter forløbet er ikke registreret for alle deltagere.',
      'step-failed': (d: Details) =>
        `Trinnet ${String(d.step ?? '')} fejlede (${String(d.error ?? 'ukendt fejl')}), også efter flere forsøg. Pilotprojektet står stille ved trinnet, indtil det prøves igen; intet er gået tabt.`,
    } satisfies Record<EscalationRisk, (d: Details) => string>,
    figures: 'Tallene',
    detail: {
      enrolled: 'Tilmeldte',
      minimum: 'Mindste antal deltagere',
      capacity: 'Pladser i alt',
      invited: 'Inviterede virksomheder',
      answered: 'Virksomheder, der har svaret',
      confirmedSlots: 'Bekræftede pladser',
      responseDeadline: 'Svarfrist for virksomhederne',
      eventDate: 'Dato for matcharrangementet',
      needed: 'Kandidater, der mangler en kode',
      available: 'Ledige voucherkoder',
      expiresOn: 'Koderne udløber',
      examDeadline: 'Eksamensfrist',
      withoutOutcome: 'Deltagere uden registreret situation',
      started: 'Deltagere, der startede',
      deadline: 'Frist',
      step: 'Trin',
      error: 'Fejl',
    } as Record<string, string>,
    whatToDo: 'Hvad kan du gøre?',
    actions: {
      'recruitment-under-minimum': [
        'Forlæng rekrutteringen med en ny slutdato, hvis der er flere borgere i målgruppen, der kan nå at blive tilmeldt.',
        'Luk pilotprojektet, hvis der ikke kan findes deltagere nok.',
      ],
      'no-company-answer': [
        'Kontakt virksomhederne direkte, og bed dem bekræfte, hvor mange pladser de tager ved matcharrangementet.',
        'Invitér flere virksomheder.',
        'Luk pilotprojektet, hvis ingen virksomheder vil deltage.',
      ],
      'voucher-shortage': [
        'Bed sponsoren om flere voucherkoder.',
        'Giv ubrugte koder videre til andre kandidater, før de udløber.',
      ],
      'follow-up-incomplete': [
        'Registrér situationen for hver deltager i deltagerlisten.',
        'Kontakt deltageren eller sagsbehandleren, hvor situationen ikke er kendt.',
        'Brug kun «Ukendt», når situationen ikke kan findes.',
      ],
      'step-failed': [
        'Driften er underrettet og retter fejlen.',
        'Prøv trinnet igen (POST /pilots/{id}/retry), når fejlen er rettet.',
        'Luk pilotprojektet, hvis det ikke skal fortsætte.',
      ],
    } satisfies Record<EscalationRisk, string[]>,
    deadline: {
      'recruitment-under-minimum': (date: string) =>
        `Beslut senest ${date}. Har du ikke forlænget rekrutteringen eller lukket pilotprojektet inden da, lukker det af sig selv ved udgangen af dagen.`,
      'no-company-answer': (date: string) =>
        `Fristen er ${date}. Har ingen virksomhed bekræftet pladser inden da, lukker pilotprojektet af sig selv ved udgangen af dagen.`,
      'voucher-shortage': (date: string) =>
        `Fristen er ${date}. Kandidater, der ikke har fået en kode inden da, kan ikke gå til eksamen i dette pilotprojekt.`,
      'follow-up-incomplete': (date: string) =>
        `Fristen er ${date}. Derefter evalueres pilotprojektet med de tal, der er registreret, og deltagere uden registrering tæller som ukendte.`,
      'step-failed': (date: string) => `Er trinnet ikke prøvet igen inden ${date}, prøves det af sig selv den dag.`,
    } satisfies Record<EscalationRisk, (date: string) => string>,
    deadlineLabel: 'Frist',
    noDeadline: 'Der er ikke sat en frist. Pilotprojektet fortsætter, indtil du handler.',
  },

  digest: {
    subject: (week: number, year: number) => `Overblik over pilotprojekterne – uge ${week}, ${year}`,
    title: (week: number, year: number) => `Overblik over pilotprojekterne – uge ${week}, ${year}`,
    summary: (active: number, paused: number, atRisk: number, closed: number) =>
      [
        active === 1 ? '1 aktivt pilotprojekt' : `${active} aktive pilotprojekter`,
        paused > 0 ? `heraf ${paused} på pause` : undefined,
        atRisk === 1 ? '1 med risiko' : atRisk > 1 ? `${atRisk} med risici` : 'ingen med risici',
      ]
        .filter(Boolean)
        .join(', ') + `. ${closed === 1 ? '1 pilotprojekt' : `${closed} pilotprojekter`} lukket siden sidste overblik.`,
    weekOf: (date: string) => `Overblikket gælder ugen fra ${date}.`,
    active: 'Aktive pilotprojekter',
    activeColumns: ['Pilotprojekt', 'Fase', 'Næste frist', 'Risici'],
    running: 'I gang',
    paused: 'Sat på pause',
    noDeadline: '–',
    noRisks: 'Ingen',
    noActive: 'Der er ingen aktive pilotprojekter.',
    closedSince: 'Lukket siden sidste overblik',
    closedColumns: ['Pilotprojekt', 'Anbefaling', 'I ordinær beskæftigelse'],
    noClosed: 'Ingen pilotprojekter er lukket siden sidste overblik.',
    closedNote: 'Hvert lukket pilotprojekt har fået sin egen e-mail med hele resultatet.',
    notMeasured: 'ikke målt',
  },

  followUp: {
    subject: (name: string, deadline: string, reminder: 0 | 1 | 2) =>
      `${reminder === 0 ? '' : reminder === 1 ? 'Påmindelse: ' : 'Sidste påmindelse: '}Registrér opfølgningen for pilotprojektet «${name}» senest ${deadline}`,
    title: (name: string) => `Opfølgning på pilotprojektet «${name}»`,
    reminderLabel: (reminder: 1 | 2): string => (reminder === 1 ? 'Påmindelse' : 'Sidste påmindelse'),
    reminderTitle: (people: string) => `Der mangler stadig opfølgning for ${people}`,
    reminderLine: (reminder: 1 | 2, deadline: string) =>
      reminder === 1 ? `Registrér situationen senest ${deadline}.` : `Dette er den sidste påmindelse før fristen ${deadline}.`,
    intro:
      'Nu er det tid til at følge op på deltagerne i pilotprojektet. Registrér for hver deltager, hvad vedkommende laver nu efter forløbet.',
    missing: (people: string) => `Der mangler en registrering for ${people}.`,
    allRecorded: 'Alle deltagere har fået registreret deres situation. Du kan stadig rette registreringerne frem til fristen.',
    provisional: (people: string) =>
      `Heraf er der for ${people} registreret en foreløbig situation før opfølgningsdagen. Situationen ved opfølgningen er den, der gælder nu: registrér den igen (også hvis den er uændret), ellers tæller den som «Ukendt».`,
    choose: 'Vælg én af disse syv situationer for hver deltager:',
    button: 'Åbn deltagerlisten',
    deadline: (deadline: string) =>
      `Fristen er ${deadline}. Derefter evalueres pilotprojektet med de oplysninger, der er registreret. Deltagere uden registrering tæller som «Ukendt», og er situationen ukendt for mere end en tredjedel, bliver resultatet usikkert.`,
    listNote: 'Af hensyn til databeskyttelsen står der ingen oplysninger om deltagerne i denne e-mail – kun i deltagerlisten.',
  },

  // To the consultant, 7 days before the exam deadline, while results are missing.
  examReminder: {
    subject: (name: string, deadline: string) => `Påmindelse: Registrér eksamensresultaterne for pilotprojektet «${name}» senest ${deadline}`,
    title: (name: string) => `Eksamensresultater i pilotprojektet «${name}»`,
    label: 'Påmindelse',
    missingTitle: (missing: number): string =>
      missing === 0
        ? 'Alle eksamensresultater er registreret'
        : missing === 1
          ? 'Der mangler 1 eksamensresultat'
          : `Der mangler ${formatCount(missing, 'da')} eksamensresultater`,
    missing: (missing: number, withCode: number): string =>
      withCode === 1
        ? 'Kandidaten med en voucherkode har endnu ikke fået registreret et eksamensresultat.'
        : `${formatCount(missing, 'da')} af de ${formatCount(withCode, 'da')} kandidater med en voucherkode har endnu ikke fået registreret et eksamensresultat.`,
    allRecorded: 'Alle kandidater med en voucherkode har fået registreret et eksamensresultat. Du kan stadig rette resultaterne frem til fristen.',
    intro: (exam: string, deadline: string) =>
      `Certificeringen i pilotprojektet nærmer sig eksamensfristen ${deadline}. Registrér resultatet for hver kandidat, der har fået en voucherkode${exam ? ` til eksamen i «${exam}»` : ''}.`,
    facts: {
      exam: 'Eksamen',
      withCode: 'Kandidater med voucherkode',
      withoutResult: 'Uden registreret resultat',
      deadline: 'Frist',
    },
    choose: 'Registrér ét af disse tre resultater for hver kandidat, sammen med datoen for eksamen:',
    results: {
      passed: 'Bestået',
      failed: 'Ikke bestået',
      'no-show': 'Udeblevet – kandidaten mødte ikke op til eksamen',
    } satisfies Record<ExamResult, string>,
    button: 'Registrér eksamensresultaterne',
    bulk: (pilotId: string) =>
      `Mange resultater på én gang kan også indlæses som JSON eller CSV med POST /pilots/${pilotId}/exam-results.`,
    deadline: (deadline: string) =>
      `Fristen er ${deadline}. Derefter slutter certificeringen med de resultater, der er registreret, og kandidater uden et resultat tæller ikke som certificerede.`,
    listNote: 'Af hensyn til databeskyttelsen står der ingen oplysninger om kandidaterne i denne e-mail – kun i listen bag linket.',
  },

  // Written to a citizen, not to an employee: "du", short sentences, no
  // administrative words ("forløbet", not "pilotprojektet").
  voucher: {
    subject: (exam: string, attempt: 1 | 2) =>
      attempt === 1 ? `Din voucherkode til eksamen i «${exam}»` : `Din nye voucherkode til eksamen i «${exam}»`,
    title: (attempt: 1 | 2): string => (attempt === 1 ? 'Din voucherkode til eksamen' : 'Din voucherkode til et nyt forsøg'),
    preheader: (deadline: string) => `Koden er personlig. Tag eksamen senest ${deadline}.`,
    greeting: (name: string) => `Hej ${name}`,
    intro: (exam: string, sponsor: string, course: string, attempt: 1 | 2) =>
      attempt === 1
        ? `Her er din personlige voucherkode, så du kan gå til eksamen i «${exam}». Koden er sponsoreret af ${sponsor} og er en del af forløbet «${course}».`
        : `Her er en ny voucherkode, så du kan tage eksamen i «${exam}» en gang til. Det er helt almindeligt at bruge mere end ét forsøg, så bare rolig. Koden er sponsoreret af ${sponsor} og er en del af forløbet «${course}».`,
    codeLabel: (attempt: 1 | 2): string => (attempt === 1 ? 'Din personlige voucherkode' : 'Din voucherkode til forsøg 2'),
    exam: 'Eksamen',
    examDeadline: 'Tag eksamen senest',
    codeExpiresOn: 'Koden udløber',
    howTo: 'Sådan bruger du koden',
    steps: (deadline: string) => [
      `Book en tid til eksamen, så du når at tage den senest ${deadline}.`,
      'Skriv koden, når du bliver bedt om at betale for eksamen.',
    ],
    personalHeading: 'Koden er kun til dig',
    personal:
      'Koden er personlig. Del den ikke med nogen, heller ikke med dem fra dit hold, og læg den ikke på nettet. En kode kan kun bruges én gang. Hvis en anden bruger den, kan du ikke selv bruge den.',
    cannotHeading: 'Kan du ikke tage eksamen?',
    cannot: (deadline: string) =>
      `Hvis du ikke kan nå at tage eksamen senest ${deadline}, så kontakt din konsulent i jobcentret så hurtigt som muligt. Så finder I ud af det sammen.`,
    goodLuck: (attempt: 1 | 2): string => (attempt === 1 ? 'Held og lykke med eksamen!' : 'Held og lykke med det nye forsøg!'),
    footer: (course: string) => `Du får denne e-mail, fordi du deltager i forløbet «${course}» gennem jobcentret. E-mailen er sendt automatisk.`,
  },
};

export type Phrases = typeof da;

const en: Phrases = {
  sender: 'Jobcenter København · Pilot projects',
  footerAutomatic: 'This e-mail was sent automatically by the system that runs the pilot projects.',
  footerCountsOnly: 'It contains counts only and no information about individual citizens.',
  people: (n) => (n === 1 ? '1 participant' : `${n} participants`),

  recommendation: {
    continue: 'Continue and integrate into the regular offer',
    adjust: 'Adjust and repeat',
    close: 'Close down',
    uncertain: 'No recommendation: the result is uncertain',
  },
  recommendationShort: {
    continue: 'Continue',
    adjust: 'Adjust and repeat',
    close: 'Close down',
    uncertain: 'Uncertain result',
  },

  outcome: {
    subject: (name, short, closedEarly) => `Outcome of the pilot «${name}»${closedEarly ? ' (closed early)' : ''}: ${short}`,
    title: (name) => `Outcome of the pilot «${name}»`,
    preheader: (recommendation, employment) => `${recommendation}. In ordinary employment: ${employment}.`,
    recommendationLabel: 'Recommendation',
    overrideLabel: 'Recommendation, changed by the consultant',
    employmentVsTarget: (employment) => `In ordinary employment: ${employment}.`,
    because: {
      continue: (target) => `That is at or above the target of ${target}.`,
      adjust: (target) => `That is below the target of ${target}, but at least half of it.`,
      close: (target) => `That is less than half of the target of ${target}.`,
      uncertain: (target) => `The target is ${target}.`,
    },
    uncertainUnknown: (unknown) => `The result is uncertain because the outcome is unknown for more than a third of the participants: ${unknown}.`,
    uncertainNoneStarted: 'The result is uncertain because no participant started the course. There is no result to measure.',
    uncertainNotClose: 'This is not a recommendation to close the pilot. Record the missing follow-ups so that the result can be assessed again.',
    notMeasured: {
      'closed-before-follow-up': 'Employment was not measured: the pilot was closed before its follow-up, so nobody recorded whether the participants found work.',
      'no-follow-up-recorded': 'Employment was not measured: no follow-up was recorded for the participants.',
    },
    notMeasuredTarget: (target) => `So there is no employment figure to hold against the target of ${target}. Below is what the pilot reached, and what it cost.`,
    notMeasuredShort: 'Employment was not measured',
    funnelSoFar: 'What the pilot reached',
    computedLabel: 'Recommendation computed from the figures',
    overriddenBy: (by) => `Changed by: ${by}`,
    reason: (reason) => `Reason: ${reason}`,
    closedEarlyLabel: 'Note',
    closedEarlyTitle: 'The pilot was closed early',
    closeCause: {
      consultant: 'Closed by the pilot consultant.',
      'too-few': 'Too few participants when recruitment ended, and no decision by the deadline.',
      'no-company': 'No company confirmed a slot at the match event, and no decision by the deadline. So there is no effect to judge.',
    },
    intro: (partner) => `Partner: ${partner}. The figures below are counted automatically from what was recorded in the pilot.`,
    keyFigures: 'Key figures',
    employmentRate: 'In ordinary employment (of those who started)',
    amongCompleted: 'In ordinary employment (of those who completed)',
    fullTime: 'Full-time (of those who started)',
    unknown: 'Outcome unknown at follow-up',
    target: 'Target for ordinary employment',
    definition:
      'Ordinary employment is a full-time or part-time job without a wage subsidy. Participants who dropped out count among those who started.',
    funnel: 'From recruitment to work',
    funnelStages: {
      recruited: 'Recruited',
      started: 'Started the course',
      completed: 'Completed the course',
      certifiedExam: 'Passed the certification',
      certifiedDiploma: 'Received a diploma',
      matched: 'Matched at the match event',
      internshipOffered: 'Offered an internship',
      internshipStarted: 'Started an internship',
      employed: 'In ordinary employment',
    },
    situation: "Participants' situation at follow-up",
    situationNote: 'Of the participants who started the course.',
    milestones: 'Milestones',
    milestoneColumns: ['Milestone', 'By', 'Target', 'Actual', 'Status'],
    milestoneMetric: { screened: 'Screened', enrolled: 'Enrolled', completed: 'Completed' },
    met: 'Met',
    notMet: 'Not met',
    noMilestones: 'No milestones were set for this pilot.',
    companies: 'Companies',
    companiesInvited: 'Companies invited',
    companiesAnswered: 'Companies that answered',
    confirmedSlots: 'Confirmed slots at the match event',
    offeredInternships: 'Internships offered',
    cost: 'Cost',
    budget: 'Budget',
    perParticipant: 'Cost per participant who started',
    perJob: 'Cost per participant in ordinary employment',
    attached: (filename) => `The figures are also attached as a CSV file (${filename}).`,
    csvSuffix: 'outcome',
    csvHeader: ['metric', 'value'],
    preheaderNotMeasured: (recommendation) => `${recommendation}. Employment was not measured.`,
    csv: {
      pilot: 'pilot',
      partner: 'partner',
      recommendation: 'recommendation',
      computedRecommendation: 'computed recommendation',
      closedEarly: 'closed early',
      yes: 'yes',
      no: 'no',
      recruited: 'recruited',
      started: 'started',
      completed: 'completed',
      certifiedExam: 'passed the certification',
      certifiedDiploma: 'received a diploma',
      matched: 'matched at the match event',
      internshipOffered: 'offered an internship',
      internshipStarted: 'started an internship',
      employed: 'in ordinary employment',
      employmentRate: 'employment rate of those who started (%)',
      employedAmongCompleted: 'in ordinary employment among those who completed',
      employmentRateAmongCompleted: 'employment rate of those who completed (%)',
      fullTime: 'full-time',
      fullTimeRate: 'full-time rate of those who started (%)',
      unknown: 'outcome unknown',
      unknownRate: 'share with outcome unknown of those who started (%)',
      target: 'target employment rate (%)',
      situation: {
        'employed-full-time': 'follow-up: ordinary job full-time',
        'employed-part-time': 'follow-up: ordinary job part-time',
        'wage-subsidy': 'follow-up: wage-subsidy job',
        internship: 'follow-up: internship',
        education: 'follow-up: education',
        unemployed: 'follow-up: still unemployed',
        unknown: 'follow-up: unknown',
      },
      milestone: (metric, by, what) => `milestone ${metric} by ${by} (${what})`,
      employmentMeasured: 'employment measured',
      companiesInvited: 'companies invited',
      companiesAnswered: 'companies that answered',
      confirmedSlots: 'confirmed slots',
      offeredInternships: 'internships offered',
      budget: 'budget (DKK)',
      perParticipant: 'cost per participant who started (DKK)',
      perJob: 'cost per participant in ordinary employment (DKK)',
    },
  },

  outcomes: {
    'employed-full-time': 'Ordinary job, full-time',
    'employed-part-time': 'Ordinary job, part-time',
    'wage-subsidy': 'Wage-subsidy job',
    internship: 'Internship',
    education: 'Education',
    unemployed: 'Still unemployed',
    unknown: 'Unknown',
  },

  phase: {
    recruitment: 'Recruitment',
    course: 'Course',
    certification: 'Certification',
    'match-event': 'Match event',
    internships: 'Internships',
    'follow-up': 'Follow-up',
    evaluation: 'Evaluation',
    closed: 'Closed',
  },
  waitingFor: {
    'recruitment-end': 'Waiting for recruitment to end',
    'recruitment-decision': 'Waiting for your decision: extend recruitment or close',
    'course-end': 'Waiting for the course to end',
    'certification-end': 'Waiting for certification to end',
    'match-answers': "Waiting for the companies' answers",
    'match-decision': 'Waiting for your decision: extend the response deadline or close',
    'match-event': 'Waiting for the match event',
    'internships-end': 'Waiting for the internship period to end',
    'follow-up-end': 'Waiting for the follow-up to be recorded',
    'step-retry': 'A step failed: waiting for a retry or a close',
  },

  risk: {
    'recruitment-under-minimum': 'Too few enrolled',
    'no-company-answer': 'No company has answered',
    'voucher-shortage': 'Too few voucher codes',
    'follow-up-incomplete': 'Follow-up incomplete',
    'step-failed': 'A step of the workflow failed',
  },

  escalation: {
    subject: (name, risk, decideBy) => `The pilot «${name}» is at risk: ${risk.toLowerCase()}${decideBy ? ` (deadline ${decideBy})` : ''}`,
    title: (name) => `The pilot «${name}» is at risk`,
    label: 'Risk',
    situation: {
      'recruitment-under-minimum': (d) =>
        num(d, 'enrolled') && num(d, 'minimum')
          ? `Recruitment has ended with ${num(d, 'enrolled')} enrolled. The course needs at least ${num(d, 'minimum')} to run.`
          : 'Recruitment has ended with fewer enrolled than the minimum the course needs.',
      'no-company-answer': (d) =>
        num(d, 'invited')
          ? `None of the ${num(d, 'invited')} invited companies has confirmed slots at the match event.`
          : 'None of the invited companies has confirmed slots at the match event.',
      'voucher-shortage': (d) =>
        num(d, 'available') && num(d, 'needed')
          ? `There are ${num(d, 'available')} free voucher codes for ${num(d, 'needed')} candidates who are to take the exam.`
          : 'There are fewer free voucher codes than candidates who are to take the exam.',
      'follow-up-incomplete': (d) =>
        num(d, 'withoutOutcome') && num(d, 'started')
          ? `The situation after the course has not been recorded for ${num(d, 'withoutOutcome')} of ${num(d, 'started')} participants.`
          : 'The situation after the course has not been recorded for every participant.',
      'step-failed': (d) =>
        `The step ${String(d.step ?? '')} failed (${String(d.error ?? 'unknown error')}), also after several attempts. The pilot is held at that step until it is retried; nothing is lost.`,
    },
    figures: 'The figures',
    detail: {
      enrolled: 'Enrolled',
      minimum: 'Minimum number of participants',
      capacity: 'Places in all',
      invited: 'Companies invited',
      answered: 'Companies that answered',
      confirmedSlots: 'Confirmed slots',
      responseDeadline: 'Companies’ response deadline',
      eventDate: 'Date of the match event',
      needed: 'Candidates without a code',
      available: 'Free voucher codes',
      expiresOn: 'The codes expire',
      examDeadline: 'Exam deadline',
      withoutOutcome: 'Participants with no situation recorded',
      started: 'Participants who started',
      deadline: 'Deadline',
      step: 'Step',
      error: 'Error',
    },
    whatToDo: 'What you can do',
    actions: {
      'recruitment-under-minimum': [
        'Extend recruitment with a new closing date if more citizens in the target group can still enrol.',
        'Close the pilot if not enough participants can be found.',
      ],
      'no-company-answer': [
        'Contact the companies directly and ask them to confirm how many slots they take at the match event.',
        'Invite more companies.',
        'Close the pilot if no company will take part.',
      ],
      'voucher-shortage': ['Ask the sponsor for more voucher codes.', 'Pass unused codes on to other candidates before they expire.'],
      'follow-up-incomplete': [
        "Record each participant's situation in the participant list.",
        "Contact the participant or their caseworker where the situation is not known.",
        'Use «Unknown» only when the situation cannot be found.',
      ],
      'step-failed': [
        'Operations have been told and will fix the fault.',
        'Retry the step (POST /pilots/{id}/retry) once the fault is fixed.',
        'Close the pilot if it is not to go on.',
      ],
    },
    deadline: {
      'recruitment-under-minimum': (date) =>
        `Decide by ${date}. If you have neither extended recruitment nor closed the pilot by then, it closes by itself at the end of that day.`,
      'no-company-answer': (date) =>
        `The deadline is ${date}. If no company has confirmed slots by then, the pilot closes by itself at the end of that day.`,
      'voucher-shortage': (date) => `The deadline is ${date}. Candidates who have not received a code by then cannot take the exam in this pilot.`,
      'follow-up-incomplete': (date) =>
        `The deadline is ${date}. After that the pilot is evaluated with the figures recorded, and participants with nothing recorded count as unknown.`,
      'step-failed': (date) => `If the step has not been retried by ${date}, it is retried by itself on that day.`,
    },
    deadlineLabel: 'Deadline',
    noDeadline: 'No deadline is set. The pilot carries on until you act.',
  },

  digest: {
    subject: (week, year) => `Pilot projects overview – week ${week}, ${year}`,
    title: (week, year) => `Pilot projects overview – week ${week}, ${year}`,
    summary: (active, paused, atRisk, closed) =>
      [
        active === 1 ? '1 active pilot' : `${active} active pilots`,
        paused > 0 ? `${paused} of them paused` : undefined,
        atRisk === 0 ? 'none at risk' : `${atRisk} at risk`,
      ]
        .filter(Boolean)
        .join(', ') + `. ${closed === 1 ? '1 pilot' : `${closed} pilots`} closed since the last overview.`,
    weekOf: (date) => `This overview covers the week from ${date}.`,
    active: 'Active pilots',
    activeColumns: ['Pilot', 'Phase', 'Next deadline', 'Risks'],
    running: 'Running',
    paused: 'Paused',
    noDeadline: '–',
    noRisks: 'None',
    noActive: 'There are no active pilots.',
    closedSince: 'Closed since the last overview',
    closedColumns: ['Pilot', 'Recommendation', 'In ordinary employment'],
    noClosed: 'No pilot has closed since the last overview.',
    closedNote: 'Each closed pilot has had its own e-mail with the full outcome.',
    notMeasured: 'not measured',
  },

  followUp: {
    subject: (name, deadline, reminder) =>
      `${reminder === 0 ? '' : reminder === 1 ? 'Reminder: ' : 'Final reminder: '}Record the follow-up for the pilot «${name}» by ${deadline}`,
    title: (name) => `Follow-up of the pilot «${name}»`,
    reminderLabel: (reminder) => (reminder === 1 ? 'Reminder' : 'Final reminder'),
    reminderTitle: (people) => `The follow-up is still missing for ${people}`,
    reminderLine: (reminder, deadline) =>
      reminder === 1 ? `Please record the situation by ${deadline}.` : `This is the final reminder before the deadline of ${deadline}.`,
    intro:
      'It is time to follow up on the participants of the pilot. Record what each participant is doing now, after the course.',
    missing: (people) => `A situation is still to be recorded for ${people}.`,
    allRecorded: 'Every participant has a situation recorded. You can still correct them until the deadline.',
    provisional: (people) =>
      `Of these, ${people} have a provisional situation recorded before the follow-up day. The situation at follow-up is the one now: record it again (also if unchanged), or it counts as «Unknown».`,
    choose: 'Choose one of these seven situations for each participant:',
    button: 'Open the participant list',
    deadline: (deadline) =>
      `The deadline is ${deadline}. After that the pilot is evaluated with what has been recorded. Participants with nothing recorded count as «Unknown», and if more than a third are unknown, the result is uncertain.`,
    listNote: 'For data protection, this e-mail holds no information about the participants; only the participant list does.',
  },

  examReminder: {
    subject: (name, deadline) => `Reminder: Record the exam results for the pilot «${name}» by ${deadline}`,
    title: (name) => `Exam results of the pilot «${name}»`,
    label: 'Reminder',
    missingTitle: (missing) =>
      missing === 0 ? 'All exam results are recorded' : missing === 1 ? '1 exam result is missing' : `${formatCount(missing, 'en')} exam results are missing`,
    missing: (missing, withCode) =>
      withCode === 1
        ? 'The candidate with a voucher code has no exam result recorded yet.'
        : `${formatCount(missing, 'en')} of the ${formatCount(withCode, 'en')} candidates with a voucher code ${missing === 1 ? 'has' : 'have'} no exam result recorded yet.`,
    allRecorded: 'Every candidate with a voucher code has an exam result recorded. You can still correct the results until the deadline.',
    intro: (exam, deadline) =>
      `The certification phase of the pilot is approaching its exam deadline of ${deadline}. Please record the result for each candidate who received a voucher code${exam ? ` for the exam «${exam}»` : ''}.`,
    facts: {
      exam: 'Exam',
      withCode: 'Candidates with a voucher code',
      withoutResult: 'Without a recorded result',
      deadline: 'Deadline',
    },
    choose: 'For each candidate, record one of these three results, together with the date of the exam:',
    results: {
      passed: 'Passed',
      failed: 'Failed',
      'no-show': 'No-show – the candidate did not turn up for the exam',
    },
    button: 'Record the exam results',
    bulk: (pilotId) => `Many results at once can also be uploaded as JSON or CSV with POST /pilots/${pilotId}/exam-results.`,
    deadline: (deadline) =>
      `The deadline is ${deadline}. After that the certification phase ends with the results recorded, and candidates without a result are not counted as certified.`,
    listNote: 'For data protection, this e-mail holds no information about the candidates; only the list behind the link does.',
  },

  voucher: {
    subject: (exam, attempt) =>
      attempt === 1 ? `Your voucher code for the exam «${exam}»` : `Your new voucher code for the exam «${exam}»`,
    title: (attempt) => (attempt === 1 ? 'Your exam voucher code' : 'Your voucher code for a new attempt'),
    preheader: (deadline) => `The code is personal. Take the exam by ${deadline}.`,
    greeting: (name) => `Hello ${name},`,
    intro: (exam, sponsor, course, attempt) =>
      attempt === 1
        ? `Here is your personal voucher code for the exam «${exam}». The code is sponsored by ${sponsor} and is part of the course «${course}».`
        : `Here is a new voucher code so that you can take the exam «${exam}» once more. Many people need more than one attempt, so don't worry. The code is sponsored by ${sponsor} and is part of the course «${course}».`,
    codeLabel: (attempt) => (attempt === 1 ? 'Your personal voucher code' : 'Your voucher code for attempt 2'),
    exam: 'Exam',
    examDeadline: 'Take the exam by',
    codeExpiresOn: 'The code expires',
    howTo: 'How to use the code',
    steps: (deadline) => [
      `Book a time for the exam so that you take it by ${deadline}.`,
      'Enter the code when you are asked to pay for the exam.',
    ],
    personalHeading: 'The code is only for you',
    personal:
      'The code is personal. Do not share it with anyone, not even with others on your course, and do not post it online. A code can only be used once. If someone else uses it, you cannot use it yourself.',
    cannotHeading: "Can't take the exam?",
    cannot: (deadline) =>
      `If you cannot take the exam by ${deadline}, please contact your consultant at the job centre as soon as possible. Together you will work out what to do.`,
    goodLuck: (attempt) => (attempt === 1 ? 'Good luck with the exam!' : 'Good luck with your new attempt!'),
    footer: (course) => `You are receiving this e-mail because you take part in the course «${course}» through the job centre. It was sent automatically.`,
  },
};

const TABLES: Record<Language, Phrases> = { da, en };

export const phrases = (language: Language): Phrases => TABLES[language];
