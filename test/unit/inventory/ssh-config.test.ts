import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { hostPatternsMatch, parseSshConfig } from '../../../src/inventory/ssh-config.js';
import { tokenizeConfigLine } from '../../../src/inventory/ssh-config-line.js';
import { lookupSshConfig } from '../../../src/inventory/ssh-config-lookup.js';
import { inventoryError, writeFiles } from './tmp-files.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/inventory');
const ENV = { HOME: '/home/alice', USER: 'alice' };

describe('ssh_config honoured by the inventory (ssh/config + ssh-hosts.yml)', () => {
  const inv = loadInventory(['ssh-hosts.yml'], { cwd: FIX, sshConfigPath: 'ssh/config', env: ENV });
  const host = (n: string) => inv.hosts.find((h) => h.name === n)!;

  it('an alias matching `web?` gets User and the FIRST IdentityFile, with %r/%h tokens and ~ expanded', () => {
    expect(host('web1')).toMatchObject({
      address: 'web1',
      port: 22,
      user: 'webadmin',
      keyFile: '/home/alice/.ssh/web_webadmin_web1',
      hostKeyPolicy: 'accept-new',
      connectTimeoutMs: 12_000,
    });
  });

  it('a negated pattern excludes the host from the block', () => {
    expect(host('web9').user).toBe('fallback');
    expect(host('web9').keyFile).toBeUndefined();
  });

  it('first obtained value wins: *.internal ProxyJump beats the later `ProxyJump none`', () => {
    expect(host('db.internal')).toMatchObject({
      user: 'dba',
      jump: [{ address: '203.0.113.50', port: 2022, user: 'jumper', keyFile: '/home/alice/.ssh/jump_key' }],
    });
  });

  it('inventory values override ssh_config values', () => {
    expect(host('app.internal')).toMatchObject({ user: 'appuser', port: 2201 });
    expect(host('app.internal').jump).toHaveLength(1);
  });

  it('HostName with %h, Port=value syntax; the lookup uses the address when the inventory gives one', () => {
    expect(host('alias1')).toMatchObject({ address: 'alias1.example.org', port: 2200, user: 'fallback' });
    expect(host('explicit')).toMatchObject({ address: 'alias1.example.org', port: 2200 });
  });

  it('Include files are read in place; a Match block is ignored with a warning', () => {
    expect(host('legacy')).toMatchObject({ address: '198.51.100.20', user: 'root' });
    expect(inv.warnings).toEqual([
      {
        file: path.join(FIX, 'ssh/config.d/10-legacy.conf'),
        line: 5,
        column: 1,
        message: 'ssh_config: Match blocks are not evaluated; this block is ignored',
      },
    ]);
  });

  it('~/.ssh/config is the default; ~ works in an explicit path; a missing default is fine; null disables it', () => {
    const home = writeFiles({ '.ssh/config': ['Host h', '  User fromhome'], 'inv.yml': ['hosts:', '  h:'] });
    const env = { HOME: home, USER: 'x' };
    expect(loadInventory(['inv.yml'], { cwd: home, env }).hosts[0]!.user).toBe('fromhome');
    expect(loadInventory([`${home}/inv.yml`], { cwd: '/', env, sshConfigPath: '~/.ssh/config' }).hosts[0]!.user).toBe('fromhome');
    expect(loadInventory(['inv.yml'], { cwd: home, env, sshConfigPath: null }).hosts[0]!.user).toBeUndefined();
    const empty = writeFiles({ 'inv.yml': ['hosts:', '  h:'] });
    expect(loadInventory(['inv.yml'], { cwd: empty, env: { HOME: empty } }).hosts[0]!.user).toBeUndefined();
  });

  it('an explicit ssh_config that does not exist is an error', () => {
    const dir = writeFiles({ 'inv.yml': ['hosts:', '  h:'] });
    expect(inventoryError(() => loadInventory(['inv.yml'], { cwd: dir, env: ENV, sshConfigPath: 'nope' })).message).toBe(
      'nope:1:1: cannot read ssh_config (ENOENT)',
    );
  });

  it('ProxyJump chains in ssh_config: hops are looked up too; the first hop keeps its own ProxyJump', () => {
    const dir = writeFiles({
      config: ['Host inner', '  HostName 10.0.0.2', '  ProxyJump outer', 'Host outer', '  HostName 10.0.0.1', '  User o', 'Host target', '  ProxyJump inner,u@third:2222'],
      'inv.yml': ['hosts:', '  target:'],
    });
    const inv = loadInventory(['inv.yml'], { cwd: dir, env: ENV, sshConfigPath: 'config' });
    expect(inv.hosts[0]!.jump).toEqual([
      { address: '10.0.0.1', port: 22, user: 'o' },
      { address: '10.0.0.2', port: 22 },
      { address: 'third', port: 2222, user: 'u' },
    ]);
  });

  it('a ProxyJump cycle is an error at the ProxyJump line that closes it', () => {
    const dir = writeFiles({
      config: ['Host a', '  ProxyJump b', 'Host b', '  ProxyJump a'],
      'inv.yml': ['hosts:', '  a:'],
    });
    expect(inventoryError(() => loadInventory(['inv.yml'], { cwd: dir, env: ENV, sshConfigPath: 'config' })).message).toBe(
      'config:2:3: jump cycle: a -> b -> a -> b',
    );
  });

  it.each([
    [['Host x', '  Port abc'], 'c:2:8: ssh_config: bad Port \'abc\''],
    [['Host x', '  StrictHostKeyChecking maybe'], "c:2:25: ssh_config: bad StrictHostKeyChecking 'maybe'"],
    [['Host x', '  User "unterminated'], 'c:2:8: ssh_config: unterminated quote'],
    [['Host'], 'c:1:1: ssh_config: Host needs at least one pattern'],
    [['Host x', '  ProxyJump a@'], "c:2:13: ssh_config: jump host 'a@' is not [user@]host[:port]"],
  ])('bad ssh_config %j fails at its position', (lines, message) => {
    const dir = writeFiles({ c: lines, 'inv.yml': ['hosts:', '  h:'] });
    expect(inventoryError(() => loadInventory(['inv.yml'], { cwd: dir, env: ENV, sshConfigPath: 'c' })).message).toBe(message);
  });
});

