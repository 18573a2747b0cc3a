import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { writeFiles } from './tmp-files.js';

const load = (dir: string, files: string[]) => loadInventory(files, { cwd: dir, sshConfigPath: null, env: { HOME: '/h' } });

describe('precedence: all < parent group < child group < host', () => {
  const dir = writeFiles({
    'a.yml': [
      'defaults: { user: base, port: 2000, vars: { color: grey, size: s, shape: dot } }',
      'groups:',
      '  zeta: { hosts: [h], user: zeta-user, vars: { color: zeta } }',
      '  alpha: { hosts: [h], vars: { color: alpha, size: m } }',
      '  parent: { children: [aa_child], vars: { shape: parent, size: parent } }',
      '  aa_child: { hosts: [h], user: child-user, vars: { shape: child } }',
      'hosts:',
      '  h: { port: 2222, vars: { size: host } }',
      '  other:',
    ],
  });
  const inv = load(dir, ['a.yml']);
  const h = inv.hosts[0]!;

  it('groups are ordered by depth, then name; the host is last', () => {
    expect(h.groups).toEqual(['alpha', 'parent', 'zeta', 'aa_child']);
  });

  it('same depth: the group whose name sorts later wins (zeta over alpha)', () => {
    expect(h.vars.color).toBe('zeta');
  });

  it('deeper wins even if its name sorts first (aa_child over parent); the host beats everything', () => {
    expect(h.vars).toEqual({ color: 'zeta', size: 'host', shape: 'child' });
    expect(h.user).toBe('child-user');
    expect(h.port).toBe(2222);
  });

  it('a host in no group gets only the defaults', () => {
    expect(inv.hosts[1]).toMatchObject({ name: 'other', user: 'base', port: 2000, vars: { color: 'grey', size: 's', shape: 'dot' } });
  });
});

describe('several -i files merge', () => {
  it('ours + Ansible: groups add up, equal definitions agree, order is file by file', () => {
    const dir = writeFiles({
      'a.yml': ['groups:', '  web: { hosts: [w1] }', 'hosts:', '  w1: { address: 10.0.0.1, vars: { role: web } }'],
      'b.yml': [
        'all:',
        '  children:',
        '    web:',
        '      hosts:',
        '        w2:',
        '        w1: { ansible_host: 10.0.0.1, extra: yes }',
        '    db:',
        '      hosts: { d1: }',
      ],
    });
    const inv = load(dir, ['a.yml', 'b.yml']);
    expect(inv.hosts.map((h) => h.name)).toEqual(['w1', 'w2', 'd1']);
    expect(inv.groups.get('web')).toEqual(['w1', 'w2']);
    expect(inv.hosts[0]).toMatchObject({ address: '10.0.0.1', vars: { role: 'web', extra: true }, source: { file: 'a.yml', line: 4 } });
    expect(inv.files).toHaveLength(2);
  });

  it('the same file twice is harmless', () => {
    const dir = writeFiles({ 'a.yml': ['hosts:', '  w1: { port: 2 }'] });
    expect(load(dir, ['a.yml', 'a.yml']).hosts).toHaveLength(1);
  });

  it('a group defined in two files unions its hosts and children', () => {
    const dir = writeFiles({
      'a.yml': ['groups:', '  web: { hosts: [w1], children: [edge] }', '  edge: { hosts: [e1] }'],
      'b.yml': ['groups:', '  web: { hosts: [w2] }'],
    });
    expect(load(dir, ['a.yml', 'b.yml']).groups.get('web')).toEqual(['w1', 'e1', 'w2']);
  });
});
