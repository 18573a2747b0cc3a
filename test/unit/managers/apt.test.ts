import { describe, expect, it } from 'vitest';
import { apt } from '../../../src/managers/apt.js';
import { renderCommand } from '../../../src/remote/quote.js';

const ENV = {
  DEBIAN_FRONTEND: 'noninteractive',
  APT_LISTCHANGES_FRONTEND: 'none',
  NEEDRESTART_MODE: 'l',
  NEEDRESTART_SUSPEND: '1',
};
const FLAGS = [
  '-y',
  '-q',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
  '-o',
  'DPkg::Lock::Timeout=0',
];

describe('apt module data', () => {
  it('describes itself', () => {
    expect(apt.id).toBe('apt');
    expect(apt.kind).toBe('native');
    expect(apt.binaries).toEqual(['apt-get', 'apt-cache', 'dpkg', 'dpkg-query']);
    expect(apt.securityUpgrade).toBe('from-list');
    expect(apt.supportsVersionPin).toBe(true);
  });
});

describe('apt command builders', () => {
  it('refresh: apt-get update, as root', () => {
    expect(apt.refresh()).toEqual([{ argv: ['apt-get', 'update', '-q'], env: ENV, root: true }]);
  });

  it('listInstalled: dpkg-query with a tab-separated format, no root', () => {
    const cmd = apt.listInstalled();
    expect(cmd).toEqual({
      argv: ['dpkg-query', '-W', '--showformat=${binary:Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'],
      root: false,
      localQuery: true,
      alike: {},
    });
    // $ and { survive the shell untouched inside single quotes; \t and \n reach dpkg-query as written.
    expect(renderCommand(cmd)).toBe(
      "env LC_ALL=C LANG=C dpkg-query -W '--showformat=${binary:Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'",
    );
  });

  it('listUpgradable: one simulated dist-upgrade, no root', () => {
    expect(apt.listUpgradable()).toEqual([{ argv: ['apt-get', '-s', 'dist-upgrade'], env: ENV, root: false }]);
    expect(apt.listUpgradable({ security: true })).toEqual(apt.listUpgradable());
  });

  it('install: non-interactive, as root', () => {
    expect(apt.install([{ name: 'htop' }, { name: 'libstdc++6' }])).toEqual({
      argv: ['apt-get', ...FLAGS, 'install', 'htop', 'libstdc++6'],
      env: ENV,
      root: true,
    });
  });

  it('install with pins: name=version (epoch and glob kept), downgrades allowed', () => {
    const cmd = apt.install([apt.parseSpec('nginx=1.24*'), apt.parseSpec('zlib1g=1:1.2.13.dfsg-1'), apt.parseSpec('jq')]);
    expect(cmd.argv).toEqual([
      'apt-get',
      ...FLAGS,
      'install',
      '--allow-downgrades',
      'nginx=1.24*',
      'zlib1g=1:1.2.13.dfsg-1',
      'jq',
    ]);
    // The glob is quoted, so no remote shell expands it.
    expect(renderCommand(cmd)).toContain("'nginx=1.24*'");
  });

  it('install in check mode: the same line simulated with -s, no root', () => {
    expect(apt.install([{ name: 'ansible' }], { check: true })).toEqual({
      argv: ['apt-get', '-s', ...FLAGS, 'install', 'ansible'],
      env: ENV,
      root: false,
    });
  });

  it('remove: apt-get remove (never purge)', () => {
    const cmd = apt.remove(['jq', 'libc6:i386']);
    expect(cmd).toEqual({ argv: ['apt-get', ...FLAGS, 'remove', 'jq', 'libc6:i386'], env: ENV, root: true });
    expect(cmd.argv).not.toContain('purge');
    expect(cmd.argv).not.toContain('--purge');
    expect(apt.remove(['jq'], { check: true }).argv).toEqual(['apt-get', '-s', ...FLAGS, 'remove', 'jq']);
  });

  it('upgrade everything: dist-upgrade; check mode simulates it', () => {
    expect(apt.upgrade([])).toEqual({ argv: ['apt-get', ...FLAGS, 'dist-upgrade'], env: ENV, root: true });
    expect(apt.upgrade([], { check: true })).toEqual({
      argv: ['apt-get', '-s', ...FLAGS, 'dist-upgrade'],
      env: ENV,
      root: false,
    });
  });

  it('upgrade named targets (the security list): install --only-upgrade name=version', () => {
    const targets = [
      { name: 'libssl3', version: '3.0.22-1~deb12u2' },
      { name: 'libcap2', version: '1:2.66-4+deb12u3+b1' },
      { name: 'bash' },
    ];
    expect(apt.upgrade(targets, { security: true })).toEqual({
      argv: ['apt-get', ...FLAGS, 'install', '--only-upgrade', 'libssl3=3.0.22-1~deb12u2', 'libcap2=1:2.66-4+deb12u3+b1', 'bash'],
      env: ENV,
      root: true,
    });
    expect(apt.upgrade(targets, { security: true, check: true }).argv.slice(0, 2)).toEqual(['apt-get', '-s']);
  });

  it('a security upgrade with no targets never becomes a full upgrade', () => {
    expect(() => apt.upgrade([], { security: true })).toThrow(/security/);
    expect(() => apt.upgrade([], { security: true, check: true })).toThrow(/security/);
  });

  it('search: names only, the term escaped for apt’s regex', () => {
    expect(apt.search('libstdc++6')).toEqual({
      argv: ['apt-cache', 'search', '--names-only', 'libstdc\\+\\+6'],
      root: false,
    });
    expect(apt.search('python3.11').argv[3]).toBe('python3\\.11');
    expect(apt.search('jq').argv[3]).toBe('jq');
  });

  it('info: apt-cache policy NAME, no root', () => {
    expect(apt.info('jq')).toEqual({ argv: ['apt-cache', 'policy', 'jq'], root: false });
  });

  it('rebootCheck: test -e /var/run/reboot-required', () => {
    expect(apt.rebootCheck()).toEqual({ argv: ['test', '-e', '/var/run/reboot-required'], root: false });
  });

  it('every builder renders with the env prefix the remote shell needs', () => {
    expect(renderCommand(apt.remove(['jq']), { sudo: 'nopass' })).toBe(
      'sudo -n -- env LC_ALL=C LANG=C DEBIAN_FRONTEND=noninteractive APT_LISTCHANGES_FRONTEND=none ' +
        'NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1 apt-get -y -q -o Dpkg::Options::=--force-confdef ' +
        '-o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=0 remove jq',
    );
  });
});

describe('apt builders refuse hostile input before it reaches a command', () => {
  const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'a\nb', '-oRootDir=/', '', 'a b', "x'y", '"x"'];

  it.each(HOSTILE)('%j', (bad) => {
    expect(() => apt.install([{ name: bad }])).toThrow();
    expect(() => apt.install([{ name: 'jq', version: bad }])).toThrow();
    expect(() => apt.remove([bad])).toThrow();
    expect(() => apt.upgrade([{ name: bad }])).toThrow();
    expect(() => apt.upgrade([{ name: 'jq', version: bad }])).toThrow();
    expect(() => apt.info(bad)).toThrow();
    expect(() => apt.search(bad)).toThrow();
  });

  it('empty package lists are refused, not turned into a bare apt-get call', () => {
    expect(() => apt.install([])).toThrow(/at least one/);
    expect(() => apt.remove([])).toThrow(/at least one/);
  });
});
