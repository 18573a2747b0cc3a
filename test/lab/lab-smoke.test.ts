// Smoke test of the lab itself: every host answers over real OpenSSH (lab key, strict
// known_hosts), sudo behaves per user, and the host's own package manager sees the lab repo.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLab, isRoot, labCommand, labExec, labHost, sshRun, type LabInfo, type LabKind } from './lab-env.js';

const HOSTS: Array<{ name: string; kind: LabKind; osId: string }> = [
  { name: 'apt1', kind: 'apt', osId: 'debian' },
  { name: 'dnf1', kind: 'dnf', osId: 'fedora' },
  { name: 'zypper1', kind: 'zypper', osId: 'opensuse-leap' },
  { name: 'pacman1', kind: 'pacman', osId: 'arch' },
];

/** The native "what can be upgraded" query, run as alice (refresh via sudo where the tool needs it). */
const LIST_UPGRADES: Record<LabKind, string> = {
  apt: 'sudo -n apt-get update -qq && LC_ALL=C apt-get -s -qq dist-upgrade',
  dnf: 'LC_ALL=C dnf -q check-update',
  zypper: 'LC_ALL=C zypper -n --xmlout list-updates',
  pacman: 'sudo -n pacman -Sy --noconfirm >/dev/null && LC_ALL=C pacman -Qu',
};

/** labdemo 1.0 -> 1.1 as each tool reports it. */
const LABDEMO_UPGRADE: Record<LabKind, RegExp> = {
  apt: /^Inst labdemo \[1\.0\] \(1\.1 Lab:lab \[all\]\)$/m,
  dnf: /^labdemo\.noarch\s+1\.1-1\s+lab$/m,
  zypper: /<update kind="package" name="labdemo" edition="1\.1-1" arch="noarch" edition-old="1\.0-1"/,
  pacman: /^labdemo 1\.0-1 -> 1\.1-1$/m,
};

/** Exit code of the listing when updates exist (dnf check-update: 100). */
const LIST_EXIT: Record<LabKind, number> = { apt: 0, dnf: 100, zypper: 0, pacman: 0 };

describe.skipIf(!isRoot)('lab smoke', () => {
  let lab: LabInfo;

  beforeAll(async () => {
    lab = await ensureLab();
    // Earlier test files may have changed the hosts: start from the provisioned state.
    for (const { name } of HOSTS) {
      const reset = await labCommand(['reset', name]);
      expect(reset.code, reset.stderr).toBe(0);
    }
  });

  describe.each(HOSTS)('$name', ({ name, kind, osId }) => {
    it('alice logs in with the lab key and has passwordless sudo', async () => {
      const r = await sshRun(labHost(lab, name), 'alice', 'hostname; id -un; sudo -n id -u');
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${name}\nalice\n0\n`);
      expect(r.code).toBe(0);
    });

    it('bob needs his password for sudo', async () => {
      const host = labHost(lab, name);
      const without = await sshRun(host, 'bob', 'sudo -n id -u');
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('a password is required');
      const withPassword = await sshRun(host, 'bob', "sudo -S -p '' id -u", { input: `${host.passwords.bob}\n` });
      expect(withPassword.stdout).toBe('0\n');
      expect(withPassword.code).toBe(0);
    });

    it(`looks like ${osId} and has only its own package manager`, async () => {
      const r = await labExec(name, ['sh', '-c', '. /etc/os-release; echo "$ID"; for c in apt-get dpkg dnf rpm zypper pacman; do command -v $c || true; done']);
      const [id, ...tools] = r.stdout.trim().split('\n');
      expect(id).toBe(osId);
      const expected: Record<LabKind, string[]> = {
        apt: ['/usr/bin/apt-get', '/usr/bin/dpkg'],
        dnf: ['/usr/bin/dnf', '/usr/bin/rpm'],
        zypper: ['/usr/bin/rpm', '/usr/bin/zypper'],
        pacman: ['/usr/bin/pacman'],
      };
      expect(tools).toEqual(expected[kind]);
    });

    it('the native manager lists labdemo 1.1 as an upgrade of the installed 1.0', async () => {
      const installed = await labExec(name, ['labdemo']);
      expect(installed.stdout).toBe('1.0\n');
      const r = await sshRun(labHost(lab, name), 'alice', LIST_UPGRADES[kind]);
      expect(r.code, r.stderr).toBe(LIST_EXIT[kind]);
      expect(r.stdout).toMatch(LABDEMO_UPGRADE[kind]);
    });
  });

  it('refuses a host key that is not in the lab known_hosts', async () => {
    const host = labHost(lab, 'apt1');
    const r = await sshRun({ ...host, knownHosts: '/dev/null' }, 'alice', 'true');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Host key verification failed/);
  });
});
