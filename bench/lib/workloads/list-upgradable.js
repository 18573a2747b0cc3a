// Workload 3: detect and list upgradable packages with the manager's own simulation
// (apt-get -s dist-upgrade: read-only, needs no lock as root).
import { DETECT_PREFIX, outputLines, checkHeader, managerIdFor } from './detect.js';
import { runLocally } from './local-run.js';

const LIST = [
  'case $mgr in',
  'apt-get) apt-get -s -q dist-upgrade;;',
  'dnf5|dnf|yum) $mgr -q check-update;;',
  'zypper) zypper -n -q list-updates;;',
  'pacman) pacman -Qu;;',
  "apk) apk version -l '<';;",
  'esac',
].join(' ');

const countInst = (lines) => lines.filter((l) => l.startsWith('Inst ')).length;

export const listUpgradableWorkload = {
  id: '3',
  key: 'list-upgradable',
  title: 'detect + list upgradable (simulated dist-upgrade)',
  script: `${DETECT_PREFIX}; ${LIST}`,
  pkgfleetArgs: ['list', '--upgradable'],
  expect() {
    const lines = runLocally(this.script);
    return {
      osLine: lines[0],
      managerLine: lines[1],
      inst: countInst(lines),
      // "Inst name [old] (new …)": upgrades; without [old] it is a new dependency being pulled in.
      upgrades: lines.filter((l) => /^Inst \S+ \[/.test(l)).length,
    };
  },
  checkOutput(text, expected) {
    const lines = outputLines(text);
    const bad = checkHeader(lines, expected);
    if (bad) return bad;
    const n = countInst(lines);
    return n === expected.inst ? null : `${n} Inst lines, expected ${expected.inst}`;
  },
  checkPkgfleetHost(host, expected) {
    if (host.manager !== managerIdFor(expected.managerLine)) return `manager ${host.manager}`;
    const n = host.upgradable?.length ?? -1;
    return n === expected.upgrades || n === expected.inst ? null : `${n} upgradable packages, expected ${expected.upgrades}`;
  },
};
