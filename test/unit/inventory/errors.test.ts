import { describe, expect, it } from 'vitest';
import { InventoryError, loadInventory } from '../../../src/inventory/index.js';
import { inventoryError, writeFiles } from './tmp-files.js';

const load = (dir: string, files: string[]) => loadInventory(files, { cwd: dir, sshConfigPath: null, env: { HOME: '/h' } });

/** [what, files (lines; line numbers are the array index + 1), exact message]. Loaded: a.yml (then b.yml). */
const CASES: [string, Record<string, string[]>, string][] = [
  [
    'unknown key in a host, with a near-miss hint',
    { 'a.yml': ['hosts:', '  web1:', '    adress: 10.0.0.1'] },
    "a.yml:3:5: unknown key 'adress' in a host (did you mean 'address'?)",
  ],
  [
    'unknown top-level key',
    { 'a.yml': ['defaults: { user: a }', 'host:', '  web1:'] },
    "a.yml:2:1: unknown key 'host' in the inventory (top-level keys are defaults, groups, hosts) (did you mean 'hosts'?)",
  ],
  [
    'wrong type: port as a string',
    { 'a.yml': ['hosts:', '  web1:', '    port: "22"'] },
    'a.yml:3:11: \'port\' must be a port number from 1 to 65535, got "22"',
  ],
  [
    'wrong type: become as a string',
    { 'a.yml': ['defaults:', '  become: "yes"'] },
    'a.yml:2:11: \'become\' must be true or false, got "yes"',
  ],
  [
    'wrong type: vars as a list',
    { 'a.yml': ['hosts:', '  h: { vars: [1, 2] }'] },
    "a.yml:2:14: 'vars' must be a mapping, got a list",
  ],
  [
    'wrong type: a host list entry that is a number',
    { 'a.yml': ['groups:', '  web: { hosts: [w1, 42] }'] },
    'a.yml:2:22: a host name must be a string without spaces, got 42',
  ],
  [
    'bad duration',
    { 'a.yml': ['defaults:', '  lock_timeout: 5 minutes'] },
    'a.yml:2:17: \'lock_timeout\' must be a duration like 30s, 5m, 1h or a number of seconds, got "5 minutes"',
  ],
  [
    'bad manager name',
    { 'a.yml': ['groups:', '  web:', '    manager: apt-get'] },
    'a.yml:3:14: \'manager\' must be one of apt, dnf, dnf5, yum, zypper, pacman, apk, flatpak, snap, docker, podman, got "apt-get"',
  ],
  [
    'bad connection',
    { 'a.yml': ['hosts:', '  w: { connection: winrm }'] },
    'a.yml:2:20: \'connection\' must be one of ssh, local, got "winrm"',
  ],
  [
    'inline password in our format',
    { 'a.yml': ['hosts:', '  db1: { become_password: hunter2 }'] },
    "a.yml:2:27: 'become_password' must not be written inline; use {prompt: true}, {env: NAME} or {file: PATH}",
  ],
  [
    'group cycle in our format: the edge that closes it',
    { 'a.yml': ['groups:', '  a: { children: [b] }', '  b: { children: [c] }', '  c: { children: [a] }'] },
    'a.yml:4:19: group cycle: a -> b -> c -> a',
  ],
  [
    'group cycle in an Ansible inventory',
    { 'a.yml': ['all:', '  children:', '    a:', '      children:', '        b:', '    b:', '      children:', '        a:'] },
    'a.yml:8:9: group cycle: a -> b -> a',
  ],
  [
    'unknown child group',
    { 'a.yml': ['groups:', '  web: { hosts: [w1], children: [edgee] }', '  edge: { hosts: [w2] }'] },
    "a.yml:2:34: group 'web' lists unknown child group 'edgee'",
  ],
  [
    'jump to a host that is not in the inventory',
    { 'a.yml': ['hosts:', '  db1: { jump: bastoin }'] },
    "a.yml:2:16: jump host 'bastoin' is not in the inventory (write user@host or host:port for a host outside it)",
  ],
  [
    'same host in two files with a different port: names both places',
    { 'a.yml': ['hosts:', '  web1: { address: 10.0.0.1, port: 22 }'], 'b.yml': ['hosts:', '  web1: { port: 2222 }'] },
    "b.yml:2:17: host 'web1' is defined twice with different values for 'port': 2222 here, 22 at a.yml:2:36",
  ],
  [
    'same host twice in one Ansible file with different vars',
    {
      'a.yml': ['all:', '  children:', '    web:', '      hosts:', '        w1: { ansible_port: 22 }', '    db:', '      hosts:', '        w1: { ansible_port: 2200 }'],
    },
    "a.yml:8:29: host 'w1' is defined twice with different values for 'ansible_port': 2200 here, 22 at a.yml:5:29",
  ],
  [
    'defaults that disagree across files',
    { 'a.yml': ['defaults: { user: alice }'], 'b.yml': ['defaults: { user: bob }'] },
    'b.yml:1:19: defaults is defined twice with different values for \'user\': "bob" here, "alice" at a.yml:1:19',
  ],
  [
    "'all' as a group of our format",
    { 'a.yml': ['groups:', '  all: { vars: { x: 1 } }'] },
    "a.yml:2:3: 'all' is a reserved group name: put its settings under defaults",
  ],
  [
    'unknown key in an Ansible group',
    { 'a.yml': ['all:', '  children:', '    web:', '      host:', '        w1:'] },
    "a.yml:4:7: unknown key 'host' in group 'web' (a group has hosts, children, vars) (did you mean 'hosts'?)",
  ],
  [
    'Ansible hosts written as a list',
    { 'a.yml': ['web:', '  hosts: [w1, w2]'] },
    "a.yml:2:10: 'hosts' must be a mapping of host names to their vars, got a list",
  ],
  [
    "Ansible 'all' nested under a group",
    { 'a.yml': ['web:', '  children:', '    all:'] },
    "a.yml:3:5: group 'all' cannot be a child of another group",
  ],
  ['bad host range', { 'a.yml': ['web:', '  hosts:', '    web[3:1].lan:'] }, "a.yml:3:5: host range '[3:1]' starts after it ends"],
  [
    'an INI inventory',
    { 'a.yml': ['# comment', '[web]', 'web1 ansible_host=1.2.3.4'] },
    'a.yml:2:1: this looks like an Ansible INI inventory; only YAML inventories are read (convert it with: ansible-inventory -i a.yml --list --yaml)',
  ],
  ['a list instead of a mapping', { 'a.yml': ['- web1', '- web2'] }, 'a.yml:1:1: an inventory must be a mapping, got a list'],
  ['YAML: duplicate key', { 'a.yml': ['hosts:', '  web1: {}', '  web1: {}'] }, 'a.yml:3:3: YAML syntax error: Map keys must be unique'],
];

