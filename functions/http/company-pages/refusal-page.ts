import { html } from '../../mail/html.js';
import { page, type PageBase } from './layout.js';
import { pagePhrases } from './phrases.js';

// The page for a link that cannot be used, instead of a JSON error.

export type LinkRefusalReason = 'invalid' | 'expired' | 'replayed' | 'closed' | 'not-invited' | 'stale-form' | 'cross-site';

/** A link that cannot be used, with what to do instead (contact the job centre consultant; use the newest e-mail). */
export const renderLinkRefusal = (v: PageBase & { reason: LinkRefusalReason }): string => {
  const r = pagePhrases(v.language).refusal;
  return page(
    v,
    r.titles[v.reason],
    html`<div class="panel ${v.reason === 'replayed' ? 'info' : 'bad'}"><p>${r.reasons[v.reason]}</p></div>
<h2>${r.whatToDo}</h2>
<ul class="actions">${r.actions[v.reason].map((a) => html`<li>${a}</li>`)}</ul>`,
  );
};
