import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/managers/types.js';
import { classifyBecomeFailure, decideSudo, detectBecomeFailure, prepareExec } from '../../../src/remote/become.js';
import { LocalTransport } from '../../../src/remote/local-transport.js';
import { quote } from '../../../src/remote/quote.js';

const res = (code: number | null, stderr: string, stdout = ''): ExecResult => ({ code, signal: null, stdout, stderr, durationMs: 1 });

describe('decideSudo', () => {
  it('does not wrap for root or without become', () => {
    expect(decideSudo({ become: false, loginIsRoot: false })).toBe(false);
    expect(decideSudo({ become: true, loginIsRoot: true, password: 'x' })).toBe(false);
  });
  it('uses sudo -n without a password and sudo -S with one', () => {
    expect(decideSudo({ become: true, loginIsRoot: false })).toBe('nopass');
    expect(decideSudo({ become: true, loginIsRoot: false, password: '' })).toBe('password');
  });
});

describe('prepareExec', () => {
  const root = { argv: ['apt-get', 'update'], root: true };
  it('puts the password on stdin, never in the line', () => {
    const p = prepareExec(root, 'password', "p@ss 'word' $(x)");
    expect(p.line).toBe("sudo -S -p '' -- env LC_ALL=C LANG=C apt-get update");
    expect(p.line).not.toContain('p@ss');
    expect(p.stdin).toBe("p@ss 'word' $(x)\n");
  });
  it("puts the command's own stdin after the password line", () => {
    expect(prepareExec(root, 'password', 'pw', 'data\n').stdin).toBe('pw\ndata\n');
  });
  it('never sends the password to a command that does not need root', () => {
    const p = prepareExec({ argv: ['id'], root: false }, 'password', 'pw');
    expect(p).toEqual({ line: 'env LC_ALL=C LANG=C id' });
  });
  it('uses sudo -n with no stdin in nopass mode', () => {
    expect(prepareExec(root, 'nopass')).toEqual({ line: 'sudo -n -- env LC_ALL=C LANG=C apt-get update' });
  });
  it('refuses a password containing a newline (sudo -S reads one line)', () => {
    expect(() => prepareExec(root, 'password', 'a\nb')).toThrow(/newline/);
    expect(() => prepareExec(root, 'password')).toThrow(/without a password/);
  });
});

describe('password sudo end to end (with a stand-in sudo on PATH)', () => {
  // Behaves like `sudo -S -p '' -- CMD...`: reads ONE line from stdin as the password, checks
  // it, prints sudo's own messages on a mismatch, else execs CMD with the rest of stdin.
  const dir = mkdtempSync(join(tmpdir(), 'pkgfleet-sudo-'));
  const fake = join(dir, 'sudo');
  writeFileSync(
    fake,
    `#!/bin/sh
[ "$1" = -S ] && [ "$2" = -p ] && [ "$3" = "" ] && [ "$4" = -- ] || exit 90
shift 4
IFS= read -r pw
if [ "$pw" != "$PKGFLEET_EXPECTED" ]; then echo 'Sorry, try again.' >&2; echo 'sudo: 1 incorrect password attempt' >&2; exit 1; fi
exec "$@"
`,
  );
  chmodSync(fake, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const local = new LocalTransport();
  const secret = "it's $(not) run";
  const run = async (password: string, stdin?: string): Promise<ExecResult> => {
    const p = prepareExec({ argv: ['sh', '-c', 'printf "[%s]" "$(cat)"'], root: true }, 'password', password, stdin);
    const env = `PATH=${dir}:$PATH PKGFLEET_EXPECTED=${quote(secret)}`;
    return local.exec(`${env} ${p.line}`, p.stdin === undefined ? {} : { stdin: p.stdin });
  };

  it('the command runs and sees only its own stdin after the password line', async () => {
    expect(await run(secret, 'payload')).toMatchObject({ code: 0, stdout: '[payload]' });
    expect(await run(secret)).toMatchObject({ code: 0, stdout: '[]' });
  });

  it('a wrong password is classified', async () => {
    const r = await run('wrong');
    expect(r.code).toBe(1);
    expect(detectBecomeFailure(r)?.reason).toBe('wrong-password');
  });
});

describe('classifyBecomeFailure', () => {
  // Messages as printed by sudo 1.9 (Debian 12) in the lab, C locale.
  const cases: Array<[string, ExecResult, string]> = [
    ['password required', res(1, 'sudo: a password is required\n'), 'password-required'],
    ['wrong password', res(1, 'Sorry, try again.\nsudo: 1 incorrect password attempt\n'), 'wrong-password'],
    ['wrong password, 3 tries', res(1, 'sudo: 3 incorrect password attempts\n'), 'wrong-password'],
    ['not in sudoers', res(1, 'carol is not in the sudoers file.  This incident will be reported.\n'), 'not-in-sudoers'],
    ['not allowed', res(1, 'Sorry, user bob is not allowed to execute \'/usr/bin/apt-get update\' as root on web.\n'), 'not-allowed'],
    ['no sudo (dash)', res(127, 'sh: 1: sudo: not found\n'), 'no-sudo'],
    ['no sudo (bash)', res(127, 'bash: sudo: command not found\n'), 'no-sudo'],
    ['no tty (old sudo)', res(1, 'sudo: no tty present and no askpass program specified\n'), 'password-required'],
  ];
  for (const [name, result, reason] of cases) {
    it(`recognises ${name}`, () => {
      expect(detectBecomeFailure(result)?.reason).toBe(reason);
      expect(classifyBecomeFailure(result, 'web1')).toMatch(/^web1: /);
    });
  }
  it('ignores successful runs, plain command failures and sudo warnings', () => {
    expect(classifyBecomeFailure(res(0, 'sudo: unable to resolve host web: Name or service not known\n'))).toBeNull();
    expect(classifyBecomeFailure(res(100, 'E: Unable to locate package nope\n'))).toBeNull();
    expect(classifyBecomeFailure(res(0, 'Sorry, try again.\n'))).toBeNull();
  });
});
