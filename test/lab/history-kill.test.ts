import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { ensureLab, isRoot, labExec, type LabInfo } from './lab-env.js';

// The controller is killed with SIGKILL mid-run: every host that finished must be in the history,
// and the run must read as incomplete. The slow host is a tarpit on loopback (it accepts and never
// sends an SSH banner) rather than a held package lock: the lab hosts are shared with other tests.
const HOSTS = ['apt1', 'dnf1', 'zypper1', 'pacman1'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

describe.skipIf(!isRoot)('history survives a controller killed with -9 (real lab hosts)', () => {
  let lab: LabInfo;
  let dir: string;
  let db: string;
  let tarpit: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    lab = await ensureLab();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-lab-history-'));
    db = path.join(dir, 'history.db');
    tarpit = createServer((s) => sockets.push(s.on('error', () => undefined)));
    await new Promise<void>((r) => tarpit.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => tarpit.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 while one host is still connecting: history and show list every finished host, the run is incomplete', async () => {
    // The lab inventory plus the tarpit host, last.
    const port = (tarpit.address() as { port: number }).port;
    const inv = path.join(dir, 'inventory.yml');
    writeFileSync(inv, `hosts:\n  slow1: { address: 127.0.0.1, port: ${port}, user: nobody }\n`);
    // Create the database first: two processes creating the same new file at once race on its
    // migrations (reported to the store's owner).
    expect((await runCli(['--db', db, 'history'])).code).toBe(0);
    // `update` refreshes metadata only: nothing on the shared hosts to reset afterwards.
    const child = spawn(process.execPath, [BIN, '-i', lab.inventory, '-i', inv, '--db', db, '--forks', '5', '--connect-timeout', '600', 'update'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    let last = '';
    try {
      // Poll the history (as another process would) until the four lab hosts are recorded.
      const run = await waitFor(
        'four finished hosts in the history',
        async () => {
          const r = await runCli(['--db', db, 'history', '--json']);
          last = r.stdout + r.stderr;
          const runs = r.json as { runId: string; status: string; counts: Record<string, number> }[] | undefined;
          const cur = runs?.[0];
          if (!cur) return undefined;
          const done = Object.values(cur.counts).reduce((a, b) => a + b, 0);
          return done >= 4 ? cur : undefined;
        },
        180_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\nlast history: ${last}\ncontroller stderr: ${stderr}`);
      });
      expect(run.status).toBe('running');
      expect(sockets.length).toBe(1); // slow1 is connected to the tarpit, waiting for a banner
      expect(child.exitCode).toBeNull();
      child.kill('SIGKILL');
      expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

      // The next pkgfleet to open the history sees a dead controller: incomplete.
      const hist = await runCli(['--db', db, 'history', '--json']);
      expect(hist.code).toBe(0);
      expect(hist.json[0]).toMatchObject({ runId: run.runId, status: 'incomplete', operation: 'update' });
      // What the controller printed as each host finished ("apt1: ok in 0.9s") is what is on disk.
      // (The lab is shared: a host another test is resetting may fail; it is still recorded.)
      const printed = Object.fromEntries([...stderr.matchAll(/^(\w+): (ok|changed|failed|unreachable) /gm)].map((m) => [m[1]!, m[2]!]));
      expect(Object.keys(printed).sort()).toEqual([...HOSTS].sort());
      const text = await runCli(['--db', db, 'history']);
      expect(text.stdout).toMatch(new RegExp(`${run.runId}\\s+\\S+ \\S+\\s+incomplete\\s+.*\\s+update`));

      const show = await runCli(['--db', db, 'show', run.runId, '--json']);
      const hosts = Object.fromEntries((show.json.hosts as { host: string; status: string; manager?: string; error?: { kind: string } }[]).map((h) => [h.host, h]));
      expect(Object.keys(hosts).sort()).toEqual([...HOSTS, 'slow1'].sort());
      for (const h of HOSTS) expect(hosts[h]!.status, h).toBe(printed[h]);
      if (printed.apt1 === 'ok') expect(hosts.apt1!.manager).toBe('apt');
      if (printed.pacman1 === 'ok') expect(hosts.pacman1!.manager).toBe('pacman');
      expect(hosts.slow1).toMatchObject({ status: 'skipped', error: { kind: 'not-started' } });
      expect(show.json).toMatchObject({ status: 'incomplete', interrupted: true });
      const human = await runCli(['--db', db, 'show', run.runId]);
      expect(human.stdout).toMatch(/incomplete: its controller died mid-run/);
      const okHosts = HOSTS.filter((h) => printed[h] === 'ok');
      if (okHosts.length) expect(human.stdout).toContain(`OK ${okHosts.length} host${okHosts.length === 1 ? '' : 's'}: ${okHosts.join(', ')}`);
      expect(human.stdout).toMatch(/SKIPPED 1 host: slow1/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (stderr.includes('internal error')) throw new Error(stderr);
    }
  });

  it('scan fills the index; query answers with what each host itself has installed', async () => {
    const scan = await runCli(['-i', lab.inventory, '--db', db, '-q', 'scan', '--json']);
    expect([0, 2, 3, 4], scan.stderr).toContain(scan.code);
    const scanned = (scan.json.hosts as { host: string; status: string }[]).filter((h) => h.status === 'ok').map((h) => h.host);
    expect(scanned.length, 'at least one lab host scanned').toBeGreaterThan(0);
    const q = await runCli(['--db', db, 'query', 'labdemo', '--json']);
    const byHost = Object.fromEntries((q.json as { host: string; version: string; manager: string }[]).map((h) => [h.host, h]));
    const own: Record<string, string[]> = {
      apt1: ['dpkg-query', '-W', '-f', '${Version}', 'labdemo'],
      dnf1: ['rpm', '-q', '--qf', '%{VERSION}-%{RELEASE}', 'labdemo'],
      zypper1: ['rpm', '-q', '--qf', '%{VERSION}-%{RELEASE}', 'labdemo'],
      pacman1: ['sh', '-c', "pacman -Q labdemo | cut -d' ' -f2"],
    };
    for (const h of scanned) {
      const r = await labExec(h, own[h]!);
      if (r.code !== 0 || !r.stdout.trim()) continue; // being reset by another test right now
      expect(byHost[h]?.version, `${h}: ${r.stdout}`).toBe(r.stdout.trim());
    }
    // Every host's scan is newer than a minute: none is stale.
    const c = await runCli(['-i', lab.inventory, '--db', db, 'compliance', '--stale', '1h', '--json']);
    expect(c.json.hostsIndexed).toBeGreaterThanOrEqual(scanned.length);
    expect(c.json.stale.hosts.filter((h: { host: string }) => scanned.includes(h.host))).toEqual([]);
  });
});
