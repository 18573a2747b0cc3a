import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetResult, HostResult } from '../../../src/fleet/result.js';
import { RunRecorder } from '../../../src/report/run-recorder.js';
import { RunStore } from '../../../src/store/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pkgfleet-recorder-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const host = (name: string, status: HostResult['status'] = 'ok'): HostResult => ({ host: name, status, changes: [], durationMs: 5 });
const fleet = (runId: string, hosts: HostResult[]): FleetResult => ({
  schemaVersion: 1, runId, operation: 'detect', args: [], check: false, startedAt: '', finishedAt: '', durationMs: 0, interrupted: false,
  hosts, counts: { ok: hosts.length, changed: 0, failed: 0, unreachable: 0, skipped: 0 },
});

describe('RunRecorder', () => {
  it('gives the run id at once, opens the store a macrotask later, and records host results that came before it opened', async () => {
    const db = join(tempDir(), 'h.db');
    const warnings: string[] = [];
    const rec = new RunRecorder({ history: true, dbPath: db, onWarning: (m) => warnings.push(m) });
    const runId = rec.start({ operation: 'detect', args: [], check: false, hosts: ['a', 'b', 'c'] });
    expect(runId).toMatch(/^[0-9A-Z]{26}$/);
    // Synchronously, before the store opened: these wait in memory.
    rec.onHostResult(host('a'));
    rec.onHostResult(host('b', 'changed'));
    await new Promise((r) => setTimeout(r, 50));
    rec.onHostResult(host('c'));
    await rec.finish(fleet(runId!, [host('a'), host('b', 'changed'), host('c')]));
    rec.close();
    expect(warnings).toEqual([]);

    const store = new RunStore({ path: db });
    const run = store.getRun(runId!);
    store.close();
    expect(run?.status).toBe('complete');
    expect(run?.hosts.map((h) => [h.host, h.status])).toEqual([['a', 'ok'], ['b', 'changed'], ['c', 'ok']]);
  });

  it('writes the results of one event-loop turn in one transaction, and what is left when the run finishes', async () => {
    const store = new RunStore({ path: join(tempDir(), 'h.db') });
    const batches: string[][] = [];
    const recordHosts = store.recordHosts.bind(store);
    store.recordHosts = (runId, results) => {
      batches.push(results.map((r) => r.host));
      recordHosts(runId, results);
    };
    const rec = new RunRecorder({ history: true, store, onWarning: () => undefined });
    const runId = rec.start({ operation: 'detect', args: [], check: false });
    rec.onHostResult(host('a')); // before the store opened
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([['a']]);
    rec.onHostResult(host('b'));
    rec.onHostResult(host('c'));
    rec.onHostResult(host('d'));
    expect(batches).toHaveLength(1); // not yet: at the end of this turn
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    rec.onHostResult(host('e'));
    await rec.finish(fleet(runId!, ['a', 'b', 'c', 'd', 'e'].map((h) => host(h))));
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    const run = store.getRun(runId!);
    expect([run?.status, run?.hosts.length]).toEqual(['complete', 5]);
    rec.close();
    store.close();
  });

  it('a database that cannot be opened is one warning; the results are dropped, the run goes on', async () => {
    const dir = tempDir();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const warnings: string[] = [];
    const rec = new RunRecorder({ history: true, dbPath: join(notADir, 'h.db'), onWarning: (m) => warnings.push(m) });
    const runId = rec.start({ operation: 'detect', args: [], check: false });
    rec.onHostResult(host('a'));
    await rec.finish(fleet(runId ?? 'X', [host('a')]));
    rec.onHostResult(host('late'));
    rec.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^run history disabled: cannot open the database: /);
  });

  it('--no-history opens nothing and records nothing', async () => {
    const dir = join(tempDir(), 'never');
    mkdirSync(dir);
    const db = join(dir, 'h.db');
    const rec = new RunRecorder({ history: false, dbPath: db, onWarning: () => undefined });
    expect(rec.start({ operation: 'detect', args: [], check: false })).toBeUndefined();
    rec.onHostResult(host('a'));
    await rec.finish(fleet('X', [host('a')]));
    rec.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(db)).toBe(false);
  });
});
