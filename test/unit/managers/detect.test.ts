import { describe, it, expect } from 'vitest';
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
