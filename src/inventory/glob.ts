/** True when `s` contains a `*` or `?` wildcard. */
export function hasWildcard(s: string): boolean {
  return /[*?]/.test(s);
}

/** `*` = any run of characters, `?` = one character, everything else literal; whole-string match. */
export function globToRegExp(pattern: string, ignoreCase = false): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

export function globMatch(pattern: string, s: string, ignoreCase = false): boolean {
  return globToRegExp(pattern, ignoreCase).test(s);
}
