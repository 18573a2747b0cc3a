import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { inventoryError, writeFiles } from './tmp-files.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/inventory');
const ENV = { HOME: '/home/alice', USER: 'alice' };
const load = (files: string[], cwd = FIX) => loadInventory(files, { cwd, sshConfigPath: null, env: ENV });

describe('our format (ours-basic.yml, the lab shape)', () => {
  const inv = load(['ours-basic.yml']);
  const host = (n: string) => inv.hosts.find((h) => h.name === n)!;
  const common = {
    user: 'alice',
    keyFile: '/home/alice/.ssh/id_ed25519',
    knownHostsFile: path.join(FIX, 'known_hosts'),
  };

  it('keeps inventory order: first mention in the document, groups before hosts here', () => {
    expect(inv.hosts.map((h) => h.name)).toEqual(['web1', 'web2', 'web3', 'db1', 'bastion', 'ctl']);
    expect(inv.files).toEqual([path.join(FIX, 'ours-basic.yml')]);
    expect(inv.warnings).toEqual([]);
  });

  it('resolves a host with its own settings over defaults, ~ and relative paths made absolute', () => {
    expect(host('web1')).toEqual({
      name: 'web1',
      connection: 'ssh',
      address: '10.0.0.1',
      port: 2222,
      jump: [],
      become: true,
      manager: 'apt',
      lockTimeoutMs: 300_000,
      groups: ['web'],
      vars: { tier: 'frontend', http_port: 80, rack: 'r1' },
      source: { file: 'ours-basic.yml', line: 8, column: 3 },
      ...common,
    });
  });

  it('a host only listed in a group is its own address, sourced where it is listed', () => {
    expect(host('web2')).toMatchObject({ address: 'web2', port: 22, source: { line: 4, column: 24 } });
  });

  it('child group vars override parent group vars; the host is in both groups', () => {
    expect(host('web3').groups).toEqual(['web', 'edge']);
    expect(host('web3').vars).toEqual({ tier: 'frontend', http_port: 8080 });
    expect(inv.groups.get('web')).toEqual(['web1', 'web2', 'web3']);
    expect(inv.groups.get('edge')).toEqual(['web3']);
  });

  it('group settings override defaults; jump to an inventory host takes its address, port, user and key', () => {
    expect(host('db1')).toMatchObject({
      user: 'postgres',
      address: 'db.example.internal',
      becomePassword: { kind: 'env', name: 'DB_SUDO_PASS' },
      jump: [{ address: '203.0.113.7', port: 22, user: 'jump', keyFile: '/home/alice/.ssh/id_ed25519' }],
    });
  });

  it('durations in seconds and with units; connection local defaults to 127.0.0.1', () => {
    expect(host('ctl')).toMatchObject({
      connection: 'local',
      address: '127.0.0.1',
      commandTimeoutMs: 90_000,
      connectTimeoutMs: 90_000,
      hostKeyPolicy: 'accept-new',
    });
  });

  it('groups map has all, ungrouped and every group in definition order', () => {
    expect([...inv.groups.keys()]).toEqual(['all', 'ungrouped', 'web', 'edge', 'db']);
    expect(inv.groups.get('ungrouped')).toEqual(['bastion', 'ctl']);
    expect(host('bastion').groups).toEqual(['ungrouped']);
  });
});

describe('our format, more cases', () => {
  it('password sources: prompt, env and file (file path relative to the inventory)', () => {
    const dir = writeFiles({
      'inv/a.yml': [
        'hosts:',
        '  h1: { password: { prompt: true }, become_password: { file: ./secret/sudo } }',
        '  h2: { password: { env: H2_PASS } }',
      ],
    });
    const inv = load(['inv/a.yml'], dir);
    expect(inv.hosts[0]).toMatchObject({
      passwordSource: { kind: 'prompt' },
      becomePassword: { kind: 'file', path: path.join(dir, 'inv/secret/sudo') },
    });
    expect(inv.hosts[1]!.passwordSource).toEqual({ kind: 'env', name: 'H2_PASS' });
  });

  it('jump as user@host:port, comma chain and list; an outside hop needs no inventory entry', () => {
    const dir = writeFiles({
      'a.yml': [
        'hosts:',
        '  gw: { address: 10.9.0.1, port: 2200 }',
        '  h1: { jump: "ops@198.51.100.4:2022" }',
        '  h2: { jump: [gw, "root@[2001:db8::1]:22"] }',
        '  h3: { jump: "gw,edge.example.net" }',
      ],
    });
    const inv = load(['a.yml'], dir);
    const jump = (n: string) => inv.hosts.find((h) => h.name === n)!.jump;
    expect(jump('h1')).toEqual([{ address: '198.51.100.4', port: 2022, user: 'ops' }]);
    expect(jump('h2')).toEqual([
      { address: '10.9.0.1', port: 2200 },
      { address: '2001:db8::1', port: 22, user: 'root' },
    ]);
    expect(jump('h3')).toEqual([
      { address: '10.9.0.1', port: 2200 },
      { address: 'edge.example.net', port: 22 },
    ]);
  });

  it("a jump host's own jump is followed: gw -> bastion -> target", () => {
    const dir = writeFiles({
      'a.yml': [
        'defaults: { jump: bastion }',
        'hosts:',
        '  gw: { address: 10.0.0.1, jump: none }',
        '  bastion: { address: 10.0.0.2, jump: gw }',
        '  app: { address: 10.0.0.3 }',
      ],
    });
    const inv = load(['a.yml'], dir);
    expect(inv.hosts.find((h) => h.name === 'app')!.jump).toEqual([
      { address: '10.0.0.1', port: 22 },
      { address: '10.0.0.2', port: 22 },
    ]);
    expect(inv.hosts.find((h) => h.name === 'gw')!.jump).toEqual([]);
  });

  it('a host jumping through itself (jump in defaults) is an error that says how to fix it', () => {
    const dir = writeFiles({ 'a.yml': ['defaults: { jump: bastion }', 'hosts:', '  bastion: { address: 10.0.0.2 }'] });
    expect(inventoryError(() => load(['a.yml'], dir)).message).toBe(
      "a.yml:1:19: host 'bastion' would jump through itself (give it jump: none)",
    );
  });

  it('an empty file is an empty inventory; defaults/groups/hosts may be empty', () => {
    const dir = writeFiles({ 'e.yml': '', 'f.yml': ['defaults:', 'groups:', 'hosts:'] });
    expect(load(['e.yml'], dir).hosts).toEqual([]);
    expect(load(['f.yml'], dir).hosts).toEqual([]);
  });

  it('YAML anchors and merge keys work', () => {
    const dir = writeFiles({
      'a.yml': ['hosts:', '  h1: &base { port: 2200, vars: { role: app } }', '  h2: { <<: *base, address: 10.1.1.1 }'],
    });
    const inv = load(['a.yml'], dir);
    expect(inv.hosts[1]).toMatchObject({ address: '10.1.1.1', port: 2200, vars: { role: 'app' } });
  });
});
