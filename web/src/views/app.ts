import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from '../api.js';
import { signInLocally, signOut, startCognitoSignIn, type Role, type Session } from '../auth.js';
import { apiBaseOf, type WebConfig } from '../config.js';
import { currentLanguage, setLanguage, t } from '../i18n.js';
import { App as AppContext, ErrorBox } from '../ui.js';
import { PilotView } from './pilot-view.js';
import { PilotsList } from './pilots-list.js';

// The page's frame: header (language, who is signed in), sign-in, and the
// two views, addressed by the URL's hash (#/ and #/pilots/<id>) so that a
// static bucket serves every view from one index.html.

const routeOf = () => location.hash.replace(/^#/, '') || '/';

const SignIn = ({ config, onSignedIn, expired }: { config: WebConfig; onSignedIn(s: Session): void; expired: boolean }) => {
  const [error, setError] = useState<Error | undefined>();
  // Locally anyone may be anyone: another consultant (a pilot's team names people by e-mail address) is one field away.
  const [email, setEmail] = useState('');
  const local = (role: Role) => signInLocally(role, email.trim() || undefined).then(onSignedIn, setError);
  return html`<section class="panel sign-in" aria-labelledby="sign-in-heading">
    <h1 id="sign-in-heading">${config.auth === 'local' ? t('auth.localTitle') : t('auth.signIn')}</h1>
    ${expired ? html`<p class="notice">${t('auth.expired')}</p>` : null}
    ${
      config.auth === 'local'
        ? html`<p>${t('auth.localHelp')}</p>
          <p class="field">
            <label for="local-email">${t('auth.localEmail')}</label>
            <input id="local-email" type="email" autocomplete="off" value=${email} onInput=${(e: Event) => setEmail((e.currentTarget as HTMLInputElement).value)} />
          </p>
          <div class="buttons">
            <button type="button" class="primary" onClick=${() => void local('consultant')}>${t('auth.asConsultant')}</button>
            <button type="button" onClick=${() => void local('management')}>${t('auth.asManagement')}</button>
            <button type="button" onClick=${() => void local('admin')}>${t('auth.asAdmin')}</button>
          </div>`
        : html`<p>${t('auth.cognitoHelp')}</p>
          <button type="button" class="primary" onClick=${() => void startCognitoSignIn(config).catch(setError)}>${t('auth.signIn')}</button>`
    }
    <${ErrorBox} error=${error} />
  </section>`;
};

export const Page = ({ config, initialSession }: { config: WebConfig; initialSession: Session | undefined }) => {
  const [session, setSession] = useState(initialSession);
  const [expired, setExpired] = useState(false);
  const [route, setRoute] = useState(routeOf());
  const [, setLanguageVersion] = useState(0);

  useEffect(() => {
    const onHash = () => {
      setRoute(routeOf());
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const api = useMemo(
    () =>
      createApi(
        apiBaseOf(config),
        () => session?.token,
        () => {
          setSession(undefined);
          setExpired(true);
        },
      ),
    [config, session],
  );

  const switchLanguage = () => {
    setLanguage(currentLanguage() === 'da' ? 'en' : 'da');
    setLanguageVersion((v) => v + 1);
  };
  const pilotId = /^\/pilots\/([^/]+)$/.exec(route)?.[1];

  return html`<div class="page">
    <a class="skip" href="#main">${currentLanguage() === 'da' ? 'Spring til indhold' : 'Skip to content'}</a>
    <header class="top">
      <a class="brand" href="#/">${t('app.title')}</a>
      <div class="top-right">
        ${session?.role ? html`<span class="who">${session.email ?? ''} · ${t(`role.${session.role}`)}</span>` : null}
        <button type="button" lang=${currentLanguage() === 'da' ? 'en' : 'da'} aria-label=${t('lang.switchLabel')} onClick=${switchLanguage}>${t('lang.switch')}</button>
        ${
          session
            ? html`<button
              type="button"
              onClick=${() => {
                signOut(config);
                setSession(undefined);
              }}
            >
              ${t('auth.signOut')}
            </button>`
            : null
        }
      </div>
    </header>
    <main id="main" tabindex="-1">
      ${
        !session
          ? html`<${SignIn}
            config=${config}
            expired=${expired}
            onSignedIn=${(s: Session) => {
              setExpired(false);
              setSession(s);
            }}
          />`
          : !session.role
            ? html`<p class="error" role="alert">${t('auth.noRole')}</p>`
            : html`<${AppContext.Provider} value=${{ api, session, canWrite: session.role === 'consultant' || session.role === 'admin' }}>
              ${
                pilotId
                  ? html`<${PilotView} key=${pilotId} pilotId=${decodeURIComponent(pilotId)} />`
                  : html`<${PilotsList} navigate=${(path: string) => (location.hash = `#${path}`)} />`
              }
            </${AppContext.Provider}>`
      }
    </main>
  </div>`;
};