describe('every error kind carries FILE:LINE:COL', () => {
  it.each(CASES)('%s', (_what, files, message) => {
    const dir = writeFiles(files);
    const names = Object.keys(files);
    const err = inventoryError(() => load(dir, names));
    expect(err.message).toBe(message);
    const [file, line, col] = message.split(':');
    expect([err.file, err.line, err.column]).toEqual([file, Number(line), Number(col)]);
  });

  it('YAML syntax error: the position and message come from the yaml parser', () => {
    const dir = writeFiles({ 'a.yml': ['hosts:', '  web1: { port: 22', '  web2: {}'] });
    expect(inventoryError(() => load(dir, ['a.yml'])).message).toBe(
      'a.yml:3:3: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    );
  });

  it('a missing file', () => {
    const dir = writeFiles({});
    expect(inventoryError(() => load(dir, ['missing.yml'])).message).toBe('missing.yml:1:1: cannot read inventory (ENOENT)');
  });

  it('errors are raised before anything is returned: loading is all or nothing', () => {
    const dir = writeFiles({ 'a.yml': ['hosts:', '  ok1:'], 'b.yml': ['hosts:', '  bad: { port: 0 }'] });
    expect(() => load(dir, ['a.yml', 'b.yml'])).toThrow(InventoryError);
  });
});
