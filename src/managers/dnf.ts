// dnf4 (RHEL/Alma/Rocky 8-10, Fedora <= 40). Pure: builds argv commands, parses their output.
import type { Command } from './types.js';
import { createDnfFamily } from './rpm-dnf-family.js';
import { REPOQUERY_FORMAT, REPOQUERY_SEARCH_FORMAT, parseDnfFamilyUpgradable, searchHitsFromRepoquery } from './rpm-dnf-lists.js';
import { rpmQueryAll } from './rpm-query.js';

/** A held lock fails at once with exit 200 instead of waiting forever; the runner retries. */
const EXIT_ON_LOCK = '--setopt=exit_on_lock=True';

const dnf4 = (args: string[]): Command => ({ argv: ['dnf', EXIT_ON_LOCK, ...args], root: true });

export const dnf = createDnfFamily({
  id: 'dnf',
  displayName: 'Dnf',
  binary: 'dnf',
  binaries: ['dnf'],
  common: [EXIT_ON_LOCK],
  upgradeVerb: 'upgrade',
  listUpgradable: (security) => [
    // --latest-limit=1: one candidate per name.arch. dnf4 ends each --qf record with a newline.
    dnf4(['-q', 'repoquery', '--upgrades', '--latest-limit=1', ...(security ? ['--security'] : []), '--qf', REPOQUERY_FORMAT]),
    rpmQueryAll(),
    dnf4(['-q', 'updateinfo', 'list', '--security']),
  ],
  parseUpgradable: parseDnfFamilyUpgradable,
  // Names only (like apt-cache search --names-only), machine-readable; one line per name.arch.
  search: (term) => dnf4(['-q', 'repoquery', '--latest-limit=1', '--qf', REPOQUERY_SEARCH_FORMAT, `*${term}*`]),
  parseSearch: searchHitsFromRepoquery,
  // dnf-plugins-core; without it dnf says "No such command" (exit 1) and the answer is false.
  rebootCheck: { argv: ['dnf', '-q', 'needs-restarting', '-r'], root: false },
  exit: {
    lockCodes: [200],
    lockText: [/already locked by \d+/, /Waiting for process with pid \d+ to finish/],
    abortedText: /^Operation aborted\.$/m,
  },
});
