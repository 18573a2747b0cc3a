import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatpak, FLATPAK_ANSWER_NO_SCRIPT, FLATPAK_PLAN_INSTALL_SCRIPT } from '../../../src/managers/flatpak.js';
import type { FlatpakSpec } from '../../../src/managers/flatpak.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/flatpak');
const fx = (name: string) =>
  fixtureResult('flatpak', `${name}.txt`, existsSync(path.join(DIR, `${name}.stderr.txt`)) ? `${name}.stderr.txt` : undefined);

const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'org.a.b\nx', '-oRootDir=/', '', 'org.gimp GIMP', "org.gimp.'x'", 'org.gimp.GIMP;id', 'org.gimp', '1org.gimp.GIMP', 'org.my-app.Foo'];
const REAL = ['org.gimp.GIMP', 'org.mozilla.firefox', 'com.visualstudio.code', 'org.freedesktop.Platform.GL.default', 'io.github.some_user.App-Name', 'org.test.Hello'];

describe('flatpak: identity', () => {
  it('is the Flatpak manager, without version pins or security metadata', () => {
    expect(flatpak.id).toBe('flatpak');
    expect(flatpak.displayName).toBe('Flatpak');
    expect(flatpak.kind).toBe('flatpak');
    expect(flatpak.binaries).toEqual(['flatpak']);
    expect(flatpak.securityUpgrade).toBe('unsupported');
    expect(flatpak.supportsVersionPin).toBe(false);
    expect(flatpak.rebootCheck()).toBeNull();
  });
});

describe('flatpak: references', () => {
  it.each(HOSTILE)('refuses the id %j', (id) => expect(flatpak.validateName(id)).toMatch(/./));
  it.each(REAL)('accepts the real id %s', (id) => expect(flatpak.validateName(id)).toBeNull());

  it('strips the scheme and reads the branch and the remote', () => {
    expect(flatpak.parseSpec('flatpak://org.gimp.GIMP')).toEqual({ name: 'org.gimp.GIMP' });
    expect(flatpak.parseSpec('flatpak://org.gimp.GIMP//stable')).toEqual({ name: 'org.gimp.GIMP', branch: 'stable' });
    expect(flatpak.parseSpec('flatpak://flathub/org.gimp.GIMP')).toEqual({ name: 'org.gimp.GIMP', remote: 'flathub' });
    expect(flatpak.parseSpec('flatpak://testrepo/org.test.Platform//2.0')).toEqual({
      name: 'org.test.Platform',
      remote: 'testrepo',
      branch: '2.0',
    });
    expect(flatpak.parseSpec('org.gimp.GIMP//beta')).toEqual({ name: 'org.gimp.GIMP', branch: 'beta' });
  });

  it('refuses versions, bad branches, bad remotes and hostile ids', () => {
    expect(() => flatpak.parseSpec('flatpak://org.gimp.GIMP=2.10')).toThrow(/cannot install a version/);
    expect(() => flatpak.parseSpec('flatpak://org.gimp.GIMP//$(id)')).toThrow(/invalid flatpak branch/);
    expect(() => flatpak.parseSpec('flatpak://-x/org.gimp.GIMP')).toThrow(/invalid flatpak remote/);
    expect(() => flatpak.parseSpec('flatpak://org.gimp.GIMP;reboot')).toThrow(/invalid flatpak application id/);
    expect(() => flatpak.parseSpec('flatpak://')).toThrow(/empty/);
    expect(flatpak.validateVersion('2.10')).toMatch(/cannot install a version/);
  });
});

