import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ensureLab, isRoot, labCommand, labExec, type LabInfo, installedVersion, byHost } from './lab-env.js';

// The shipped playbooks on the real lab (apt, dnf, zypper, pacman over ssh as alice with sudo),
// through the CLI, asserting on the JSON result and on the hosts themselves. The hosts start
// clean (reset): labdemo and labsec 1.0 installed; the repos hold labdemo 1.1 (bugfix), labsec 1.1
// (security; its scriptlet writes /run/reboot-required), labapp (pulls labdep), labtool 1.0/2.0.
const HOSTS = ['apt1', 'dnf1', 'zypper1', 'pacman1'] as const;

type Change = { name: string; action: string; from: string | null; to: string | null };
const changeSet = (list: Change[]) => list.map((c) => `${c.name} ${c.action} ${c.from ?? '-'} → ${c.to ?? '-'}`).sort();

describe.skipIf(!isRoot)('playbooks on the real lab', () => {
  let lab: LabInfo;
  const play = (args: string[]) => runCli(['-i', lab.inventory, '--json', 'play', ...args]);

  /** --check, then the real run: per host, the predicted changes are the real ones. */
  async function checkThenApply(playbook: string) {
    const check = await play([playbook, '--check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.json.check).toBe(true);
    const apply = await play([playbook]);
    expect(apply.code, apply.stderr).toBe(0);
    const predicted = byHost(check.json);
    const done = byHost(apply.json);
    for (const h of HOSTS) expect(changeSet(done[h].changes), h).toEqual(changeSet(predicted[h].changes));
    return { check: predicted, apply: done };
  }

  beforeAll(async () => {
    lab = await ensureLab();
    for (const h of HOSTS) {
      const r = await labCommand(['reset', h]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('baseline.yml: --check predicts exactly what the run changes; a second run changes nothing', async () => {
    const { check, apply } = await checkThenApply('playbooks/baseline.yml');
    for (const h of HOSTS) {
      expect(check[h].status).toBe('changed');
      expect(apply[h].status).toBe('changed');
      expect(apply[h].changes.map((c: Change) => c.name).sort()).toEqual(['labapp', 'labdemo', 'labdep', 'labtool']);
      expect(await installedVersion(h, 'labapp')).toMatch(/^1\.0/);
      expect(await installedVersion(h, 'labdemo')).toMatch(/^1\.1/);
    }
    // The pin where the repository carries 1.0; pacman's repository only has the newest build.
    for (const h of ['apt1', 'dnf1', 'zypper1']) expect(await installedVersion(h, 'labtool')).toMatch(/^1\.0/);
    expect(await installedVersion('pacman1', 'labtool')).toBe('2.0-1');

    const again = await play(['playbooks/baseline.yml']);
    expect(again.code).toBe(0);
    expect(again.json.counts).toMatchObject({ ok: 4, changed: 0, failed: 0 });
    for (const h of again.json.hosts) expect(h.changes).toEqual([]);
    const recheck = await play(['playbooks/baseline.yml', '--check']);
    for (const h of recheck.json.hosts) expect(h).toMatchObject({ status: 'ok', changes: [] });
  });

  it('security-patch.yml: canary first, security updates, and the apt host is rebooted for labsec and waited for', async () => {
    // Something in /run on every host: a reboot empties /run, nothing else here does.
    for (const h of HOSTS) expect((await labExec(h, ['touch', '/run/pkgfleet-boot-marker'])).code).toBe(0);
    const text = await runCli(['-i', lab.inventory, 'play', 'playbooks/security-patch.yml', '--check', '--diff']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^--- CHANGED apt1\n {4}play 'Security patch'\n/m);
    expect(text.stdout).toContain('      2. security updates: would change\n           labsec: 1.0 → 1.1\n');
    expect(text.stdout).toContain('CHANGED 3 hosts: dnf1, zypper1, pacman1\n    labsec: 1.0-1 → 1.1-1\n');

    const { apply } = await checkThenApply('playbooks/security-patch.yml');
    for (const h of HOSTS) {
      expect(apply[h].changes.map((c: Change) => `${c.name} ${c.action}`)).toEqual(['labsec upgrade']);
      expect(await installedVersion(h, 'labsec')).toMatch(/^1\.1/);
      expect(apply[h].messages).toContain('[PKG] Health check passed');
    }
    // Only apt reads the reboot-required file in the lab (dnf has no needs-restarting plugin,
    // zypper's needs-rebooting and pacman's module check find nothing to say).
    expect(apply.apt1.messages).toContain('[PKG] Rebooting (a reboot is required)');
    expect(apply.apt1.messages).toContain('[PKG] Host is back after the reboot');
    expect(apply.apt1.rebootRequired).toBe(false);
    expect((await labExec('apt1', ['test', '-e', '/run/pkgfleet-boot-marker'])).code).toBe(1);
    expect((await labExec('apt1', ['test', '-e', '/run/reboot-required'])).code).toBe(1);
    for (const h of ['dnf1', 'zypper1', 'pacman1']) {
      expect(apply[h].messages).not.toContain('[PKG] Rebooting (a reboot is required)');
      expect((await labExec(h, ['test', '-e', '/run/pkgfleet-boot-marker'])).code, h).toBe(0);
    }

    const again = await play(['playbooks/security-patch.yml']);
    expect(again.json.counts).toMatchObject({ ok: 4, changed: 0 });
    expect(byHost(again.json).apt1.messages).not.toContain('[PKG] Rebooting (a reboot is required)');
  });

  it('remove-legacy.yml: removes the app, its library and the tool, dependencies included; again: nothing', async () => {
    const { apply } = await checkThenApply('playbooks/remove-legacy.yml');
    for (const h of HOSTS) {
      expect(apply[h].changes.map((c: Change) => `${c.name} ${c.action}`).sort()).toEqual(['labapp remove', 'labdep remove', 'labtool remove']);
      for (const n of ['labapp', 'labdep', 'labtool']) expect(await installedVersion(h, n)).toBeNull();
    }
    const again = await play(['playbooks/remove-legacy.yml']);
    expect(again.json.counts).toMatchObject({ ok: 4, changed: 0 });
  });

  it('a failing health check after the canary stops the next batches; the others are never started', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkgfleet-play-'));
    const file = path.join(dir, 'canary.yml');
    writeFileSync(
      file,
      [
        '- name: canary',
        '  hosts: all',
        '  serial: [1, "100%"]',
        '  health_check: { command: "test -x /usr/bin/labnothere", timeout: 20s }',
        '  steps:',
        '    - present: [labtool]',
      ].join('\n'),
    );
    const r = await play([file]);
    expect(r.code).toBe(2);
    const hosts = byHost(r.json);
    expect(hosts.apt1).toMatchObject({ status: 'failed', error: { kind: 'command', message: 'health check failed: exit 1' } });
    expect(hosts.apt1.changes.map((c: Change) => c.name)).toEqual(['labtool']);
    for (const h of ['dnf1', 'zypper1', 'pacman1']) {
      expect(hosts[h]).toMatchObject({
        status: 'skipped',
        changes: [],
        error: { kind: 'not-started', message: "not started: the health check failed after batch 1/2 of play 'canary' on apt1" },
      });
      expect(await installedVersion(h, 'labtool')).toBeNull();
    }
    expect(r.json.counts).toMatchObject({ failed: 1, skipped: 3 });
  });
});
