import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonDocumentPieces, writeJsonDocument } from '../../../src/report/json-document.js';
import { RowPool } from '../../../src/fleet/row-pool.js';

const host = (name: string, packages: number) => ({
  host: name,
  status: 'ok',
  changes: [],
  installed: Array.from({ length: packages }, (_, i) => ({ name: `p${i}`, version: `1:${i}.0-1`, arch: 'amd64' })),
  error: undefined,
  messages: ['[PKG] Detected 1 package manager: apt', 'quote " backslash \\ newline \n tab \t', 'unicode é ✓ \u2028'],
  durationMs: 12,
});

class Point {
  constructor(readonly x: number) {}
}

const docs: Array<[string, object]> = [
  ['a fleet result', { schemaVersion: 1, runId: 'r', args: ['list', '--installed'], check: false, hosts: [host('a', 3), host('b', 0)], counts: { ok: 2, failed: 0 } }],
  ['no hosts', { schemaVersion: 1, hosts: [], counts: {} }],
  ['hosts last, undefined and function members', { a: undefined, f: () => 1, b: null, hosts: [host('c', 1), undefined, null, () => 1] }],
  ['nothing serialisable', { a: undefined }],
  ['no hosts key', { nested: { deep: [1, { x: 'y' }, [], {}, [[]]] } }],
  [
    'values JSON.stringify treats specially',
    {
      hosts: [
        {
          nan: Number.NaN,
          inf: Number.POSITIVE_INFINITY,
          negZero: -0,
          date: new Date(0),
          boxed: [new String('s'), new Number(3), new Boolean(false)],
          instance: new Point(1),
          toJson: { toJSON: () => ({ replaced: [1, 2] }) },
          toJsonNothing: { toJSON: () => undefined },
          toJsonKey: [{ toJSON: (k: string) => `at ${k}` }, { x: { toJSON: (k: string) => `member ${k}` } }],
          holes: [1, , 3],
          sym: Symbol('s'),
          deep: { a: { b: { c: [{ d: [] }] } } },
        },
      ],
    },
  ],
];

describe('jsonDocumentPieces', () => {
  it.each(docs)('joins to exactly what JSON.stringify(doc, null, 2) prints: %s', (_label, doc) => {
    const text = [...jsonDocumentPieces(doc)].join('');
    expect(text).toBe(JSON.stringify(doc, null, 2));
  });

  it('prints shared (frozen) rows like any other, every time', () => {
    const pool = new RowPool();
    const a = host('a', 50);
    const b = host('b', 50);
    pool.share(a.installed);
    pool.share(b.installed);
    expect(b.installed[7]).toBe(a.installed[7]);
    const doc = { hosts: [a, b], other: { rows: a.installed.slice(0, 3) } };
    expect([...jsonDocumentPieces(doc)].join('')).toBe(JSON.stringify(doc, null, 2));
    expect([...jsonDocumentPieces(doc)].join('')).toBe(JSON.stringify(doc, null, 2));
  });

  it('reads random documents exactly like JSON.stringify', () => {
    let seed = 11;
    const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % m;
    const value = (depth: number): unknown => {
      switch (next(depth > 3 ? 5 : 8)) {
        case 0: return `s${next(100)}"\\\n`;
        case 1: return next(1000) / 7;
        case 2: return next(2) === 0;
        case 3: return null;
        case 4: return undefined;
        case 5: return Array.from({ length: next(4) }, () => value(depth + 1));
        case 6: return Object.freeze(Object.fromEntries(Array.from({ length: next(4) }, (_, i) => [`k${i}`, value(depth + 1)])));
        default: return Object.fromEntries(Array.from({ length: next(4) }, (_, i) => [`k${i}`, value(depth + 1)]));
      }
    };
    for (let i = 0; i < 300; i++) {
      const doc = { runId: `r${i}`, hosts: Array.from({ length: next(4) }, () => value(2)), tail: value(1) };
      expect([...jsonDocumentPieces(doc)].join('')).toBe(JSON.stringify(doc, null, 2));
    }
  });

  it('yields one piece per host, so no piece holds the whole document', () => {
    const doc = { runId: 'r', hosts: Array.from({ length: 50 }, (_, i) => host(`h${i}`, 200)), counts: { ok: 50 } };
    const pieces = [...jsonDocumentPieces(doc)];
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(pieces.length).toBeGreaterThan(50);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(total / 40);
  });

  it('writes the document and a final newline, waiting for drain when the stream is full', async () => {
    const doc = { hosts: Array.from({ length: 20 }, (_, i) => host(`h${i}`, 500)) };
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const written = writeJsonDocument(stream, doc);
    stream.on('data', (c: Buffer) => chunks.push(c));
    await written;
    stream.end();
    await new Promise((r) => stream.on('end', r));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});
