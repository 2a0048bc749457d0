import type { ComparisonKind } from '../../domain/comparison.js';
import type { Position } from '../../domain/intervals.js';
import type {
  CloseCause,
  Effect,
  EffectNotMeasured,
  EmploymentNotMeasured,
  FollowUpOutcome,
  MilestoneMetric,
  Recommendation,
} from '../../domain/evaluation.js';
import type { Phase, WaitFor } from '../../domain/lifecycle.js';
import type { ExamResult } from '../../domain/vouchers.js';
import type { EscalationRisk } from '../../domain/risks.js';
import { formatCount, num, type Details } from '../format.js';

// Every sentence the management e-mails say, in Danish (the default). Danish
// is written as the administration writes to its managers: formal but plain,
// "du" to the consultant, æøå, "pr." and "kr.". Numbers come in already
// formatted (formatRatio, formatPercent, formatDkk from the domain); dates are
// formatted by the caller (../format.ts). The English table
// (management-en.ts) is typed as this one, so a phrase cannot exist in one
// language only.

export const da = {
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
    subject: (name: string, short: string, closedEarly: boolean) => `Resultat af pilotprojektet «${name}»${closedEarly ? ' (lukket før tid)' : ''}: ${short}`,
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
    uncertainUnknown: (unknown: string) => `Resultatet er usikkert, fordi udfaldet er ukendt for mere end en tredjedel af deltagerne: ${unknown}.`,
    uncertainNoneStarted: 'Resultatet er usikkert, fordi ingen deltagere startede på forløbet. Der er ikke noget resultat at måle.',
    uncertainNotClose: 'Det er ikke en anbefaling om at lukke pilotprojektet. Registrér de manglende opfølgninger, så resultatet kan vurderes igen.',
    notMeasured: {
      'closed-before-follow-up': 'Beskæftigelsen er ikke målt: pilotprojektet blev lukket før opfølgningen, så ingen har registreret, om deltagerne kom i job.',
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
    intro: (partner: string) => `Samarbejdspartner: ${partner}. Tallene nedenfor er optalt automatisk ud fra det, der er registreret i pilotprojektet.`,
    keyFigures: 'Nøgletal',
    employmentRate: 'I ordinær beskæftigelse (af dem, der startede)',
    amongCompleted: 'I ordinær beskæftigelse (af dem, der gennemførte)',
    fullTime: 'På fuld tid (af dem, der startede)',
    unknown: 'Ukendt situation ved opfølgningen',
    target: 'Mål for andelen i ordinær beskæftigelse',
    definition: 'Ordinær beskæftigelse er et job på fuld tid eller deltid uden løntilskud. Deltagere, der er faldet fra, tæller med blandt dem, der startede.',
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
    certainty: {
      above: (low: string, high: string, target: string) =>
        `Tallene viser sikkert et resultat over målet: hele 95 %-intervallet, ${low} til ${high}, ligger over målet på ${target}.`,
      below: (low: string, high: string, target: string) =>
        `Tallene viser sikkert et resultat under målet: hele 95 %-intervallet, ${low} til ${high}, ligger under målet på ${target}.`,
      around: (low: string, high: string, target: string) =>
        `Tallene kan ikke skelne resultatet fra målet: 95 %-intervallet, ${low} til ${high}, rummer målet på ${target}.`,
    } satisfies Record<Position, (low: string, high: string, target: string) => string>,
    cohortToTell: (n: number) => `Med samme resultat skal et næste hold have omkring ${n.toLocaleString('da-DK')} deltagere for at afgøre det.`,
    cannotTell: 'Resultatet ligger på målet; intet hold af en realistisk størrelse kan afgøre det.',
    intervalNote:
      'Intervallet (95 %) viser, hvor det sande niveau sandsynligvis ligger; jo færre deltagere, jo bredere er det. Anbefalingen bygger på selve andelen.',
    comparison: 'Sammenlignet med',
    comparisonGroup: 'Sammenligningsgruppe i ordinær beskæftigelse',
    comparisonRate: 'Sammenligningsandel i ordinær beskæftigelse',
    comparisonRateOf: (rate: string, n: number) => `${rate} af ${n.toLocaleString('da-DK')}`,
    comparisonNotCounted: 'Ikke optalt',
    effect: 'Effekt (pilotprojekt minus sammenligning)',
    noEffect: 'Ingen effekt at vurdere',
    effectPosition: {
      above: 'Pilotprojektet ligger sikkert over sammenligningen.',
      below: 'Pilotprojektet ligger sikkert under sammenligningen.',
      around: 'Forskellen kan være nul: tallene kan ikke skelne pilotprojektet fra sammenligningen.',
    } satisfies Record<Position, string>,
    effectMethod: {
      newcombe: 'Intervallet tager højde for usikkerheden på begge sider (Newcombes metode).',
      'fixed-rate': 'Sammenligningens antal er ukendt, så kun pilotprojektets egen usikkerhed tæller.',
    } satisfies Record<Effect['method'], string>,
    effectNotMeasured: {
      'employment-not-measured': 'Ingen effekt at vurdere: beskæftigelsen blev ikke målt.',
      'no-comparison-counts': 'Ingen effekt at vurdere: sammenligningsgruppens tal blev ikke registreret ved opfølgningen.',
      'none-started': 'Ingen effekt at vurdere: ingen deltagere startede.',
    } satisfies Record<EffectNotMeasured, string>,
    comparisonSource: (source: string, period: string) => `Kilde: ${source} (${period}). En forskel viser ikke i sig selv, at forløbet var årsagen.`,
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
      intervalLow: (metric: string) => `${metric} 95 %-interval nedre`,
      intervalHigh: (metric: string) => `${metric} 95 %-interval øvre`,
      certainty: 'sikkerhed mod målet',
      position: { above: 'over målet', below: 'under målet', around: 'kan ikke skelnes fra målet' } satisfies Record<Position, string>,
      cohortToTell: 'deltagere et næste hold skal have for at afgøre det',
      comparisonKind: 'sammenligning',
      kind: { rate: 'kendt andel', group: 'sammenligningsgruppe' } satisfies Record<ComparisonKind, string>,
      comparisonSource: 'sammenligningens kilde',
      comparisonPeriod: 'sammenligningens periode',
      comparisonRate: 'sammenligningens beskæftigelsesandel (%)',
      comparisonCount: 'sammenligningen i ordinær beskæftigelse',
      comparisonOf: 'sammenligningens antal',
      effect: 'effekt (procentpoint)',
      effectMethod: 'effektens metode',
      method: { newcombe: 'newcombe', 'fixed-rate': 'mod fast andel' } satisfies Record<Effect['method'], string>,
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
      'voucher-shortage': ['Bed sponsoren om flere voucherkoder.', 'Giv ubrugte koder videre til andre kandidater, før de udløber.'],
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
      'voucher-shortage': (date: string) => `Fristen er ${date}. Kandidater, der ikke har fået en kode inden da, kan ikke gå til eksamen i dette pilotprojekt.`,
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
    byEffect: 'Effekt i porteføljen',
    byEffectColumns: ['Pilotprojekt', 'Effekt', 'I ordinær beskæftigelse', 'Sammenligning'],
    byEffectNote:
      'Evaluerede pilotprojekter med en sammenligning, største effekt først, i procentpoint med 95 %-interval. Hvor intervallerne overlapper, er rækkefølgen ikke sikker.',
  },

  followUp: {
    subject: (name: string, deadline: string, reminder: 0 | 1 | 2) =>
      `${reminder === 0 ? '' : reminder === 1 ? 'Påmindelse: ' : 'Sidste påmindelse: '}Registrér opfølgningen for pilotprojektet «${name}» senest ${deadline}`,
    title: (name: string) => `Opfølgning på pilotprojektet «${name}»`,
    reminderLabel: (reminder: 1 | 2): string => (reminder === 1 ? 'Påmindelse' : 'Sidste påmindelse'),
    reminderTitle: (people: string) => `Der mangler stadig opfølgning for ${people}`,
    reminderLine: (reminder: 1 | 2, deadline: string) =>
      reminder === 1 ? `Registrér situationen senest ${deadline}.` : `Dette er den sidste påmindelse før fristen ${deadline}.`,
    intro: 'Nu er det tid til at følge op på deltagerne i pilotprojektet. Registrér for hver deltager, hvad vedkommende laver nu efter forløbet.',
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
    bulk: (pilotId: string) => `Mange resultater på én gang kan også indlæses som JSON eller CSV med POST /pilots/${pilotId}/exam-results.`,
    deadline: (deadline: string) =>
      `Fristen er ${deadline}. Derefter slutter certificeringen med de resultater, der er registreret, og kandidater uden et resultat tæller ikke som certificerede.`,
    listNote: 'Af hensyn til databeskyttelsen står der ingen oplysninger om kandidaterne i denne e-mail – kun i listen bag linket.',
  },

  // Written to a citizen, not to an employee: "du", short sentences, no
  // administrative words ("forløbet", not "pilotprojektet").
  voucher: {
    subject: (exam: string, attempt: 1 | 2) => (attempt === 1 ? `Din voucherkode til eksamen i «${exam}»` : `Din nye voucherkode til eksamen i «${exam}»`),
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