describe('ssh_config pieces', () => {
  it('tokenizes keyword, = and quoted args with columns; # starts a comment', () => {
    expect(tokenizeConfigLine('  IdentityFile "/a b/key" # note')).toEqual({
      keyword: 'IdentityFile',
      column: 3,
      args: [{ value: '/a b/key', column: 16 }],
    });
    expect(tokenizeConfigLine('Port=22')).toEqual({ keyword: 'Port', column: 1, args: [{ value: '22', column: 6 }] });
    expect(tokenizeConfigLine('   # comment')).toBeNull();
    expect(tokenizeConfigLine('')).toBeNull();
  });

  it.each([
    [['*.example.com'], 'db.example.com', true],
    [['*.example.com'], 'example.com', false],
    [['web?'], 'WEB1', true],
    [['web?'], 'web10', false],
    [['*', '!bastion'], 'bastion', false],
    [['!bastion', '*'], 'web1', true],
    [['!bastion'], 'web1', false],
    [['10.0.0.*'], '10.0.0.7', true],
  ])('Host %j against %s -> %s', (patterns, host, expected) => {
    expect(hostPatternsMatch(patterns, host)).toBe(expected);
  });

  it('keywords are case-insensitive and values before the first Host apply to every host', () => {
    const cfg = parseSshConfig('user early\nHOST h\n  USER late\n  hostname 1.2.3.4\n', 'c', { home: '/h', baseDir: '/h' });
    const r = lookupSshConfig(cfg, 'h', { home: '/h', localUser: 'me', cwd: '/' });
    expect(r.user?.value).toBe('early');
    expect(r.hostName?.value).toBe('1.2.3.4');
    expect(r.user?.loc).toEqual({ file: 'c', line: 1, column: 1 });
  });

  it('Include inside a Host block only applies when that block matches', () => {
    const dir = writeFiles({ main: ['Host only', '  Include inc'], inc: ['User included'] });
    const cfg = parseSshConfig(`Host only\n  Include inc\n`, 'main', { home: dir, baseDir: dir });
    expect(lookupSshConfig(cfg, 'only', { home: dir, localUser: 'me', cwd: dir }).user?.value).toBe('included');
    expect(lookupSshConfig(cfg, 'other', { home: dir, localUser: 'me', cwd: dir }).user).toBeUndefined();
  });
});
