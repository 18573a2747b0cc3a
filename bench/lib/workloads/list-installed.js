// Workload 2: detect the package manager and list installed packages in ONE round trip.
import { DETECT_PREFIX, outputLines, checkHeader, managerIdFor } from './detect.js';
import { runLocally } from './local-run.js';

const LIST = [
  'case $mgr in',
  "apt-get) dpkg-query -W -f '${binary:Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n';;",
  "dnf5|dnf|yum|zypper) rpm -qa --qf '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n';;",
  'pacman) pacman -Q;;',
  'apk) apk info -v;;',
  'esac',
].join(' ');

export const listInstalledWorkload = {
  id: '2',
  key: 'list-installed',
  title: 'detect + list installed (one round trip)',
  script: `${DETECT_PREFIX}; ${LIST}`,
  pkgfleetArgs: ['list', '--installed'],
  expect() {
    const lines = runLocally(this.script);
    const rows = lines.slice(2);
    return {
      osLine: lines[0],
      managerLine: lines[1],
      rows: rows.length,
      // dpkg rows whose status is "ii": what a parser that drops config-files-only packages keeps.
      installedRows: rows.filter((r) => /\tii ?$/.test(r)).length,
    };
  },
  checkOutput(text, expected) {
    const lines = outputLines(text);
    const bad = checkHeader(lines, expected);
    if (bad) return bad;
    const rows = lines.length - 2;
    return rows === expected.rows ? null : `${rows} package lines, expected ${expected.rows}`;
  },
  checkPkgfleetHost(host, expected) {
    if (host.manager !== managerIdFor(expected.managerLine)) return `manager ${host.manager}`;
    const n = host.installed?.length ?? -1;
    return n === expected.rows || n === expected.installedRows ? null : `${n} installed packages, expected ${expected.installedRows} (or ${expected.rows} with config-files rows)`;
  },
};
