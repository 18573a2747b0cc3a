// dnf5 (Fedora >= 41, where `dnf` is dnf5). Differences from dnf4: --queryformat needs its own
// "\n", `advisory` replaces `updateinfo`, no exit_on_lock option, other lock and abort messages.
import type { Command } from './types.js';
import { createDnfFamily } from './rpm-dnf-family.js';
import { REPOQUERY_FORMAT, REPOQUERY_SEARCH_FORMAT, parseDnfFamilyUpgradable, searchHitsFromRepoquery } from './rpm-dnf-lists.js';
import { rpmQueryAll } from './rpm-query.js';

const dnf5cmd = (args: string[]): Command => ({ argv: ['dnf5', ...args], root: true });

export const dnf5 = createDnfFamily({
  id: 'dnf5',
  displayName: 'Dnf5',
  binary: 'dnf5',
  binaries: ['dnf5'],
  // dnf5 has no exit_on_lock: the rpm transaction lock fails at once ("Failed to obtain rpm
  // transaction lock"); since 5.4 the system-repo lock is waited for without limit, so the
  // runner's own timeout ends such a run (interpretExit then reports lockHeld).
  common: [],
  // The transaction table fills the terminal width; a wide one keeps names and versions whole
  // (non-tty default is 80 columns) and, on 5.4, puts `new <- old` on one line.
  planEnv: { COLUMNS: '250' },
  upgradeVerb: 'upgrade',
  listUpgradable: (security) => [
    dnf5cmd(['-q', 'repoquery', '--upgrades', '--latest-limit=1', ...(security ? ['--security'] : []), '--queryformat', `${REPOQUERY_FORMAT}\\n`]),
    rpmQueryAll(),
    dnf5cmd(['-q', 'advisory', 'list', '--security']),
  ],
  parseUpgradable: parseDnfFamilyUpgradable,
  search: (term) => dnf5cmd(['-q', 'repoquery', '--latest-limit=1', '--queryformat', `${REPOQUERY_SEARCH_FORMAT}\\n`, `*${term}*`]),
  parseSearch: searchHitsFromRepoquery,
  // dnf5-plugins; the reboot hint is its default (-r is accepted and ignored). It loads the
  // repositories (updateinfo reboot_suggested), hence root: the system metadata cache.
  rebootCheck: { argv: ['dnf5', '-q', 'needs-restarting'], root: true },
  exit: {
    lockCodes: [],
    lockText: [/Failed to obtain rpm transaction lock/, /Waiting for a lock on the system repository/],
    abortedText: /Operation aborted by the user\./,
  },
});
