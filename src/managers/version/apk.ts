/**
 * apk-tools' version order (what `apk version -t A B` prints), written from its documented
 * grammar `digit{.digit}...{letter}{_suffix{digits}}...{~hash}{-r#}`:
 * - numbers compare numerically, except that a dotted component with a leading zero on either
 *   side compares as a string (`8.2.0 < 8.2.001`, Gentoo rules);
 * - one lowercase letter may follow the numbers (`1.1a`);
 * - suffixes order `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`,
 *   each with an optional number, and they may repeat (`0.1_git20240101_pre1`);
 * - `~hex` is a commit hash (compared as a string), `-rN` the package revision.
 * When one side runs out first, the longer one is newer unless what it has next is a
 * pre-release suffix. Invalid input is not rejected: tokens stop at the first invalid character
 * and an invalid position sorts below the end of a valid version, as apk does.
 */

enum Tok {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNo,
  CommitHash,
  RevisionNo,
  End,
  Invalid,
}

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'] as const;
/** Rank of "no suffix": lower ranks are pre-releases. */
const SUFFIX_NONE = SUFFIXES.indexOf('');

interface Token {
  type: Tok;
  /** The token's text (digits, letter, suffix name or hash). */
  text: string;
  /** Digits as a number (BigInt: apk uses 64 bits) or the suffix rank. */
  num: bigint;
}

class Lexer {
  pos = 0;
  constructor(private readonly s: string) {}

  private span(re: RegExp): string {
    const start = this.pos;
    while (this.pos < this.s.length && re.test(this.s[this.pos]!)) this.pos++;
    return this.s.slice(start, this.pos);
  }

  private digits(type: Tok): Token {
    const text = this.span(/[0-9]/);
    return text === '' ? invalid() : { type, text, num: BigInt(text) };
  }

  first(): Token {
    return this.digits(Tok.InitialDigit);
  }

  next(prev: Token): Token {
    if (this.pos >= this.s.length) return { type: Tok.End, text: '', num: 0n };
    const c = this.s[this.pos]!;
    if (c >= 'a' && c <= 'z') {
      if (prev.type > Tok.Digit) return invalid();
      this.pos++;
      return { type: Tok.Letter, text: c, num: BigInt(c.charCodeAt(0)) };
    }
    if (c === '.' || (c >= '0' && c <= '9')) {
      if (c === '.') {
        if (prev.type > Tok.Digit) return invalid();
        this.pos++;
      }
      if (prev.type === Tok.InitialDigit || prev.type === Tok.Digit) return this.digits(Tok.Digit);
      if (prev.type === Tok.Suffix) return this.digits(Tok.SuffixNo);
      return invalid();
    }
    if (c === '_') {
      if (prev.type > Tok.SuffixNo) return invalid();
      this.pos++;
      const name = this.span(/[a-z]/);
      const rank = name === '' ? -1 : SUFFIXES.indexOf(name as (typeof SUFFIXES)[number]);
      return rank < 0 ? invalid() : { type: Tok.Suffix, text: name, num: BigInt(rank) };
    }
    if (c === '~') {
      if (prev.type >= Tok.CommitHash) return invalid();
      this.pos++;
      const hash = this.span(/[0-9a-f]/);
      return hash === '' ? invalid() : { type: Tok.CommitHash, text: hash, num: 0n };
    }
    if (c === '-') {
      if (prev.type >= Tok.RevisionNo || this.s[this.pos + 1] !== 'r') return invalid();
      this.pos += 2;
      return this.digits(Tok.RevisionNo);
    }
    return invalid();
  }
}

function invalid(): Token {
  return { type: Tok.Invalid, text: '', num: 0n };
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Plain byte order, shorter first on a common prefix (apk_blob_sort). */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareTokens(a: Token, b: Token): number {
  switch (a.type) {
    case Tok.Digit:
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareText(a.text, b.text);
    // fall through: numeric comparison
    case Tok.InitialDigit:
    case Tok.SuffixNo:
    case Tok.RevisionNo:
    case Tok.Letter:
    case Tok.Suffix:
      return a.num === b.num ? 0 : a.num < b.num ? -1 : 1;
    default:
      return compareText(a.text, b.text);
  }
}

/** -1, 0 or 1, as `apk version -t a b` prints `<`, `=` or `>`. */
export function compareApkVersions(a: string, b: string): number {
  const la = new Lexer(a);
  const lb = new Lexer(b);
  let ta = la.first();
  let tb = lb.first();
  while (ta.type === tb.type && ta.type < Tok.End) {
    const r = compareTokens(ta, tb);
    if (r !== 0) return sign(r);
    ta = la.next(ta);
    tb = lb.next(tb);
  }
  if (ta.type === tb.type) return 0;
  if (ta.type === Tok.Suffix && ta.num < SUFFIX_NONE) return -1;
  if (tb.type === Tok.Suffix && tb.num < SUFFIX_NONE) return 1;
  return ta.type > tb.type ? -1 : 1;
}

/** True when apk would accept the string as a version (apk_version_validate). */
export function isValidApkVersion(v: string): boolean {
  const lx = new Lexer(v);
  let t = lx.first();
  while (t.type < Tok.End) t = lx.next(t);
  return t.type === Tok.End;
}
