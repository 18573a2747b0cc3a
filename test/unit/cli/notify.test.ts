import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetResult } from '../../../src/fleet/result.js';
import { buildNotification, notifyRun, postWebhook, redactUrl } from '../../../src/report/notify.js';
import { RunStore } from '../../../src/store/index.js';
import { cli, tempDir } from './cli-harness.js';

interface Received {
  method: string;
  url: string;
  type: string | undefined;
  body: any;
}

const received: Received[] = [];
let status = 200;
let hang = false;
let server: Server;
let base: string;
const tmp = tempDir();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await readBody(req);
    received.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body: JSON.parse(text) });
    if (hang) return; // never answers
    res.writeHead(status).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  tmp.remove();
});

const result: FleetResult = {
  schemaVersion: 1,
  runId: 'R1',
  operation: 'upgrade',
  args: ['upgrade', '--security'],
  check: false,
  startedAt: '2024-01-10T02:00:00.000Z',
  finishedAt: '2024-01-10T02:03:00.000Z',
  durationMs: 180_000,
  interrupted: false,
  hosts: [
    { host: 'web1', status: 'changed', manager: 'apt', changes: [{ name: 'openssl', action: 'upgrade', from: '3.0.11-1', to: '3.0.13-1', arch: 'amd64' }], durationMs: 5, rebootRequired: true },
    { host: 'db1', status: 'failed', manager: 'dnf', changes: [], durationMs: 5, error: { kind: 'lock', message: 'locked', stderrTail: 'long tail' } },
  ],
  counts: { ok: 0, changed: 1, failed: 1, unreachable: 0, skipped: 0 },
};

describe('run summary notifications', () => {
  it('the document: counts, per host changes and errors, and the human summary', () => {
    const n = buildNotification(result, { schedule: 'nightly', controller: 'ctl1' });
    expect(n).toMatchObject({ kind: 'pkgfleet.run', version: 1, runId: 'R1', status: 'complete', schedule: 'nightly', controller: 'ctl1', counts: result.counts });
    expect(n.hosts).toEqual([
      { host: 'web1', status: 'changed', manager: 'apt', changes: [{ name: 'openssl', action: 'upgrade', from: '3.0.11-1', to: '3.0.13-1' }], rebootRequired: true },
      { host: 'db1', status: 'failed', manager: 'dnf', changes: [], error: { kind: 'lock', message: 'locked' } },
    ]);
    expect(n.text).toContain('CHANGED 1 host: web1');
    expect(buildNotification({ ...result, interrupted: true }).status).toBe('interrupted');
  });

  it('POSTs JSON to a local webhook; a non-2xx answer or a timeout is an error', async () => {
    received.length = 0;
    await postWebhook(`${base}/hook?token=abc`, { a: 1 });
    expect(received).toEqual([{ method: 'POST', url: '/hook?token=abc', type: 'application/json', body: { a: 1 } }]);
    status = 500;
    await expect(postWebhook(`${base}/hook`, { a: 2 })).rejects.toThrow(/HTTP 500/);
    status = 200;
    hang = true;
    await expect(postWebhook(`${base}/hook`, { a: 3 }, { timeoutMs: 300 })).rejects.toThrow();
    hang = false;
  });

  it('notifyRun writes the file and posts; failures come back as messages without the token', async () => {
    received.length = 0;
    const file = path.join(tmp.dir, 'sub', 'runs.jsonl');
    const body = buildNotification(result);
    expect(await notifyRun({ webhook: `${base}/h`, file }, body)).toEqual([]);
    expect(await notifyRun({ file }, body)).toEqual([]);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.runId)).toEqual(['R1', 'R1']);
    expect(received.map((r) => r.body.runId)).toEqual(['R1']);
    // A port nobody listens on (the server's, once closed, is not reused here: use port 9, discard).
    const problems = await notifyRun({ webhook: 'http://127.0.0.1:9/services/SECRET' }, body, { timeoutMs: 2000 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^webhook http:\/\/127\.0\.0\.1:9\/… failed/);
    expect(problems[0]).not.toContain('SECRET');
    expect(redactUrl('https://u:p@hooks.example/x?t=1')).toBe('https://hooks.example/…');
  });
});

describe('every fleet command records its run and sends its summary', () => {
  it('an ad-hoc verb: recorded as hosts finish, posted to the webhook, appended to the file', async () => {
    received.length = 0;
    const inv = path.join(tmp.dir, 'inv.yml');
    // Port 1 on loopback refuses connections: the host ends unreachable without any remote command.
    writeFileSync(inv, 'hosts:\n  ghost1: { address: 127.0.0.1, port: 1 }\n  ghost2: { address: 127.0.0.1, port: 1 }\n');
    const db = path.join(tmp.dir, 'verbs.db');
    const file = path.join(tmp.dir, 'verbs.jsonl');
    const r = await cli('-i', inv, '--db', db, '-q', '--connect-timeout', '3', '--notify-webhook', `${base}/verbs`, '--notify-file', file, 'install', 'htop');
    expect(r.code).toBe(3); // unreachable
    const store = new RunStore({ path: db });
    const runs = store.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ operation: 'install', args: ['install', 'htop'], status: 'complete', counts: { unreachable: 2 } });
    const stored = store.getRun(runs[0]!.runId)!;
    store.close();
    expect(stored.hosts.map((h) => [h.host, h.status])).toEqual([['ghost1', 'unreachable'], ['ghost2', 'unreachable']]);
    // The summary carries the same run id as the history.
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe('/verbs');
    expect(received[0]!.body).toMatchObject({ kind: 'pkgfleet.run', runId: stored.runId, operation: 'install', counts: { unreachable: 2 } });
    expect(JSON.parse(readFileSync(file, 'utf8').trim()).runId).toBe(stored.runId);
  });

  it('--no-history records nothing; bad input records nothing; a bad webhook URL is a usage error', async () => {
    const inv = path.join(tmp.dir, 'inv.yml');
    const db = path.join(tmp.dir, 'none.db');
    await cli('-i', inv, '--db', db, '-q', '--connect-timeout', '3', '--no-history', 'install', 'htop');
    const bad = await cli('-i', inv, '--db', db, '-q', 'install', 'bad;name');
    expect(bad.code).toBe(5);
    const store = new RunStore({ path: db });
    expect(store.listRuns()).toEqual([]);
    store.close();
    const r = await cli('-i', inv, '--db', db, '-q', '--notify-webhook', 'ftp://x', 'detect');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/--notify-webhook takes an http\(s\) URL/);
  });
});
