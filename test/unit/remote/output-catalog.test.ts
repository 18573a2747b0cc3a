import { describe, expect, it } from 'vitest';
import { OutputCatalog, SharedOutput } from '../../../src/remote/output-catalog.js';

/** `text` cut into chunks at the given byte offsets. */
function chunks(text: string | Buffer, cuts: number[]): Buffer[] {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const at = [0, ...cuts.filter((c) => c > 0 && c < b.length).sort((x, y) => x - y), b.length];
  return at.slice(1).map((end, i) => b.subarray(at[i], end));
}

function feed(out: SharedOutput, parts: Buffer[]): { head: string; rest: string | undefined } {
  for (const p of parts) out.push(p);
  return { head: out.text(), rest: out.rest() };
}

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LIST = Array.from({ length: 400 }, (_, i) => `pkg-${i}\t1.${i}-1\tamd64\tii \n`).join('');

describe('SharedOutput without a split point (all of stdout shared)', () => {
  it('gives the first output its own text and catalogues it', () => {
    const catalog = new OutputCatalog();
    const out = new SharedOutput({ catalog }, 1 << 20);
    const r = feed(out, chunks(LIST, [100, 5000]));
    expect(r.rest).toBe(LIST);
    expect(r.head).toBe('');
    expect(catalog.entries.map((e) => e.text)).toEqual([LIST]);
  });

  it('keeps nothing of an output equal to a catalogued one, however it is cut', () => {
    const catalog = new OutputCatalog();
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(LIST)]);
    const rnd = random(7);
    for (let round = 0; round < 50; round++) {
      const out = new SharedOutput({ catalog }, 1 << 20);
      for (const part of chunks(LIST, Array.from({ length: 6 }, () => Math.floor(rnd() * LIST.length)))) {
        out.push(part);
        expect(out.heldBytes).toBe(0);
      }
      expect(out.rest()).toBe(LIST);
    }
    expect(catalog.entries).toHaveLength(1);
  });

  it('falls back to its own bytes on the first difference, the matched part included', () => {
    const catalog = new OutputCatalog();
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(LIST)]);
    const other = `${LIST.slice(0, 3000)}pkg-new\t9\tamd64\tii \n${LIST.slice(3000)}`;
    const out = new SharedOutput({ catalog }, 1 << 20);
    const parts = chunks(other, [1000, 2999, 3001, 8000]);
    out.push(parts[0]!);
    out.push(parts[1]!);
    expect(out.heldBytes).toBe(0);
    for (const p of parts.slice(2)) out.push(p);
    expect(out.heldBytes).toBe(Buffer.byteLength(other));
    expect(out.rest()).toBe(other);
    expect(catalog.entries.map((e) => e.text)).toEqual([LIST, other]);
  });

  it('tells an output that stops early, or goes on, from the catalogued one', () => {
    const catalog = new OutputCatalog();
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(LIST)]);
    const shorter = LIST.slice(0, 2000);
    expect(feed(new SharedOutput({ catalog }, 1 << 20), chunks(shorter, [700])).rest).toBe(shorter);
    const longer = `${LIST}extra\t1\tall\tii \n`;
    expect(feed(new SharedOutput({ catalog }, 1 << 20), chunks(longer, [LIST.length, 10])).rest).toBe(longer);
    const empty = new SharedOutput({ catalog }, 1 << 20);
    expect(empty.rest()).toBe('');
    expect(catalog.entries.map((e) => e.text)).toEqual([LIST, shorter, longer, '']);
  });

  it('picks the right one of several catalogued outputs sharing a start', () => {
    const catalog = new OutputCatalog();
    const a = `${LIST}a\n`;
    const b = `${LIST}b\n`;
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(a)]);
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(b)]);
    const out = new SharedOutput({ catalog }, 1 << 20);
    for (const p of chunks(b, [500, LIST.length])) out.push(p);
    expect(out.heldBytes).toBe(0);
    expect(out.rest()).toBe(b);
    expect(catalog.entries).toHaveLength(2);
  });

  it('lets a stream that started before any output was catalogued drop what it kept once one matches', () => {
    const catalog = new OutputCatalog();
    const early = new SharedOutput({ catalog }, 1 << 20);
    const first = new SharedOutput({ catalog }, 1 << 20);
    early.push(Buffer.from(LIST.slice(0, 1000)));
    first.push(Buffer.from(LIST.slice(0, 1000)));
    expect(early.heldBytes).toBe(1000);
    first.push(Buffer.from(LIST.slice(1000)));
    expect(first.rest()).toBe(LIST);
    early.push(Buffer.from(LIST.slice(1000, 2000)));
    expect(early.heldBytes).toBe(0);
    early.push(Buffer.from(LIST.slice(2000)));
    expect(early.rest()).toBe(LIST);
    expect(catalog.entries).toHaveLength(1);
  });

  it('ends on the catalogued string when a late stream ends equal to one', () => {
    const catalog = new OutputCatalog();
    const early = new SharedOutput({ catalog }, 1 << 20);
    early.push(Buffer.from(LIST));
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(LIST)]);
    // nothing arrived after the entry was added: the end compares the whole output
    expect(early.rest()).toBe(LIST);
    expect(catalog.entries).toHaveLength(1);
  });

  it('stops cataloguing at its limits and still returns every output whole', () => {
    const catalog = new OutputCatalog({ maxEntries: 2 });
    const outs = ['one\n', 'two\n', 'three\n', 'two\n'].map((t) => feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(t)]).rest);
    expect(outs).toEqual(['one\n', 'two\n', 'three\n', 'two\n']);
    expect(catalog.entries.map((e) => e.text)).toEqual(['one\n', 'two\n']);
    const small = new OutputCatalog({ maxBytes: 5 });
    feed(new SharedOutput({ catalog: small }, 1 << 20), [Buffer.from('123456\n')]);
    expect(small.entries).toHaveLength(0);
  });

  it('caps an oversized output like OutputTail and does not catalogue it', () => {
    const catalog = new OutputCatalog();
    const out = new SharedOutput({ catalog }, 100);
    const r = feed(out, chunks('x'.repeat(250) + 'END\n', [60, 130, 200]));
    expect(r.rest).toBe(`${'x'.repeat(96)}END\n`);
    expect(out.truncatedBytes).toBe(154);
    expect(catalog.entries).toHaveLength(0);
  });

  it('decodes characters split across chunks, and calls the live callback with all of it', () => {
    const catalog = new OutputCatalog();
    const text = 'größe ☃ ok\n';
    feed(new SharedOutput({ catalog }, 1 << 20), [Buffer.from(text)]);
    const seen: string[] = [];
    const out = new SharedOutput({ catalog }, 1 << 20, (t) => seen.push(t));
    const r = feed(out, chunks(text, [3, 9, 10]));
    expect(r.rest).toBe(text);
    expect(seen.join('')).toBe(text);
  });
});

