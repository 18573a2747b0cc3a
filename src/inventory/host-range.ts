const RANGE = /^(.*?)\[([0-9a-zA-Z]*):([0-9a-zA-Z]*)(?::(\d+))?\](.*)$/;

/**
 * Expands Ansible host ranges: `web[01:03].x` -> web01, web02, web03 (leading zeros keep
 * the width), `db-[a:c]` -> db-a, db-b, db-c, `n[0:10:5]` -> n0, n5, n10; several ranges
 * multiply. A name without a range is returned alone. Throws Error on a malformed range.
 */
export function expandHostRange(name: string): string[] {
  const m = RANGE.exec(name);
  if (!m) return [name];
  const [, head, rawBeg, end, rawStep, tail] = m as unknown as [string, string, string, string, string | undefined, string];
  const beg = rawBeg === '' ? '0' : rawBeg;
  const step = rawStep === undefined ? 1 : Number(rawStep);
  if (end === '') throw new Error(`host range '[${rawBeg}:${end}]' has no end`);
  if (step < 1) throw new Error(`host range step must be at least 1`);
  const items: string[] = [];
  if (/^\d+$/.test(beg) && /^\d+$/.test(end)) {
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
    if (width && end.length !== width) throw new Error(`host range '[${beg}:${end}]' must have the same width at both ends`);
    const a = Number(beg);
    const b = Number(end);
    if (a > b) throw new Error(`host range '[${beg}:${end}]' starts after it ends`);
    for (let i = a; i <= b; i += step) items.push(String(i).padStart(width, '0'));
  } else if (/^[a-z]$/.test(beg) && /^[a-z]$/.test(end) || /^[A-Z]$/.test(beg) && /^[A-Z]$/.test(end)) {
    const a = beg.charCodeAt(0);
    const b = end.charCodeAt(0);
    if (a > b) throw new Error(`host range '[${beg}:${end}]' starts after it ends`);
    for (let i = a; i <= b; i += step) items.push(String.fromCharCode(i));
  } else {
    throw new Error(`host range '[${rawBeg}:${end}]' must be numbers or single letters`);
  }
  return items.flatMap((item) => expandHostRange(`${head}${item}${tail}`));
}
