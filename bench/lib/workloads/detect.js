// The shell prefix every generic tool runs first: read os-release and find the package manager, in the
// same round trip as the real work (what pkgfleet's fact gathering does). Prints two header lines.

export const DETECT_PREFIX = [
  'export LC_ALL=C',
  '. /etc/os-release 2>/dev/null || . /usr/lib/os-release 2>/dev/null',
  'echo "os=$ID"',
  'mgr=none',
  'for m in apt-get dnf5 dnf yum zypper pacman apk; do if command -v $m >/dev/null 2>&1; then mgr=$m; break; fi; done',
  'echo "manager=$mgr"',
].join('; ');

/** Splits output into lines (ansible -m raw runs on a pty: strip CRs) without the trailing empty line. */
export function outputLines(text) {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Checks the two header lines against the locally computed ones; returns a problem or null. */
export function checkHeader(lines, expected) {
  if (lines[0] !== expected.osLine) return `first line ${JSON.stringify(lines[0])}, expected ${JSON.stringify(expected.osLine)}`;
  if (lines[1] !== expected.managerLine) return `second line ${JSON.stringify(lines[1])}, expected ${JSON.stringify(expected.managerLine)}`;
  return null;
}

/** pkgfleet's manager id for a binary the prefix found. */
export function managerIdFor(managerLine) {
  const bin = managerLine.replace(/^manager=/, '');
  return bin === 'apt-get' ? 'apt' : bin;
}
