import type { SurveyAnswerOf, SurveyQuestion } from '../domain/survey.js';

// What the participants' survey says, in easy Danish (the default) and easy
// English: the pages, the invitation and its reminder, and the printed sheet.
// Written for people with reading difficulties, weak Danish or little screen
// experience (the risk markers of domain/participant.ts): short sentences, everyday words, one
// thing at a time, "du". The English table is typed as the Danish one, so a
// sentence cannot exist in one language only.

type Choices = { [Q in SurveyQuestion]: { question: string; hint?: string; answers: Record<SurveyAnswerOf<Q>, string> } };

const daQuestions: Choices = {
  satisfaction: {
    question: 'Hvor tilfreds er du med den hjælp, du fik?',
    answers: { 'very-satisfied': 'Meget tilfreds', satisfied: 'Tilfreds', neither: 'Hverken tilfreds eller utilfreds', dissatisfied: 'Utilfreds' },
  },
  selfReliance: {
    question: 'Kan du nu selv bruge de digitale ting, du har brug for?',
    hint: 'For eksempel e-mail, Jobnet, MitID og programmer på computeren.',
    answers: { 'on-my-own': 'Ja, selv', partly: 'Delvist', 'not-yet': 'Nej, ikke endnu' },
  },
  respected: {
    question: 'Blev du mødt med respekt?',
    answers: { yes: 'Ja', partly: 'Delvist', no: 'Nej' },
  },
  jobSearch: {
    question: 'Har forløbet hjulpet dig med at søge job?',
    answers: { yes: 'Ja', 'a-little': 'Lidt', no: 'Nej' },
  },
};

const da = {
  sender: 'Jobcenter København',
  service: 'Spørgeskema',
  switchTo: 'English',
  questions: daQuestions,
  page: {
    title: (pilot: string) => `Hvad synes du om «${pilot}»?`,
    intro: 'Der er 4 korte spørgsmål. Du vælger et svar og trykker «Næste».',
    anonymous: 'Du er anonym. Vi gemmer ikke, hvem der svarer. Vi gemmer kun, hvor mange der vælger hvert svar.',
    step: (n: number, of: number) => `Spørgsmål ${n} af ${of}`,
    next: 'Næste',
    send: 'Send svar',
    back: 'Tilbage',
    choose: 'Vælg et svar.',
    errorTitle: 'Der er et problem',
    errorPrefix: 'Fejl',
    thanksTitle: 'Tak for dine svar',
    thanks: ['Dine svar er gemt.', 'Du kan lukke siden nu.'],
    refusal: {
      titles: {
        invalid: 'Linket virker ikke',
        used: 'Du har allerede svaret',
        'not-open': 'Spørgeskemaet er ikke åbent endnu',
        closed: 'Spørgeskemaet er lukket',
        'stale-form': 'Siden er for gammel',
        'cross-site': 'Svaret blev ikke gemt',
      },
      lines: {
        invalid: 'Linket eller koden er ikke rigtig. Tjek, at du har skrevet det hele.',
        used: 'Der er allerede svaret med dette link. Tak for det.',
        'not-open': 'Du kan svare, når forløbet er slut.',
        closed: 'Tiden til at svare er gået. Tak alligevel.',
        'stale-form': 'Åbn linket igen og start forfra.',
        'cross-site': 'Svaret kom fra en anden hjemmeside. Åbn linket fra din e-mail eller seddel igen.',
      },
    },
    help: 'Har du brug for hjælp? Spørg din kontaktperson i jobcentret.',
  },
  mail: {
    subject: (pilot: string) => `Hvad synes du om forløbet «${pilot}»?`,
    reminderSubject: (pilot: string) => `Påmindelse: hvad synes du om forløbet «${pilot}»?`,
    title: 'Fortæl os, hvad du synes',
    lines: (pilot: string) => [
      `Du har været på forløbet «${pilot}».`,
      'Vi vil gerne høre, hvad du synes. Der er 4 korte spørgsmål.',
      'Det tager 2 minutter. Du er anonym.',
    ],
    reminderLines: (pilot: string) => [
      `For en uge siden spurgte vi, hvad du synes om forløbet «${pilot}».`,
      'Har du allerede svaret? Så tak. Du skal ikke gøre mere.',
      'Har du ikke svaret endnu? Så kan du stadig nå det.',
    ],
    button: 'Svar her',
    closes: (date: string) => `Du kan svare til og med ${date}.`,
    linkText: 'Virker knappen ikke? Kopiér dette link ind i din browser:',
    footer: 'Linket er kun til dig og kan bruges én gang. Vi gemmer ikke, hvem der svarer.',
  },
  sheet: {
    title: (pilot: string) => `Spørgeskema til «${pilot}»: koder`,
    instructions:
      'Klip sedlerne ud og giv én til hver deltager uden e-mail. Hver kode kan bruges én gang. Svarene er anonyme: skriv ikke, hvem der fik hvilken kode.',
    slipTitle: 'Hvad synes du om forløbet?',
    slipLines: ['Gå ind på adressen med din telefon eller computer.', 'Der er 4 korte spørgsmål. Du er anonym.'],
    orType: 'Eller gå ind på',
    andCode: 'og skriv koden:',
    code: 'Kode',
    closes: (date: string) => `Svar senest ${date}.`,
    print: 'Udskriv siden (Ctrl+P) og klip sedlerne ud.',
    enterCodeTitle: 'Skriv din kode',
    enterCodeLabel: 'Koden fra din seddel',
    enterCodeHint: 'For eksempel K7M2-9QXD',
    go: 'Start',
  },
};