describe('flatpak: commands', () => {
  const spec = (raw: string) => flatpak.parseSpec(raw);

  it('installs non-interactively from the named remote, or lets flatpak pick one', () => {
    expect(flatpak.install([spec('flatpak://flathub/org.gimp.GIMP//stable')])).toEqual({
      argv: ['flatpak', 'install', '--noninteractive', '-y', 'flathub', 'org.gimp.GIMP//stable'],
      root: true,
    });
    expect(flatpak.install([spec('flatpak://org.gimp.GIMP'), spec('org.mozilla.firefox')])).toEqual({
      argv: ['flatpak', 'install', '--noninteractive', '-y', 'org.gimp.GIMP', 'org.mozilla.firefox'],
      root: true,
    });
    expect(() => flatpak.install([spec('flatpak://a/org.x.One'), spec('flatpak://b/org.x.Two')])).toThrow(/one remote per command/);
  });

  it('removes and upgrades non-interactively', () => {
    expect(flatpak.remove(['org.gimp.GIMP'])).toEqual({
      argv: ['flatpak', 'uninstall', '--noninteractive', '-y', 'org.gimp.GIMP'],
      root: true,
    });
    expect(flatpak.upgrade([])).toEqual({ argv: ['flatpak', 'update', '--noninteractive', '-y'], root: true });
    expect(flatpak.upgrade([{ name: 'org.gimp.GIMP' }])).toEqual({
      argv: ['flatpak', 'update', '--noninteractive', '-y', 'org.gimp.GIMP'],
      root: true,
    });
    expect(() => flatpak.upgrade([{ name: 'org.gimp.GIMP', version: '2.10.38' }])).toThrow(/cannot install a version/);
    expect(() => flatpak.upgrade([], { security: true })).toThrow(/security/);
  });

  it('plans by answering "no" with stdin closed: no -y, no --noninteractive, ids as arguments', () => {
    const install = flatpak.install([spec('flatpak://testrepo/org.test.Needy')], { check: true });
    expect(install.argv).toEqual(['sh', '-c', FLATPAK_PLAN_INSTALL_SCRIPT, 'sh', 'testrepo', 'org.test.Needy']);
    expect(FLATPAK_PLAN_INSTALL_SCRIPT).toContain('</dev/null');
    expect(FLATPAK_PLAN_INSTALL_SCRIPT).not.toMatch(/-y|--noninteractive|org\.test/);
    expect(flatpak.install([spec('org.test.Bare')], { check: true }).argv.slice(3)).toEqual(['sh', '', 'org.test.Bare']);
    expect(flatpak.remove(['org.test.Bare'], { check: true }).argv).toEqual(['sh', '-c', FLATPAK_ANSWER_NO_SCRIPT, 'sh', 'uninstall', 'org.test.Bare']);
    expect(flatpak.upgrade([], { check: true }).argv).toEqual(['sh', '-c', FLATPAK_ANSWER_NO_SCRIPT, 'sh', 'update']);
    expect(FLATPAK_ANSWER_NO_SCRIPT).toBe('exec flatpak "$@" </dev/null');
  });

  it('lists with explicit columns', () => {
    expect(flatpak.listInstalled()).toEqual({
      argv: ['flatpak', 'list', '--app', '--columns=application,version,branch,arch,origin,installation,active'],
      root: false,
      alike: {},
    });
    expect(flatpak.listUpgradable().map((c) => c.argv)).toEqual([
      ['flatpak', 'remote-ls', '--updates', '--columns=application,version,branch,arch,origin,commit'],
      ['flatpak', 'list', '--columns=application,version,branch,arch,origin,installation,active'],
    ]);
    expect(flatpak.search('gimp').argv).toEqual(['flatpak', 'search', '--columns=application,version,branch,remotes,description', 'gimp']);
    expect(flatpak.info('org.gimp.GIMP').argv).toEqual(['flatpak', 'info', 'org.gimp.GIMP']);
  });

  it('refuses hostile input in every builder', () => {
    for (const bad of HOSTILE) {
      expect(() => flatpak.install([{ name: bad }])).toThrow();
      expect(() => flatpak.remove([bad])).toThrow();
      expect(() => flatpak.info(bad)).toThrow();
    }
    expect(() => flatpak.install([{ name: 'org.a.B', remote: 'x y' } as FlatpakSpec])).toThrow(/remote/);
    expect(() => flatpak.install([{ name: 'org.a.B', branch: '`id`' } as FlatpakSpec])).toThrow(/branch/);
    expect(() => flatpak.search('--help')).toThrow();
  });
});

