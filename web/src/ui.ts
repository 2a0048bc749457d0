import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, type Api, type FieldIssue } from './api.js';
import type { Session } from './auth.js';
import type { ConflictReason } from '../../functions/domain/errors.js';
import { currentLanguage, dictionaries, formatDate, label, t, type MessageKey } from './i18n.js';

// What every view needs: the API, who is signed in, and small shared pieces.

export interface AppContext {
  api: Api;
  session: Session;
  /** Consultants act; management reads (the API refuses them anyway with 403). */
  canWrite: boolean;
}

export const App = createContext<AppContext | undefined>(undefined);
export const useApp = (): AppContext => useContext(App)!;

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads on mount and whenever deps change; `reload` after an action. */
export const useLoad = <T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
};

/**
 * What an error means to the reader, in their language: the API's field
 * issues are said beside their fields (and listed here); a network failure
 * ("Failed to fetch") is said as one. An English message from the API is
 * shown only to an English reader.
 */
export const messageOf = (error: Error): string => {
  if (!(error instanceof ApiError)) return error instanceof TypeError ? t('error.network') : currentLanguage() === 'en' ? error.message : t('error.unexpected');
  if (error.status === 400 || error.status === 422) return t(error.issues.length > 0 ? 'error.fields' : 'error.invalid');
  if (error.status === 403)
    return t(error.code === 'not_on_team' ? 'error.notOnTeam' : error.code === 'figures_only' ? 'error.figuresOnly' : 'error.forbidden');
  if (error.status === 404) return t('error.notFound');
  if (error.status === 409) return conflictMessage(error);
  if (error.status === 410) return t('error.gone');
  if (error.status >= 500) return t('error.server', { status: error.status });
  return currentLanguage() === 'en' ? t('error.generic', { status: error.status, message: error.message }) : t('error.genericDa', { status: error.status });
};

// Every reason a 409 can give has its sentence in both languages: a reason
// added to CONFLICT_REASONS without one fails the type check here.
type ConflictKeyMissing = Exclude<`conflict.${ConflictReason}`, MessageKey>;
const everyConflictSaid: [ConflictKeyMissing] extends [never] ? true : ConflictKeyMissing = true;
void everyConflictSaid;

/** A 409 in words, from its `reason` and the facts beside it (a status, a date, slots left). */
export const conflictMessage = (error: ApiError): string => {
  const d = error.details;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const vars = {
    status: label('status', text(d.status)),
    date: formatDate(text(d.date) || undefined),
    today: formatDate(text(d.today) || undefined),
    until: formatDate(text(d.until) || undefined),
    closedOn: formatDate(text(d.closedOn) || undefined),
    from: label('pstatus', text(d.from)),
    to: label('pstatus', text(d.to)),
    confirmedSlots: text(d.confirmedSlots),
    maxSlots: text(d.maxSlots),
    slotsLeft: text(d.slotsLeft),
    max: text(d.max),
  };
  if (error.reason === 'not-recruiting' && d.closedOn) return t('conflict.recruitment-closed-on', vars);
  const key = `conflict.${error.reason ?? ''}`;
  if (key in dictionaries.da) return t(key as MessageKey, vars);
  // A reason this page does not know yet (a newer API): the English reader gets the API's own sentence.
  return currentLanguage() === 'en' ? t('error.conflict', { message: error.message }) : t('error.conflictDa');
};

/** The field's name in the reader's language, from the last named part of the issue's path ("targetGroups.2" → "Målgrupper, nr. 3"). */
export const fieldName = (path: string): string => {
  const parts = path.split('.');
  const index = /^\d+$/.test(parts.at(-1) ?? '') ? Number(parts.pop()) : undefined;
  const name = label('field', parts.join('.')) !== parts.join('.') ? label('field', parts.join('.')) : label('field', parts.at(-1) ?? path);
  return index === undefined ? name : t('field.item', { name, n: index + 1 });
};

const valueWords = (path: string, values: string[]) => {
  const kind = path.endsWith('result')
    ? 'exam'
    : path.endsWith('outcome')
      ? 'outcome'
      : path.endsWith('recommendation')
        ? 'rec'
        : path.endsWith('reason')
          ? 'dropout'
          : undefined;
  return values.map((v) => (kind ? label(kind, v) : v)).join(', ');
};

