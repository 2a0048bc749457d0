import { render } from 'preact';
import { html } from 'htm/preact';
import { currentSession, finishCognitoSignIn } from './auth.js';
import { loadConfig } from './config.js';
import { initLanguage, t } from './i18n.js';
import { Page } from './views/app.js';

// Start: the language, the configuration (how to sign in), a sign-in coming
// back from Cognito's hosted UI, then the page.

const root = document.getElementById('app')!;
initLanguage();
document.title = t('app.title');
try {
  const config = await loadConfig();
  const session = (config.auth === 'cognito' ? await finishCognitoSignIn(config) : undefined) ?? currentSession();
  root.textContent = '';
  render(html`<${Page} config=${config} initialSession=${session} />`, root);
} catch (error) {
  // Before the page could start (no configuration, a failed sign-in): say so, and offer a fresh start.
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'error';
  message.textContent = `${t('app.error')}: ${(error as Error).message}`;
  const retry = document.createElement('a');
  retry.href = '/';
  retry.textContent = t('app.retry');
  root.replaceChildren(message, retry);
}
