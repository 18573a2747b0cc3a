import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDefaultInventory, loadInventory, localInventory } from '../../../src/inventory/index.js';
import { writeFiles } from './tmp-files.js';

describe('default inventory files and the local inventory', () => {
  it('looks for pkgfleet.yml, then inventory.yml, then fleet.yml', () => {
    const all = writeFiles({ 'pkgfleet.yml': ['hosts: { a: }'], 'inventory.yml': ['hosts: { b: }'], 'fleet.yml': ['hosts: { c: }'] });
    expect(findDefaultInventory(all)).toBe(path.join(all, 'pkgfleet.yml'));
    const two = writeFiles({ 'inventory.yml': ['hosts: { b: }'], 'fleet.yml': ['hosts: { c: }'] });
    expect(findDefaultInventory(two)).toBe(path.join(two, 'inventory.yml'));
    const one = writeFiles({ 'fleet.yml': ['hosts: { c: }'], 'inventory.yaml': ['hosts: { x: }'] });
    expect(findDefaultInventory(one)).toBe(path.join(one, 'fleet.yml'));
    expect(findDefaultInventory(writeFiles({ 'hosts.yml': ['hosts: { c: }'] }))).toBeNull();
  });

  it('loadInventory([]) uses the default file in cwd', () => {
    const dir = writeFiles({ 'inventory.yml': ['hosts: { b: { port: 2 } }'] });
    const inv = loadInventory([], { cwd: dir, sshConfigPath: null, env: { HOME: dir } });
    expect(inv.hosts.map((h) => [h.name, h.port])).toEqual([['b', 2]]);
    expect(inv.files).toEqual([path.join(dir, 'inventory.yml')]);
    expect(inv.hosts[0]!.source?.file).toBe('inventory.yml');
  });

  it('loadInventory([]) with nothing in cwd is the local inventory', () => {
    const dir = writeFiles({});
    expect(loadInventory([], { cwd: dir, env: { HOME: dir } })).toEqual(localInventory());
  });

  it('the local inventory: one host, connection local, 127.0.0.1, become only when asked', () => {
    const inv = localInventory();
    expect(inv.hosts).toEqual([
      { name: 'localhost', connection: 'local', address: '127.0.0.1', port: 22, jump: [], become: false, groups: ['ungrouped'], vars: {} },
    ]);
    expect([...inv.groups]).toEqual([
      ['all', ['localhost']],
      ['ungrouped', ['localhost']],
    ]);
    expect(localInventory({ become: true }).hosts[0]!.become).toBe(true);
  });
});
