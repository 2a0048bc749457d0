import { html } from 'htm/preact';
import { t } from '../i18n.js';
import { ErrorBox, FormIssues, fieldsOf, issuesOf, useAction, useApp, useFocusFirstInvalid } from '../ui.js';
import { Field } from './fields.js';

// A pilot's team (functions/domain/access.ts): the consultants who see and
// change its personal data. Shown to the team and admins, who add and remove
// members; the API refuses anyone else, so nobody else is offered the form.

export const TeamSection = ({ pilotId, team, onChanged }: { pilotId: string; team: string[]; onChanged(): void }) => {
  const { api, session, canWrite } = useApp();
  const add = useAction((email: string) => api.send('POST /pilots/{pilotId}/team', { pilotId }, { email }), onChanged);
  const remove = useAction((email: string) => api.send('DELETE /pilots/{pilotId}/team/{member}', { pilotId, member: email }), onChanged);
  const addRef = useFocusFirstInvalid(add.error);
  const me = session.email?.toLowerCase();
  return html`<section aria-labelledby="team-heading">
    <h2 id="team-heading">${t('team.heading')}</h2>
    <p>${t('team.help')}</p>
    <ul class="team">
      ${team.map(
        (email) => html`<li>
          <span>${email}</span>${email === me ? html` <span class="hint">${t('team.you')}</span>` : null}
          ${
            canWrite && team.length > 1
              ? html` <button type="button" disabled=${remove.pending} onClick=${() => void remove.submit(email)}>${t('team.remove', { email })}</button>`
              : null
          }
        </li>`,
      )}
    </ul>
    <${ErrorBox} error=${remove.error} />
    ${
      canWrite
        ? html`<form
          class="panel"
          aria-labelledby="team-add-heading"
          ref=${addRef}
          onSubmit=${(e: Event) => {
            const f = fieldsOf(e);
            void add.submit(f.email ?? '');
          }}
        >
          <${FormIssues.Provider} value=${issuesOf(add.error)}>
          <h3 id="team-add-heading">${t('team.add')}</h3>
          <${Field} name="email" label=${t('team.email')} type="email" required />
          <${ErrorBox} error=${add.error} />
          <button type="submit" disabled=${add.pending}>${t('team.add')}</button>
          </${FormIssues.Provider}>
        </form>`
        : null
    }
  </section>`;
};
