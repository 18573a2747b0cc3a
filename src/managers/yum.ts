// yum 3 (CentOS/RHEL 7, Amazon Linux 2). Same shape as dnf4; differences: `update` verb,
// exit_on_lock exits 1 (not 200) with a message, check-update instead of repoquery (yum-utils'
// repoquery is optional), `updateinfo list security`, needs-restarting is a yum-utils binary.
import type { Command, ExecResult } from './types.js';
import { createDnfFamily } from './rpm-dnf-family.js';
import { joinUpgradable, parseCheckUpdate, parseSecurityAdvisories, parseYumSearch } from './rpm-dnf-lists.js';
import { parseRpmQa, rpmQueryAll } from './rpm-query.js';

const EXIT_ON_LOCK = '--setopt=exit_on_lock=1';

const yum3 = (args: string[]): Command => ({ argv: ['yum', EXIT_ON_LOCK, ...args], root: true });

/** Results of listUpgradable(), in order: check-update (100 = updates), rpm -qa, updateinfo. */
export function parseYumUpgradable(results: ExecResult[]) {
  const [updates, rpmdb, advisories] = results;
  if (!updates || (updates.code !== 0 && updates.code !== 100)) return [];
  const security = advisories && advisories.code === 0 ? parseSecurityAdvisories(advisories.stdout) : null;
  return joinUpgradable(parseCheckUpdate(updates.stdout), parseRpmQa(rpmdb?.stdout ?? ''), security);
}

export const yum = createDnfFamily({
  id: 'yum',
  displayName: 'Yum',
  binary: 'yum',
  binaries: ['yum'],
  common: [EXIT_ON_LOCK],
  upgradeVerb: 'update',
  listUpgradable: (security) => [
    yum3(['-q', 'check-update', ...(security ? ['--security'] : [])]),
    rpmQueryAll(),
    yum3(['-q', 'updateinfo', 'list', 'security']),
  ],
  parseUpgradable: parseYumUpgradable,
  search: (term) => yum3(['-q', 'search', term]),
  parseSearch: parseYumSearch,
  // yum-utils: exit 1 = reboot needed; missing yum-utils -> "command not found" (127) = false.
  rebootCheck: { argv: ['needs-restarting', '-r'], root: false },
  exit: {
    // Exit 1, like any error; only the text tells a held lock apart.
    lockCodes: [],
    lockText: [/exiting as configured by exit_on_lock/, /Existing lock .*another copy is running as pid/],
    abortedText: /Exiting on user command/,
  },
});
