import { describe, expect, it } from 'vitest';
import { RowPool } from '../../../src/fleet/row-pool.js';

describe('RowPool', () => {
  it('gives equal rows of different hosts one shared, frozen object', () => {
    const pool = new RowPool();
    const a = pool.share([{ name: 'bash', version: '5.2.15-2+b7', arch: 'amd64' }, { name: 'jq', version: '1.6-2.1' }]);
    const b = pool.share([{ name: 'jq', version: '1.6-2.1' }, { name: 'bash', version: '5.2.15-2+b7', arch: 'amd64' }]);
    expect(b[1]).toBe(a[0]);
    expect(b[0]).toBe(a[1]);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(() => {
      (a[0] as { version: string }).version = 'x';
    }).toThrow(TypeError);
    expect(pool.size).toBe(2);
  });

  it('keeps rows apart that differ in any field, its type, or its presence', () => {
    const pool = new RowPool();
    const rows = [
      { name: 'libc6', version: '2.36-9', arch: 'amd64' },
      { name: 'libc6', version: '2.36-9', arch: 'i386' },
      { name: 'libc6', version: '2.36-9' },
      { name: 'libc6', version: '2.36-9', arch: undefined },
      { name: 'x', from: null, to: '1' },
      { name: 'x', from: 'null', to: '1' },
      { name: 'x', security: true },
      { name: 'x', security: 'true' },
      // a separator inside a value must not make two different rows look alike
      { name: 'a1:b', version: 'c' },
      { name: 'a', version: '1:bc' },
    ];
    const shared = pool.share(rows.map((r) => ({ ...r })));
    expect(new Set(shared).size).toBe(rows.length);
    expect(shared.map((r) => JSON.stringify(r))).toEqual(rows.map((r) => JSON.stringify(r)));
    // and a second host with the same rows gets the pooled ones where there are any
    const again = pool.share(rows.map((r) => ({ ...r })));
    expect(again.filter((r, i) => r === shared[i]).length).toBe(pool.size);
    // {name: 'x', security} meets the node where {name: 'x', from, to} went on with `from`: it is
    // left unpooled (correct, merely unshared)
    expect(pool.size).toBe(rows.length - 2);
  });

  it('leaves rows with nested objects alone', () => {
    const pool = new RowPool();
    const row = { name: 'x', fields: { a: '1' } };
    const [out] = pool.share([row]);
    expect(out).toBe(row);
    expect(Object.isFrozen(row)).toBe(false);
    expect(pool.size).toBe(0);
  });

  it('parses an output it has seen once only: the same frozen list for byte-identical output, rows still shared otherwise', () => {
    const pool = new RowPool();
    let parses = 0;
    const parse = (text: string) => {
      parses++;
      return text.trim().split('\n').map((l) => ({ name: l.split(' ')[0]!, version: l.split(' ')[1]! }));
    };
    const a = pool.parsed('apt installed', 'bash 5.2\njq 1.6\n', parse);
    const b = pool.parsed('apt installed', 'bash 5.2\njq 1.6\n', parse);
    expect(b).toBe(a);
    expect(parses).toBe(1);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => (a as unknown as Array<{ name: string }>).push({ name: 'x' })).toThrow(TypeError);
    // other output: parsed, and its equal rows are the first list's objects
    const c = pool.parsed('apt installed', 'bash 5.2\ncurl 7.88\n', parse);
    expect(parses).toBe(2);
    expect(c[0]).toBe(a[0]);
    // the same text from another command is parsed on its own
    const d = pool.parsed('pacman installed', 'bash 5.2\njq 1.6\n', parse);
    expect(d).not.toBe(a);
    expect(parses).toBe(3);
  });
});
