import { escapeHtml } from './html-escape.js';
import { plural } from './html-format.js';

/** A host list that stays short: the first few inline, the whole list behind a <details>. */
export function renderHostList(hosts: string[], inline = 6): string {
  const shown = hosts.slice(0, inline).map(escapeHtml).join(', ');
  if (hosts.length <= inline) return `<p class="muted">${shown}</p>`;
  return `<details><summary>${shown}, … and ${plural(hosts.length - inline, 'more host')}</summary>
<p>${hosts.map(escapeHtml).join(', ')}</p></details>`;
}
