import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, parsePlaybook, PlaybookError, resolvePlays } from '../../../src/playbook/index.js';
import { localInventory } from '../../../src/inventory/index.js';
import type { HostSpec, Inventory } from '../../../src/inventory/types.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'playbook');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => {
    const first = readFileSync(path.join(DIR, f), 'utf8').split('\n')[0]!;
    const m = /^# expect: (\d+):(\d+): (.+)$/.exec(first);
    if (!m) throw new Error(`${f}: first line must be "# expect: LINE:COL: MESSAGE"`);
    return [f, Number(m[1]), Number(m[2]), m[3]!] as const;
  });

describe('the catalogue of bad playbooks', () => {
  it('has a case for each rule', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('%s', (file, line, column, message) => {
    let err: unknown;
    try {
      loadPlaybook(path.join(DIR, file), file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlaybookError);
    const e = err as PlaybookError;
    expect(e.message).toBe(`${file}:${line}:${column}: ${message}`);
    expect([e.file, e.line, e.column, e.reason]).toEqual([file, line, column, message]);
  });
});

describe('errors found when the playbook meets the inventory', () => {
  const host = (name: string, groups: string[]): HostSpec => ({ name, connection: 'ssh', address: name, port: 22, jump: [], become: false, groups, vars: {} });
  const inv: Inventory = {
    hosts: [host('web1', ['web']), host('db1', ['db'])],
    groups: new Map([
      ['web', ['web1']],
      ['db', ['db1']],
    ]),
    files: [],
  };

  it('a hosts pattern that names nothing points at the hosts value', () => {
    const pb = parsePlaybook('- name: a\n  hosts: web\n  steps: [{upgrade: all}]\n- name: b\n  hosts: "wbe:db"\n  steps: [{upgrade: all}]\n', 'p.yml');
    expect(() => resolvePlays(pb, inv, inv.hosts)).toThrow("p.yml:5:10: hosts: pattern 'wbe' matches no host or group");
  });

  it('a group kept out by --limit is known, and leaves the play without hosts', () => {
    const pb = parsePlaybook('- hosts: db\n  steps: [{upgrade: all}]\n- hosts: all\n  steps: [{upgrade: all}]\n', 'p.yml');
    const t = resolvePlays(pb, inv, [inv.hosts[0]!]);
    expect(t.plays.map((p) => p.hosts.map((h) => h.name))).toEqual([[], ['web1']]);
    expect(t.hosts.map((h) => h.name)).toEqual(['web1']);
  });

  it('the local inventory answers to all', () => {
    const pb = parsePlaybook('- hosts: all\n  steps: [{upgrade: none}]\n', 'p.yml');
    const local = localInventory();
    expect(resolvePlays(pb, local, local.hosts).hosts.map((h) => h.name)).toEqual(['localhost']);
  });

  it('a file that cannot be read is reported at line 1', () => {
    expect(() => loadPlaybook('/nonexistent/x.yml', 'x.yml')).toThrow('x.yml:1:1: cannot read playbook (ENOENT)');
  });
});
