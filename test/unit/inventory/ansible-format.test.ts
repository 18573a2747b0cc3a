import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { inventoryError, writeFiles } from './tmp-files.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/inventory');
const ENV = { HOME: '/home/alice', USER: 'alice' };
const load = (files: string[], cwd = FIX) => loadInventory(files, { cwd, sshConfigPath: null, env: ENV });

describe('Ansible YAML inventory (ansible-site.yml)', () => {
  const inv = load(['ansible-site.yml']);
  const host = (n: string) => inv.hosts.find((h) => h.name === n)!;

  it('expands ranges and keeps inventory order', () => {
    expect(inv.hosts.map((h) => h.name)).toEqual([
      'mgmt.example.com',
      'web01.example.com',
      'web02.example.com',
      'web03.example.com',
      'db-a.example.com',
      'db-b.example.com',
      'stage1',
    ]);
  });

  it('nested children: membership includes ancestors, ordered by depth then name', () => {
    expect(host('web03.example.com').groups).toEqual(['production', 'staging', 'webservers', 'canary']);
    expect(inv.groups.get('production')).toEqual([
      'web01.example.com',
      'web02.example.com',
      'web03.example.com',
      'db-a.example.com',
      'db-b.example.com',
    ]);
    expect(inv.groups.get('staging')).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'stage1']);
    expect(inv.groups.get('ungrouped')).toEqual(['mgmt.example.com']);
  });

  it("same depth: the alphabetically later group wins (staging over production), deeper wins over both", () => {
    expect(host('web01.example.com').vars).toEqual({
      ansible_python_interpreter: '/usr/bin/python3',
      ntp_server: 'ntp.internal',
      env: 'staging',
      http_port: 80,
    });
    expect(host('web03.example.com').vars.http_port).toBe(8080);
    expect(host('db-a.example.com').vars.env).toBe('production');
  });

  it('connection vars become settings: user, key, become "yes", port "2201", ProxyJump from ssh args', () => {
    expect(host('web03.example.com')).toMatchObject({
      connection: 'ssh',
      address: 'web03.example.com',
      port: 2201,
      user: 'deploy',
      keyFile: '/home/alice/.ssh/deploy_ed25519',
      become: true,
      jump: [{ address: 'bastion.example.com', port: 2222, user: 'ops' }],
    });
    expect(host('web01.example.com').port).toBe(22);
  });

  it("{{ lookup('env', ...) }} becomes an env source; an inline password a 'value' source with a warning", () => {
    expect(host('db-b.example.com').becomePassword).toEqual({ kind: 'env', name: 'DB_BECOME_PASS' });
    expect(host('stage1').becomePassword).toEqual({ kind: 'value', value: 's3cret' });
    expect(inv.warnings).toEqual([
      {
        file: 'ansible-site.yml',
        line: 23,
        column: 38,
        message: "'ansible_ssh_common_args': only ProxyJump is used; ignored: -o StrictHostKeyChecking=no",
      },
      {
        file: 'ansible-site.yml',
        line: 40,
        column: 36,
        message: "'ansible_become_password' holds a password in clear text; prefer pkgfleet_become_password: {env: NAME}",
      },
    ]);
  });

  it('ansible_host, smart -> ssh, pkgfleet_* keys; other ansible_* vars stay in vars; recognised ones do not', () => {
    expect(host('stage1')).toMatchObject({
      address: '192.168.50.11',
      connection: 'ssh',
      manager: 'dnf',
      lockTimeoutMs: 120_000,
      become: false,
    });
    expect(host('stage1').vars).toEqual({
      ansible_python_interpreter: '/usr/bin/python3',
      ntp_server: 'ntp.internal',
      env: 'staging',
      ansible_distribution_hint: 'fedora',
    });
  });

  it('ansible_connection: local', () => {
    expect(host('mgmt.example.com')).toMatchObject({ connection: 'local', address: '127.0.0.1', groups: ['ungrouped'] });
  });
});