/** One issue in words: what is wrong with the field and what would be right, from its code and parameters. */
export const issueMessage = (i: FieldIssue): string => {
  const p = { max: i.max !== undefined ? String(i.max) : '', min: i.min !== undefined ? String(i.min) : '' };
  const date = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v);
  switch (i.code) {
    case 'required':
      return t('issue.required');
    case 'too_big':
      return i.format === 'string' ? t('issue.tooLong', p) : i.format === 'array' ? t('issue.tooMany', p) : t('issue.tooBig', p);
    case 'too_small':
      return i.format === 'string'
        ? i.min === 1
          ? t('issue.required')
          : t('issue.tooShort', p)
        : i.format === 'array'
          ? t('issue.tooFew', p)
          : t('issue.tooSmall', p);
    case 'too_young':
      return t('issue.tooYoung', p);
    case 'too_old':
      return t('issue.tooOld', p);
    case 'not_target_group':
      return t('issue.notTargetGroup', { values: (i.values ?? []).join(', ') });
    case 'too_early':
      return t('issue.tooEarly', { min: date(p.min) });
    case 'too_late':
      return t('issue.tooLate');
    case 'invalid_format':
      return i.format === 'date' ? t('issue.date') : i.format === 'email' ? t('issue.email') : t('issue.format');
    case 'invalid_value':
      return t('issue.oneOf', { values: valueWords(i.path, i.values ?? []) });
    case 'invalid_type':
      return i.expected === 'number' ? t('issue.number') : i.expected === 'int' ? t('issue.integer') : t('issue.type');
    case undefined:
    case 'invalid':
      return currentLanguage() === 'en' ? i.message : t('issue.invalid');
    default: {
      const key = `issue.${i.code}`;
      const vars = { ...p, column: i.column ?? '', values: (i.values ?? []).join(', ') };
      return key in dictionaries.da ? t(key as MessageKey, vars) : currentLanguage() === 'en' ? i.message : t('issue.invalid');
    }
  }
};

/** "Field: what is wrong", for lists and reports. */
export const issueText = (i: FieldIssue): string =>
  i.path && i.path !== '(body)' && i.path !== '(row)' ? `${fieldName(i.path)}: ${issueMessage(i)}` : issueMessage(i);

/** The field issues of an error, for the fields of the form it came from. */
export const issuesOf = (error: Error | undefined): FieldIssue[] => (error instanceof ApiError ? error.issues : []);

/** The issues of the form around a field: a Field shows those for its path beside it. */
export const FormIssues = createContext<FieldIssue[]>([]);

/** Whether an issue's path is the field's, or inside it (`course` holds `course.start`). */
export const issueFor = (issue: FieldIssue, path: string) => issue.path === path || issue.path.startsWith(`${path}.`);

/** After a refused submit, the first field the API named gets the focus (the rest stays as typed). */
export const useFocusFirstInvalid = (error: Error | undefined) => {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!error || !ref.current) return;
    const first = ref.current.querySelector<HTMLElement>('[aria-invalid="true"]') ?? ref.current.querySelector<HTMLElement>('[role="alert"]');
    first?.focus();
  }, [error]);
  return ref;
};

export const ErrorBox = ({ error }: { error: Error | undefined }) =>
  error
    ? html`<div class="error" role="alert" tabindex="-1">
        <p>${messageOf(error)}</p>
        ${
          error instanceof ApiError && error.issues.length > 0
            ? html`<ul>
              ${error.issues.map((i) => html`<li>${issueText(i)}</li>`)}
            </ul>`
            : null
        }
      </div>`
    : null;

export const Loading = () => html`<p class="loading" role="status">${t('app.loading')}</p>`;

export const StatusBadge = ({ status }: { status: string }) => html`<span class="badge badge-${status}">${label('status', status)}</span>`;

/**
 * A form whose submit runs an action, shows its error or a confirmation, and
 * then tells the parent (to reload). Keeps the pending flag so a double click
 * sends once.
 */
export const useAction = <A extends unknown[], R>(run: (...args: A) => Promise<R>, onDone?: (result: R) => void) => {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [result, setResult] = useState<R | undefined>();
  const submit = async (...args: A) => {
    if (pending) return;
    setPending(true);
    setError(undefined);
    try {
      const r = await run(...args);
      setResult(() => r);
      onDone?.(r);
    } catch (e) {
      setError(e as Error);
    } finally {
      setPending(false);
    }
  };
  return { pending, error, result, submit, clear: () => setResult(undefined) };
};

/** The value of a named field of a submitted form. */
export const fieldsOf = (event: Event): Record<string, string> => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, typeof v === 'string' ? v.trim() : ''])) as Record<string, string>;
};
