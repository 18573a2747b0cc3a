import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashHostToken } from '../../../src/remote/host-pattern.js';
import { KnownHostsCache, knownHostsCacheFor } from '../../../src/remote/known-hosts-cache.js';
import { lookupHostKey } from '../../../src/remote/known-hosts.js';
import { generateKey } from './helpers/ssh-test-server.js';

function keyOf(line: string): { type: string; base64: string } {
  const [type, base64] = line.split(' ');
  return { type: type as string, base64: base64 as string };
}
const A = keyOf(generateKey().public);
const B = keyOf(generateKey().public);
const line = (hosts: string, k: { type: string; base64: string }): string => `${hosts} ${k.type} ${k.base64}\n`;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkgfleet-khc-'));
  file = join(dir, 'known_hosts');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KnownHostsCache', () => {
  it('finds each host of a large file among its own lines only, in line order', () => {
    const text = Array.from({ length: 2000 }, (_, i) => line(`h${i},10.0.${i >> 8}.${i & 255}`, i % 2 ? A : B)).join('');
    writeFileSync(file, text + line('[h7]:2222', A));
    const view = new KnownHostsCache().read([file]);
    expect(view.errors).toEqual([]);
    expect(view.entriesFor('h7', 22).map((e) => e.line)).toEqual([8]);
    expect(view.entriesFor('10.0.3.232', 22).map((e) => e.line)).toEqual([1001]);
    expect(view.entriesFor('H7', 2222).map((e) => e.line)).toEqual([2001]);
    expect(view.entriesFor('h2000', 22)).toEqual([]);
    expect(lookupHostKey(view.entriesFor('h7', 22), 'h7', 22, A).status).toBe('match');
    expect(lookupHostKey(view.entriesFor('h8', 22), 'h8', 22, A).status).toBe('mismatch');
  });

  it('always offers wildcard, negated and hashed lines, merged in file order', () => {
    writeFileSync(
      file,
      line('*.lab,!bad.lab', A) + line('web.lab', B) + line(hashHostToken('web.lab', Buffer.alloc(20, 7)), A) + line('other', B),
    );
    const view = new KnownHostsCache().read([file]);
    expect(view.entriesFor('web.lab', 22).map((e) => e.line)).toEqual([1, 2, 3]);
    const lookup = lookupHostKey(view.entriesFor('web.lab', 22), 'web.lab', 22, A);
    expect(lookup.status).toBe('match');
    expect(lookup.known.map((e) => e.line)).toEqual([1, 2, 3]);
    expect(lookupHostKey(view.entriesFor('bad.lab', 22), 'bad.lab', 22, A).status).toBe('unknown');
  });

  it('parses a file once while it is unchanged, and again when it changes', () => {
    writeFileSync(file, line('web.lab', A));
    const cache = new KnownHostsCache();
    const first = cache.read([file]).entriesFor('web.lab', 22);
    expect(cache.read([file]).entriesFor('web.lab', 22)[0]).toBe(first[0]);
    appendFileSync(file, line('db.lab', B));
    const again = cache.read([file]);
    expect(again.entriesFor('db.lab', 22).map((e) => e.line)).toEqual([2]);
    expect(again.entriesFor('web.lab', 22)[0]).not.toBe(first[0]);
  });

  it('treats a missing file as empty and reports one it cannot read', () => {
    const cache = new KnownHostsCache();
    writeFileSync(file, line('web.lab', A));
    const view = cache.read([join(dir, 'none'), dir, file]);
    expect(view.errors).toEqual([`${dir}: cannot read (EISDIR)`]);
    expect(view.entriesFor('web.lab', 22).map((e) => e.line)).toEqual([1]);
  });

  it('is shared by everything built with the same run context', () => {
    const ctx = {};
    expect(knownHostsCacheFor(ctx)).toBe(knownHostsCacheFor(ctx));
    expect(knownHostsCacheFor({})).not.toBe(knownHostsCacheFor(ctx));
  });
});