describe('Ansible format, more cases', () => {
  it('top-level groups without all:, null hosts, paramiko -> ssh, -J in extra args, stride ranges', () => {
    const dir = writeFiles({
      'a.yml': [
        'web:',
        '  hosts:',
        '    n[0:10:5]:',
        '    other:',
        '      ansible_connection: paramiko',
        '      ansible_ssh_extra_args: "-J jump@gw.example.com,10.0.0.9:2200"',
        'db:',
      ],
    });
    const inv = load(['a.yml'], dir);
    expect(inv.hosts.map((h) => h.name)).toEqual(['n0', 'n5', 'n10', 'other']);
    expect(inv.hosts[3]).toMatchObject({
      connection: 'ssh',
      jump: [
        { address: 'gw.example.com', port: 22, user: 'jump' },
        { address: '10.0.0.9', port: 2200 },
      ],
    });
    expect(inv.groups.get('db')).toEqual([]);
  });

  it('reads the output of ansible-inventory --list --yaml (hosts under ungrouped)', () => {
    const dir = writeFiles({
      'a.yml': [
        'all:',
        '  children:',
        '    ungrouped:',
        '      hosts:',
        '        lonely:',
        '          ansible_host: 10.2.0.1',
        '    web:',
        '      hosts:',
        '        w1: {}',
      ],
    });
    const inv = load(['a.yml'], dir);
    expect(inv.groups.get('ungrouped')).toEqual(['lonely']);
    expect(inv.hosts[0]).toMatchObject({ name: 'lonely', address: '10.2.0.1', groups: ['ungrouped'] });
    expect(inv.hosts[1]!.groups).toEqual(['web']);
  });

  it('ansible_group_priority orders groups of the same depth', () => {
    const dir = writeFiles({
      'a.yml': [
        'all:',
        '  children:',
        '    alpha:',
        '      hosts: { h: }',
        '      vars: { color: red, ansible_group_priority: 10 }',
        '    zulu:',
        '      hosts: { h: }',
        '      vars: { color: blue }',
      ],
    });
    expect(load(['a.yml'], dir).hosts[0]!.vars.color).toBe('red');
  });

  it('Ansible files are read as YAML 1.1 like PyYAML: yes/no/on/off are booleans, y/n are not', () => {
    const dir = writeFiles({
      'a.yml': ['all:', '  vars: { enabled: yes, legacy: off, answer: y, quoted: "yes", mode: 0755 }', '  hosts: { h: }'],
    });
    expect(load(['a.yml'], dir).hosts[0]!.vars).toEqual({ enabled: true, legacy: false, answer: 'y', quoted: 'yes', mode: 493 });
  });

  it('host key checking and timeouts map onto settings', () => {
    const dir = writeFiles({
      'a.yml': ['all:', '  vars: { ansible_host_key_checking: false, ansible_timeout: 7 }', '  hosts: { h: }'],
    });
    expect(load(['a.yml'], dir).hosts[0]).toMatchObject({ hostKeyPolicy: 'off', connectTimeoutMs: 7000 });
  });

  it.each([
    ['ansible_connection: docker', "a.yml:3:30: 'ansible_connection' \"docker\" is not supported (ssh, smart, paramiko, local)"],
    ['ansible_host: "{{ inventory_hostname }}.lan"', "a.yml:3:24: 'ansible_host': templated values are not supported (except {{ lookup('env', 'NAME') }} for passwords)"],
    ['ansible_port: 70000', "a.yml:3:24: 'ansible_port' must be a port number from 1 to 65535, got 70000"],
    ['ansible_become: maybe', "a.yml:3:26: 'ansible_become' must be true or false, got \"maybe\""],
    ['pkgfleet_manger: apt', "a.yml:3:10: unknown key 'pkgfleet_manger' (did you mean 'pkgfleet_manager'?)"],
  ])('host var %s is rejected with its position', (line, message) => {
    const dir = writeFiles({ 'a.yml': ['all:', '  hosts:', `    h: { ${line} }`] });
    expect(inventoryError(() => load(['a.yml'], dir)).message).toBe(message);
  });

  it('a vault-encrypted connection var is rejected', () => {
    const dir = writeFiles({
      'a.yml': ['all:', '  hosts:', '    h:', '      ansible_become_password: !vault |', '        $ANSIBLE_VAULT;1.1;AES256', '        6162'],
    });
    expect(inventoryError(() => load(['a.yml'], dir)).message).toBe(
      "a.yml:4:39: 'ansible_become_password': vault-encrypted values are not supported",
    );
  });
});
