import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, type Api } from './api.js';
import type { Session } from './auth.js';
import { label, t } from './i18n.js';

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

/** What an error means to the reader, with the API's field issues. */
export const messageOf = (error: Error): string => {
  if (!(error instanceof ApiError)) return error.message;
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 409) return t('error.conflict', { message: error.message });
  return t('error.generic', { status: error.status, message: error.message });
};

export const ErrorBox = ({ error }: { error: Error | undefined }) =>
  error
    ? html`<div class="error" role="alert">
        <p>${messageOf(error)}</p>
        ${error instanceof ApiError && error.issues.length > 0
          ? html`<ul>
              ${error.issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}
            </ul>`
          : null}
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