export type SurveyPhrases = typeof da;

const en: SurveyPhrases = {
  sender: 'Copenhagen Job Centre',
  service: 'Survey',
  switchTo: 'Dansk',
  questions: {
    satisfaction: {
      question: 'How happy are you with the help you got?',
      answers: { 'very-satisfied': 'Very happy', satisfied: 'Happy', neither: 'Neither happy nor unhappy', dissatisfied: 'Unhappy' },
    },
    selfReliance: {
      question: 'Can you now use the digital things you need on your own?',
      hint: 'For example e-mail, Jobnet, MitID and programs on the computer.',
      answers: { 'on-my-own': 'Yes, on my own', partly: 'Partly', 'not-yet': 'No, not yet' },
    },
    respected: {
      question: 'Were you treated with respect?',
      answers: { yes: 'Yes', partly: 'Partly', no: 'No' },
    },
    jobSearch: {
      question: 'Has the course helped you look for a job?',
      answers: { yes: 'Yes', 'a-little': 'A little', no: 'No' },
    },
  },
  page: {
    title: (pilot) => `What do you think of «${pilot}»?`,
    intro: 'There are 4 short questions. Choose an answer and press «Next».',
    anonymous: 'You are anonymous. We do not keep who answers. We only keep how many choose each answer.',
    step: (n, of) => `Question ${n} of ${of}`,
    next: 'Next',
    send: 'Send answers',
    back: 'Back',
    choose: 'Choose an answer.',
    errorTitle: 'There is a problem',
    errorPrefix: 'Error',
    thanksTitle: 'Thank you for your answers',
    thanks: ['Your answers are saved.', 'You can close the page now.'],
    refusal: {
      titles: {
        invalid: 'The link does not work',
        used: 'You have already answered',
        'not-open': 'The survey is not open yet',
        closed: 'The survey is closed',
        'stale-form': 'The page is too old',
        'cross-site': 'The answer was not saved',
      },
      lines: {
        invalid: 'The link or code is not right. Check that you typed all of it.',
        used: 'Someone has already answered with this link. Thank you.',
        'not-open': 'You can answer when the course has ended.',
        closed: 'The time to answer has passed. Thank you anyway.',
        'stale-form': 'Open the link again and start from the beginning.',
        'cross-site': 'The answer came from another website. Open the link from your e-mail or note again.',
      },
    },
    help: 'Do you need help? Ask your contact person at the job centre.',
  },
  mail: {
    subject: (pilot) => `What do you think of the course «${pilot}»?`,
    reminderSubject: (pilot) => `Reminder: what do you think of the course «${pilot}»?`,
    title: 'Tell us what you think',
    lines: (pilot) => [
      `You took part in the course «${pilot}».`,
      'We would like to hear what you think. There are 4 short questions.',
      'It takes 2 minutes. You are anonymous.',
    ],
    reminderLines: (pilot) => [
      `A week ago we asked what you think of the course «${pilot}».`,
      'Have you answered already? Then thank you. You do not need to do more.',
      'Have you not answered yet? You still have time.',
    ],
    button: 'Answer here',
    closes: (date) => `You can answer until ${date}.`,
    linkText: 'Does the button not work? Copy this link into your browser:',
    footer: 'The link is only for you and works once. We do not keep who answers.',
  },
  sheet: {
    title: (pilot) => `Survey for «${pilot}»: codes`,
    instructions:
      'Cut out the notes and give one to each participant without e-mail. Each code works once. The answers are anonymous: do not write down who got which code.',
    slipTitle: 'What do you think of the course?',
    slipLines: ['Go to the address on your phone or computer.', 'There are 4 short questions. You are anonymous.'],
    orType: 'Or go to',
    andCode: 'and type the code:',
    code: 'Code',
    closes: (date) => `Answer by ${date}.`,
    print: 'Print the page (Ctrl+P) and cut out the notes.',
    enterCodeTitle: 'Type your code',
    enterCodeLabel: 'The code from your note',
    enterCodeHint: 'For example K7M2-9QXD',
    go: 'Start',
  },
};

export const surveyPhrases = (language: 'da' | 'en'): SurveyPhrases => (language === 'en' ? en : da);

export type SurveyRefusal = keyof SurveyPhrases['page']['refusal']['titles'];
