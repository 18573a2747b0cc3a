import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/remote/local-transport.js';
import { renderCommand } from '../../../src/remote/quote.js';

const dir = mkdtempSync(join(tmpdir(), 'pkgfleet-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = new LocalTransport({ maxOutputBytes: 10_000, killGraceMs: 300 });

/** Alive = /proc entry exists and is not a zombie (state Z). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitDead(pid: number, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('LocalTransport', () => {
  it('runs /bin/sh -c LINE and returns code, stdout, stderr without throwing', async () => {
    const r = await t.exec('echo out; echo err >&2; exit 7');
    expect(r).toMatchObject({ code: 7, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(typeof r.durationMs).toBe('number');
    expect(await t.exec('true')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await t.exec('no-such-command-pkgfleet')).code).toBe(127);
  });

  it('writes stdin and closes it; without stdin the command reads EOF', async () => {
    expect((await t.exec('cat', { stdin: 'line 1\nline 2\n' })).stdout).toBe('line 1\nline 2\n');
    expect(await t.exec('cat')).toMatchObject({ code: 0, stdout: '' });
  });

  it('delivers a rendered command with hostile arguments intact', async () => {
    const args = ["it's", '$(id)', '`id`', 'a\nb', '', '-n', '--', 'ünï ☃', '*'];
    const r = await t.exec(renderCommand({ argv: ['printf', '%s\\0', ...args], root: false }));
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('keeps the tail of oversized output and says how much was dropped', async () => {
    const r = await t.exec("head -c 50000 /dev/zero | tr '\\0' x; echo END");
    expect(r.stdout.length).toBe(10_000);
    expect(r.stdout.endsWith('xEND\n')).toBe(true);
    expect(r.truncated).toEqual({ stdout: 50004 - 10_000, stderr: 0 });
  });

  it('streams output to live callbacks', async () => {
    const seen: string[] = [];
    await t.exec('echo one; echo two', { onStdout: (c) => seen.push(c) });
    expect(seen.join('')).toBe('one\ntwo\n');
  });

  it('on timeout kills the whole process group and returns TIMEOUT', async () => {
    const pidFile = join(dir, 'bg.pid');
    const started = Date.now();
    const r = await t.exec(`sleep 30 & echo $! > ${pidFile}; sleep 30; wait`, { timeoutMs: 300 });
    expect(r).toMatchObject({ code: null, signal: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
    const bg = Number(readFileSync(pidFile, 'utf8'));
    expect(bg).toBeGreaterThan(0);
    expect(await waitDead(bg)).toBe(true);
  });

  it('escalates to SIGKILL when TERM is ignored', async () => {
    const r = await t.exec("trap '' TERM; sleep 30 & wait; sleep 30", { timeoutMs: 200 });
    expect(r).toMatchObject({ code: null, signal: 'TIMEOUT' });
    // timeout (200) + grace before SIGKILL (300)
    expect(r.durationMs).toBeGreaterThanOrEqual(450);
  });

  it('on abort kills the process and returns ABORTED; an aborted signal runs nothing', async () => {
    const ac = new AbortController();
    const pending = t.exec('sleep 30', { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect(await pending).toMatchObject({ code: null, signal: 'ABORTED' });
    const marker = join(dir, 'never');
    const pre = new AbortController();
    pre.abort();
    expect(await t.exec(`touch ${marker}`, { signal: pre.signal })).toMatchObject({ signal: 'ABORTED' });
    expect(() => readFileSync(marker)).toThrow();
  });

  it('reports death by signal', async () => {
    expect(await t.exec('kill -KILL $$')).toMatchObject({ code: null, signal: 'SIGKILL' });
  });
});