describe('flatpak: parsers on recorded output', () => {
  it('reads flatpak list: appdata version, else the commit', () => {
    expect(flatpak.parseInstalled(fx('list-installed').stdout)).toEqual([
      { name: 'org.test.Bare', version: 'a2c65d4366d5', arch: 'x86_64' },
      { name: 'org.test.Hello', version: '1.0', arch: 'x86_64' },
    ]);
  });

  it('joins remote-ls --updates with the installed list', () => {
    expect(flatpak.parseUpgradable([fx('list-upgrades'), fx('list-all')])).toEqual([
      { name: 'org.test.Hello', from: '1.0', to: '1.1', arch: 'x86_64', repo: 'testrepo' },
    ]);
    expect(flatpak.parseUpgradable([fx('list-upgrades-none'), fx('list-all')])).toEqual([]);
  });

  const installed = [
    { name: 'org.test.Bare', version: 'a2c65d4366d5' },
    { name: 'org.test.Hello', version: '1.0' },
  ];

  it('plans installs one ref at a time, counting a required runtime', () => {
    expect(flatpak.parsePlan(fx('plan-install-each'), [{ name: 'org.test.Hello', version: '1.0' }])).toEqual([
      { name: 'org.test.Platform', action: 'install', from: null, to: null, repo: 'testrepo', manager: 'flatpak' },
      { name: 'org.test.Needy', action: 'install', from: null, to: null, repo: 'testrepo', manager: 'flatpak' },
      { name: 'org.test.Bare', action: 'install', from: null, to: null, repo: 'testrepo', manager: 'flatpak' },
    ]);
    expect(flatpak.interpretExit('simulate', fx('plan-install-each'))).toEqual({ ok: true });
  });

  it('plans updates and uninstalls from the transaction table', () => {
    expect(flatpak.parsePlan(fx('plan-update-all'), installed)).toEqual([
      { name: 'org.test.Hello', action: 'upgrade', from: '1.0', to: null, repo: 'testrepo', manager: 'flatpak' },
    ]);
    expect(flatpak.interpretExit('simulate', fx('plan-update-all'))).toEqual({ ok: true });
    expect(flatpak.parsePlan(fx('plan-uninstall'), installed)).toEqual([
      { name: 'org.test.Bare', action: 'remove', from: 'a2c65d4366d5', to: null, manager: 'flatpak' },
      { name: 'org.test.Hello', action: 'remove', from: '1.0', to: null, manager: 'flatpak' },
    ]);
    expect(flatpak.interpretExit('simulate', fx('plan-uninstall'))).toEqual({ ok: true });
    expect(flatpak.parsePlan(fx('update-nothing'), installed)).toEqual([]);
  });

  it('reads flatpak search', () => {
    expect(flatpak.parseSearch(fx('search').stdout)).toEqual([
      { name: 'org.test.Needy', version: '3.2.1', summary: 'Needs runtime 2.0', repo: 'testrepo' },
      { name: 'org.test.Hello', version: '1.1', summary: 'Says hello', repo: 'testrepo' },
    ]);
    expect(flatpak.parseSearch(fx('search-none').stdout)).toEqual([]);
  });

  it('reads flatpak info (scraped)', () => {
    const info = flatpak.parseInfo(fx('info').stdout, 'org.test.Hello');
    expect(info).toMatchObject({
      name: 'org.test.Hello',
      installedVersion: '1.0',
      candidateVersion: null,
      summary: 'Test application org.test.Hello',
      repo: 'testrepo',
    });
    expect(info?.fields.Ref).toBe('app/org.test.Hello/x86_64/stable');
    expect(info?.fields.Commit).toBe('6c747291e085a1b8a31aca3225cbf409561f5b1ff5c21c2d6262bc1c1e1e42f0');
    expect(info?.fields.Runtime).toBe('org.test.Platform/x86_64/1.0');
    expect(flatpak.parseInfo(fx('info-not-installed').stdout, 'org.test.Needy')).toBeNull();
  });
});

describe('flatpak: exit codes on recorded output', () => {
  it('sees the repo lock flatpak gave up on', () => {
    expect(loadFixture('flatpak', 'lock-install.stderr.txt').text).toContain('Locking repo shared failed');
    expect(flatpak.interpretExit('install', fx('lock-install'))).toMatchObject({ ok: false, lockHeld: true });
  });
  it('sees ids that no remote has and ids that are not installed', () => {
    expect(flatpak.interpretExit('install', fx('install-not-found'))).toEqual({ ok: false, notFound: true, message: 'not found: org.nothere.App' });
    expect(flatpak.interpretExit('install', fx('install-no-remote-not-found'))).toMatchObject({ notFound: true, message: 'not found: org.nothere.App' });
    expect(flatpak.interpretExit('remove', fx('uninstall-not-installed'))).toMatchObject({ notFound: true });
    expect(flatpak.interpretExit('simulate', fx('plan-uninstall-not-installed'))).toMatchObject({ notFound: true });
    expect(flatpak.interpretExit('simulate', fx('plan-install-each-no-remote'))).toMatchObject({ notFound: true });
    expect(flatpak.interpretExit('info', fx('info-not-installed'))).toMatchObject({ notFound: true });
  });
  it('treats "already installed" and "Nothing to do." as success', () => {
    expect(flatpak.interpretExit('install', fx('install-already'))).toEqual({ ok: true });
    expect(flatpak.interpretExit('upgrade', fx('update-nothing'))).toEqual({ ok: true });
    expect(flatpak.interpretExit('install', fx('install-real'))).toEqual({ ok: true });
    expect(flatpak.interpretExit('upgrade', fx('update-real'))).toEqual({ ok: true });
    expect(flatpak.interpretExit('remove', fx('uninstall-real'))).toEqual({ ok: true });
  });
  it('explains an ambiguous remote', () => {
    expect(flatpak.interpretExit('install', fx('install-ambiguous-remote'))).toEqual({
      ok: false,
      message: 'several remotes carry this app: name one as flatpak://REMOTE/APPID',
    });
  });
});