describe('SharedOutput with a split point (a head of the host\'s own, then the shared part)', () => {
  const AFTER = '\n@@end\n@@prefetch ';
  const head = (host: string) => `@@hostname\n${host}\n@@end\n@@prefetch 0\n`;

  it('splits after the marker line wherever the chunks cut it, and shares the rest between hosts', () => {
    const catalog = new OutputCatalog();
    const rnd = random(11);
    for (let round = 0; round < 200; round++) {
      const h = head(`web-${round}.example`);
      const text = h + LIST;
      const cuts = round < 60 ? [round % h.length, (round * 7) % (h.length + 20)] : Array.from({ length: 5 }, () => Math.floor(rnd() * text.length));
      const out = new SharedOutput({ catalog, after: AFTER }, 1 << 20);
      const r = feed(out, chunks(text, cuts));
      expect(r).toEqual({ head: h, rest: LIST });
    }
    expect(catalog.entries.map((e) => e.text)).toEqual([LIST]);
  });

  it('keeps only the head of a host whose shared part matches', () => {
    const catalog = new OutputCatalog();
    feed(new SharedOutput({ catalog, after: AFTER }, 1 << 20), [Buffer.from(head('a') + LIST)]);
    const out = new SharedOutput({ catalog, after: AFTER }, 1 << 20);
    for (const p of chunks(head('b') + LIST, [5, 40, 3000])) out.push(p);
    expect(out.heldBytes).toBe(Buffer.byteLength(head('b')));
  });

  it('gives everything as the head when the marker, or the end of its line, never comes', () => {
    const catalog = new OutputCatalog();
    const none = '@@hostname\nx\n@@end\n';
    expect(feed(new SharedOutput({ catalog, after: AFTER }, 1 << 20), chunks(none, [4]))).toEqual({ head: none, rest: undefined });
    const open = '@@hostname\nx\n@@end\n@@prefetch 3';
    expect(feed(new SharedOutput({ catalog, after: AFTER }, 1 << 20), chunks(open, [20]))).toEqual({ head: open, rest: undefined });
    expect(catalog.entries).toHaveLength(0);
  });

  it('gives up splitting when the head alone passes the cap, and keeps its tail like OutputTail', () => {
    const catalog = new OutputCatalog();
    const out = new SharedOutput({ catalog, after: AFTER }, 50);
    const r = feed(out, chunks('y'.repeat(80) + AFTER + '0\nrest\n', [30, 60]));
    expect(r.rest).toBeUndefined();
    expect(r.head).toBe(('y'.repeat(80) + AFTER + '0\nrest\n').slice(-50));
    expect(out.truncatedBytes).toBe(80 + AFTER.length + 7 - 50);
  });
});
