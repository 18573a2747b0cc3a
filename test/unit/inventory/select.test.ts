import { describe, expect, it } from 'vitest';
import { LimitPatternError, loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { writeFiles } from './tmp-files.js';

const dir = writeFiles({
  'inv.yml': [
    'groups:',
    '  web: { hosts: [web1.example.com, web2.example.com], children: [canary] }',
    '  canary: { hosts: [web3.example.com] }',
    '  db: { hosts: [db1.example.com, db2.internal] }',
    '  staging: { hosts: [web2.example.com, db2.internal] }',
    'hosts:',
    '  bastion:',
    '  localbox: { connection: local }',
  ],
});
const inv = loadInventory(['inv.yml'], { cwd: dir, sshConfigPath: null, env: { HOME: dir } });
const W1 = 'web1.example.com';
const W2 = 'web2.example.com';
const W3 = 'web3.example.com';
const D1 = 'db1.example.com';
const D2 = 'db2.internal';

describe('selectHosts (--limit)', () => {
  it.each([
    ['all', [W1, W2, W3, D1, D2, 'bastion', 'localbox']],
    ['*', [W1, W2, W3, D1, D2, 'bastion', 'localbox']],
    ['web', [W1, W2, W3]],
    [W1, [W1]],
    ['web*', [W1, W2, W3]],
    ['*.example.com', [W1, W2, W3, D1]],
    ['db?.internal', [D2]],
    ['db:bastion', [D1, D2, 'bastion']],
    ['bastion,db', [D1, D2, 'bastion']],
    [' web , db ', [W1, W2, W3, D1, D2]],
    ['web:&staging', [W2]],
    ['web:!canary', [W1, W2]],
    ['all:!web:!db', ['bastion', 'localbox']],
    ['!staging', [W1, W3, D1, 'bastion', 'localbox']],
    ['&staging:db', [D2]],
    ['web:!canary:&staging', [W2]],
    ['!canary:web', [W1, W2]],
    ['canary:web3.example.com', [W3]],
    ['~^db\\d', [D1, D2]],
    ['~^w.*1\\.', [W1]],
    ['ungrouped', ['bastion', 'localbox']],
  ])('%s', (pattern, expected) => {
    expect(selectHosts(inv, pattern).map((h) => h.name)).toEqual(expected);
  });

  it.each([
    ['nosuch', 'nosuch', "pattern 'nosuch' matches no host or group"],
    ['web:nosuch*', 'nosuch*', "pattern 'nosuch*' matches no host or group"],
    ['web:!nosuch', '!nosuch', "pattern 'nosuch' matches no host or group"],
    ['web:&nosuch', '&nosuch', "pattern 'nosuch' matches no host or group"],
    ['', '', 'empty --limit pattern'],
    ['web:!', '!', "pattern element '!' has no name after '!'"],
  ])('%j is refused', (pattern, element, message) => {
    let err: unknown;
    try {
      selectHosts(inv, pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LimitPatternError);
    expect((err as LimitPatternError).message).toBe(message);
    expect((err as LimitPatternError).element).toBe(element);
  });

  it('an empty group is a match (no error) that selects nothing', () => {
    const d = writeFiles({ 'i.yml': ['groups:', '  empty:', 'hosts:', '  h:'] });
    const i = loadInventory(['i.yml'], { cwd: d, sshConfigPath: null, env: { HOME: d } });
    expect(selectHosts(i, 'empty')).toEqual([]);
  });

  it('returns the HostSpec objects themselves', () => {
    expect(selectHosts(inv, 'localbox')[0]).toBe(inv.hosts[6]);
  });
});
