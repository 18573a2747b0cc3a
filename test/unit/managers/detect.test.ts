import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { parseFacts, parseOsRelease, factsCommand } from '../../../src/managers/detect.js';
import { selectManager, detectManagers } from '../../../src/managers/selection.js';
import { loadFixture } from '../../helpers/fixture.js';

// Facts output as the script prints it, for hosts we cannot run here. The os-release lines are
// the distributions' documented values (see shared/reference/package-managers.md §1).
function facts(osRelease: string, bins: string[], links: Record<string, string> = {}) {
  const text = [
    '@@os-release', osRelease, '@@uname', '6.1.0', '@@uid', '1000', '@@hostname', 'h', '@@bins',
    ...bins.map((b) => `${b} /usr/bin/${b}`), '@@links', ...Object.entries(links).map(([k, v]) => `${k} ${v}`), '@@end', '',
  ].join('\n');
  return parseFacts(text);
}

describe('fact gathering', () => {
  it('is one fixed command that needs no root', () => {
    const cmd = factsCommand();
    expect(cmd.root).toBe(false);
    expect(cmd.argv[0]).toBe('/bin/sh');
    expect(cmd.argv).toHaveLength(3);
  });

  it('parses the real output recorded on Debian 12', () => {
    const f = parseFacts(loadFixture('detect', 'debian12.txt').text);
    expect(f.os.id).toBe('debian');
    expect(f.os.versionId).toBe('12');
    expect(f.os.prettyName).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(f.uid).toBe(0);
    expect(f.binaries['apt-get']).toBe('/usr/bin/apt-get');
    expect(f.links.dnf).toBe('/usr/bin/dnf-3');
    // This Debian machine also carries dnf, zypper, pacman and flatpak: all are reported,
    // and apt is still selected because the OS is Debian.
    const sel = selectManager(f);
    expect(sel.detected).toEqual(['apt', 'dnf', 'zypper', 'pacman', 'flatpak', 'docker']);
    expect(sel.selected).toBe('apt');
  });

  it('refuses incomplete output', () => {
    expect(() => parseFacts('@@os-release\nID=debian\n')).toThrow(/incomplete/);
  });

  describe('where dnf and yum point, run for real on layouts built here', () => {
    const root = mkdtempSync(join(tmpdir(), 'pkgfleet-links-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    // readlink, and nothing else, from this machine: its own dnf must not be found
    const tools = join(root, 'tools');
    mkdirSync(tools);
    symlinkSync(execFileSync('sh', ['-c', 'command -v readlink'], { encoding: 'utf8' }).trim(), join(tools, 'readlink'));
    const exe = (p: string) => {
      writeFileSync(p, '#!/bin/sh\n');
      chmodSync(p, 0o755);
    };
    /** Builds bin/ (and opt/) from [name, target] pairs (target null: a file), runs the facts script with PATH=bin. */
    const linksOf = (name: string, entries: Array<[string, string | null]>) => {
      const bin = join(root, name, 'bin');
      mkdirSync(join(root, name, 'opt'), { recursive: true });
      mkdirSync(bin, { recursive: true });
      for (const [n, target] of entries) {
        if (target === null) exe(join(root, name, n.includes('/') ? n : `bin/${n}`));
        else symlinkSync(target, join(bin, n));
      }
      const out = execFileSync(factsCommand().argv[0]!, factsCommand().argv.slice(1), { encoding: 'utf8', env: { PATH: `${bin}:${tools}` } });
      const links = parseFacts(out).links;
      // each answer names the same file as readlink -f, and ends in the same name where selection looks
      for (const [n, at] of Object.entries(links)) {
        const real = execFileSync('readlink', ['-f', join(bin, n)], { encoding: 'utf8' }).trim();
        expect(execFileSync('readlink', ['-f', at], { encoding: 'utf8' }).trim()).toBe(real);
      }
      return { bin, links };
    };

    it('Fedora 41: dnf and yum are links to dnf5', () => {
      const { bin, links } = linksOf('f41', [['dnf5', null], ['dnf', 'dnf5'], ['yum', 'dnf5']]);
      expect(links).toEqual({ dnf: `${bin}/dnf5`, yum: `${bin}/dnf5` });
    });
    it('EL 8/9 and Debian: dnf and yum are links to dnf-3', () => {
      const { bin, links } = linksOf('el9', [['dnf-3', null], ['dnf', 'dnf-3'], ['yum', 'dnf-3']]);
      expect(links).toEqual({ dnf: `${bin}/dnf-3`, yum: `${bin}/dnf-3` });
    });
    it('yum a link to dnf, itself a link to dnf-3: the first name that is the same file', () => {
      const { bin, links } = linksOf('chain', [['dnf-3', null], ['dnf', 'dnf-3'], ['yum', 'dnf']]);
      expect(links).toEqual({ dnf: `${bin}/dnf-3`, yum: `${bin}/dnf-3` });
    });
    it('CentOS 7: yum is a file, not a link: its own path', () => {
      const { bin, links } = linksOf('el7', [['yum', null]]);
      expect(links).toEqual({ yum: `${bin}/yum` });
    });
    it('a link elsewhere (or to a name not beside it) is resolved by readlink -f', () => {
      const { links } = linksOf('opt', [['opt/dnf5', null], ['dnf', '../opt/dnf5']]);
      expect(links.dnf).toMatch(/\/opt\/dnf5$/);
      expect(selectManager(facts('ID=fedora', ['dnf'], links)).selected).toBe('dnf5');
    });
    it('a dangling link is no binary at all', () => {
      const { links } = linksOf('dangling', [['dnf', '../opt/missing-dnf5']]);
      expect(links).toEqual({});
    });
  });

  it('unquotes os-release values and splits ID_LIKE', () => {
    const os = parseOsRelease('ID="opensuse-leap"\nID_LIKE="suse opensuse"\nVERSION_ID="15.5"\nPRETTY_NAME=\'x y\'');
    expect(os).toMatchObject({ id: 'opensuse-leap', idLike: ['suse', 'opensuse'], versionId: '15.5', prettyName: 'x y' });
  });
});

describe('manager selection table', () => {
  const cases: Array<[string, string, string[], Record<string, string>, string | null]> = [
    ['Fedora 40 (dnf4)', 'ID=fedora\nVERSION_ID=40', ['dnf', 'yum'], { dnf: '/usr/bin/dnf-3', yum: '/usr/bin/dnf-3' }, 'dnf'],
    ['Fedora 41 (dnf is dnf5)', 'ID=fedora\nVERSION_ID=41', ['dnf', 'dnf5'], { dnf: '/usr/bin/dnf5' }, 'dnf5'],
    ['RHEL 9', 'ID="rhel"\nID_LIKE="fedora"', ['dnf', 'yum'], { dnf: '/usr/bin/dnf-3', yum: '/usr/bin/dnf-3' }, 'dnf'],
    ['CentOS 7', 'ID="centos"\nID_LIKE="rhel fedora"', ['yum'], { yum: '/usr/bin/yum' }, 'yum'],
    ['Amazon Linux 2', 'ID="amzn"\nID_LIKE="centos rhel fedora"', ['yum'], { yum: '/usr/bin/yum' }, 'yum'],
    ['openSUSE Leap with apt tools too', 'ID="opensuse-leap"\nID_LIKE="suse opensuse"', ['zypper', 'apt-get'], {}, 'zypper'],
    ['Ubuntu', 'ID=ubuntu\nID_LIKE=debian', ['apt-get', 'snap'], {}, 'apt'],
    ['Linux Mint 19.2 (ID_LIKE=ubuntu only)', 'ID=linuxmint\nID_LIKE=ubuntu', ['apt-get', 'flatpak'], {}, 'apt'],
    ['Arch', 'ID=arch', ['pacman'], {}, 'pacman'],
    ['Manjaro', 'ID=manjaro\nID_LIKE=arch', ['pacman'], {}, 'pacman'],
    ['Alpine', 'ID=alpine', ['apk'], {}, 'apk'],
    ['unknown OS with dnf: binaries decide', 'ID=mystery', ['dnf'], { dnf: '/usr/bin/dnf-3' }, 'dnf'],
    ['Fedora-like without dnf but with apt (containers lie): binaries decide', 'ID=fedora', ['apt-get'], {}, 'apt'],
    ['no manager at all', 'ID=debian', [], {}, null],
  ];
  it.each(cases)('%s', (_name, os, bins, links, expected) => {
    expect(selectManager(facts(os, bins, links)).selected).toBe(expected);
  });

  it('reports aux managers beside the native one', () => {
    expect(detectManagers(facts('ID=ubuntu', ['apt-get', 'snap', 'flatpak', 'docker']))).toEqual(['apt', 'flatpak', 'snap', 'docker']);
  });

  it('an inventory override wins over detection', () => {
    const sel = selectManager(facts('ID=debian', ['apt-get']), 'zypper');
    expect(sel).toMatchObject({ selected: 'zypper', reason: 'inventory override' });
  });
});
