import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quote, renderCommand } from '../../../src/remote/quote.js';

const scratch = mkdtempSync(join(tmpdir(), 'pkgfleet-quote-'));
const canary = join(scratch, 'pwned');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HOSTILE: string[] = [
  "it's",
  "'",
  "''",
  '"double" quotes',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  '$HOME',
  '${PATH}',
  'a\nb',
  '\n',
  '',
  ' ',
  '  spaced  out  ',
  'tab\there',
  '-n',
  '--help',
  '-',
  '--',
  'ünïcödé ☃ 日本語 🙂',
  '*',
  '?',
  '[a-z]',
  '~',
  '~root',
  'a;b',
  'a|b',
  'a&b',
  '&& true',
  '> out',
  '<in',
  '!',
  '!!',
  '#not-a-comment',
  'back\\slash',
  '\\',
  '%s%d',
  'x=y',
  '\x01\x1b[31m\x7f',
  'line1\r\nline2',
  "'; touch " + canary + "; '",
];

/** Runs a rendered line in a real shell; printf prints each argument followed by a NUL. */
function argvThroughShell(shell: string, args: string[]): string[] {
  const line = renderCommand({ argv: ['printf', '%s\\0', ...args], root: false });
  const out = spawnSync(shell, ['-c', line], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  const parts = out.stdout.split('\0');
  expect(parts.pop()).toBe('');
  return parts;
}

describe('quote', () => {
  it('leaves plain words alone', () => {
    expect(quote('apt-get')).toBe('apt-get');
    expect(quote('nginx=1.24.0-1')).toBe('nginx=1.24.0-1');
    expect(quote('/usr/bin/env')).toBe('/usr/bin/env');
  });

  it('single-quotes anything else and escapes single quotes', () => {
    expect(quote('')).toBe("''");
    expect(quote('a b')).toBe("'a b'");
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('$(id)')).toBe("'$(id)'");
    expect(quote('a\nb')).toBe("'a\nb'");
  });

  it('refuses a NUL byte (no shell can pass it)', () => {
    expect(() => quote('a\0b')).toThrow(/NUL/);
  });
});

describe('renderCommand', () => {
  it('fixes the locale and prefixes env', () => {
    expect(renderCommand({ argv: ['apt-get', 'update'], root: false })).toBe('env LC_ALL=C LANG=C apt-get update');
  });

  it('renders extra env after the locale, quoted', () => {
    const line = renderCommand({ argv: ['x'], env: { DEBIAN_FRONTEND: 'noninteractive', A: 'b c' }, root: false });
    expect(line).toBe("env LC_ALL=C LANG=C DEBIAN_FRONTEND=noninteractive 'A=b c' x");
  });

  it('wraps root commands with sudo -n or sudo -S -p "" only when asked', () => {
    const cmd = { argv: ['apt-get', 'update'], root: true };
    expect(renderCommand(cmd)).toBe('env LC_ALL=C LANG=C apt-get update');
    expect(renderCommand(cmd, { sudo: 'nopass' })).toBe('sudo -n -- env LC_ALL=C LANG=C apt-get update');
    expect(renderCommand(cmd, { sudo: 'password' })).toBe("sudo -S -p '' -- env LC_ALL=C LANG=C apt-get update");
    expect(renderCommand({ ...cmd, root: false }, { sudo: 'password' })).toBe('env LC_ALL=C LANG=C apt-get update');
  });

  it('renders a plain command (its output is not read) as its words alone, unless it has env', () => {
    expect(renderCommand({ argv: ['true'], root: false, plain: true })).toBe('true');
    expect(renderCommand({ argv: ['true'], root: true, plain: true }, { sudo: 'nopass' })).toBe('sudo -n -- true');
    expect(renderCommand({ argv: ['x'], env: { A: '1' }, root: false, plain: true })).toBe('env LC_ALL=C LANG=C A=1 x');
  });

  it('rejects an invalid env name and an empty argv', () => {
    expect(() => renderCommand({ argv: ['x'], env: { 'A;B': '1' }, root: false })).toThrow(/environment variable/);
    expect(() => renderCommand({ argv: ['x'], env: { '1A': '1' }, root: false })).toThrow(/environment variable/);
    expect(() => renderCommand({ argv: [], root: false })).toThrow(/empty command/);
  });

  it('sets the environment inside a sh -c script instead of starting env', () => {
    expect(renderCommand({ argv: ['/bin/sh', '-c', 'echo "$1"', 'sh', 'a b'], root: false })).toBe(`/bin/sh -c 'export LC_ALL=C LANG=C; echo "$1"' sh 'a b'`);
    const inner = `export LC_ALL=C LANG=C A=${quote("it's")}; x`;
    expect(renderCommand({ argv: ['sh', '-c', 'x'], env: { A: "it's" }, root: true }, { sudo: 'nopass' })).toBe(`sudo -n -- sh -c ${quote(inner)}`);
    // only sh -c SCRIPT: another shell, or sh without -c, still gets the env prefix
    expect(renderCommand({ argv: ['bash', '-c', 'x'], root: false })).toBe('env LC_ALL=C LANG=C bash -c x');
    expect(renderCommand({ argv: ['sh', 'script.sh'], root: false })).toBe('env LC_ALL=C LANG=C sh script.sh');
    expect(renderCommand({ argv: ['sh', '-c'], root: false })).toBe('env LC_ALL=C LANG=C sh -c');
    expect(() => renderCommand({ argv: ['sh', '-c', 'x'], env: { 'A B': '1' }, root: false })).toThrow(/environment variable/);
  });

  for (const shell of ['/bin/sh', '/bin/bash'].filter((s) => existsSync(s))) {
    it(`a sh -c script and what it starts see the fixed locale and hostile env values intact through ${shell}`, () => {
      for (const value of HOSTILE.filter((v) => v !== '')) {
        const script = 'printf "%s|%s|" "$LC_ALL" "$LANG"; printenv PKGFLEET_T; printf "%s\\0" "$@"';
        const line = renderCommand({ argv: ['sh', '-c', script, 'sh', value, 'x'], env: { PKGFLEET_T: value }, root: false });
        const out = spawnSync(shell, ['-c', line], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8' } });
        expect(out.stdout).toBe(`C|C|${value}\n${value}\0x\0`);
      }
      expect(existsSync(canary)).toBe(false);
    });


    it(`delivers hostile arguments intact through ${shell}`, () => {
      expect(argvThroughShell(shell, HOSTILE)).toEqual(HOSTILE);
      expect(existsSync(canary)).toBe(false);
    });

    it(`delivers each hostile argument alone through ${shell}`, () => {
      for (const arg of HOSTILE) expect(argvThroughShell(shell, [arg])).toEqual([arg]);
      expect(readdirSync(scratch)).toEqual([]);
    });

    it(`delivers hostile env values intact through ${shell}`, () => {
      for (const value of HOSTILE.filter((v) => v !== '')) {
        const line = renderCommand({ argv: ['printenv', 'PKGFLEET_T'], env: { PKGFLEET_T: value }, root: false });
        const out = spawnSync(shell, ['-c', line], { encoding: 'utf8' });
        expect(out.stdout).toBe(`${value}\n`);
      }
      expect(existsSync(canary)).toBe(false);
    });
  }
});
