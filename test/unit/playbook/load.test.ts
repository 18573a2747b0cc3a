import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, parsePlaybook } from '../../../src/playbook/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shipped = (name: string) => loadPlaybook(path.join(ROOT, 'playbooks', name), `playbooks/${name}`);

describe('the shipped playbooks load into what they say', () => {
  it('security-patch.yml: canary, a quarter, the rest; health check; security or full upgrade; reboot if required', () => {
    const [play, ...rest] = shipped('security-patch.yml').plays;
    expect(rest).toEqual([]);
    expect(play).toMatchObject({
      name: 'Security patch',
      hosts: 'all',
      serial: [{ count: 1 }, { percent: 25 }, { percent: 100 }],
      maxFailPercentage: 0,
      order: 'inventory',
      healthCheck: { command: ['/bin/sh', '-c', 'labsec'], timeoutMs: 30_000 },
    });
    expect(play!.steps.map((s) => s.action.type)).toEqual(['update_cache', 'upgrade', 'upgrade', 'reboot']);
    expect(play!.steps[0]!.action).toEqual({ type: 'update_cache', maxAgeMs: 3_600_000 });
    expect(play!.steps[1]).toMatchObject({ name: 'security updates', action: { mode: 'security' }, when: { manager: ['apt', 'dnf', 'dnf5', 'yum', 'zypper'] } });
    expect(play!.steps[2]).toMatchObject({ action: { mode: 'all' }, when: { manager: ['pacman', 'apk'] } });
    expect(play!.steps[3]!.action).toEqual({
      type: 'reboot',
      reboot: { mode: 'if_required', timeoutMs: 600_000, testCommand: ['/bin/sh', '-c', 'test -d /etc'], command: ['reboot'] },
    });
  });

  it('baseline.yml: an alias and a per-manager map', () => {
    const play = shipped('baseline.yml').plays[0]!;
    expect(play.aliases.app).toMatchObject({ kind: 'per-manager', names: { apt: 'labapp', pacman: 'labapp' } });
    expect(play.steps[1]!.action).toMatchObject({ type: 'present', items: [{ kind: 'alias', alias: 'app', at: { file: 'playbooks/baseline.yml' } }] });
    expect(play.steps[2]!.action).toMatchObject({ type: 'present', items: [{ kind: 'per-manager', names: { apt: 'labtool=1.0', pacman: 'labtool' } }] });
    expect(play.steps[3]!.action).toMatchObject({ type: 'latest', items: [{ kind: 'ref', raw: 'labdemo' }] });
    expect(play.maxFailPercentage).toBeNull();
    expect(play.serial).toEqual([]);
  });

  it('remove-legacy.yml: one absent step', () => {
    const play = shipped('remove-legacy.yml').plays[0]!;
    expect(play.steps).toHaveLength(1);
    expect(play.steps[0]!.action).toMatchObject({ type: 'absent', items: [{ raw: 'labapp' }, { raw: 'labdep' }, { raw: 'labtool' }] });
  });
});

describe('defaults and forms', () => {
  const one = (steps: string, extra = '') => parsePlaybook(`- hosts: web\n${extra}  steps:\n${steps}`, 'p.yml').plays[0]!;

  it('names a play and its steps after what they do', () => {
    const play = one('    - present: [htop, { name: nginx, version: "1.24*" }]\n    - update_cache: true\n    - reboot: always\n');
    expect(play.name).toBe('play 1 (web)');
    expect(play.steps.map((s) => s.name)).toEqual(['present: htop, nginx=1.24*', 'update_cache', 'reboot: always']);
    expect(play.steps[0]!.at).toEqual({ file: 'p.yml', line: 3, column: 7 });
  });

  it('takes commands as a string (sh -c) or as argv', () => {
    const play = one('    - reboot: { mode: always, command: [systemctl, reboot], test_command: "uptime && true", timeout: 90 }\n', '  health_check: { command: [curl, -fsS, "http://localhost/"] }\n');
    expect(play.steps[0]!.action).toEqual({
      type: 'reboot',
      reboot: { mode: 'always', command: ['systemctl', 'reboot'], testCommand: ['/bin/sh', '-c', 'uptime && true'], timeoutMs: 90_000 },
    });
    expect(play.healthCheck).toEqual({ command: ['curl', '-fsS', 'http://localhost/'], timeoutMs: 60_000 });
  });

  it('reads when conditions into one structure', () => {
    const play = one('    - upgrade: all\n      when: { os: [Debian, ubuntu], os_version: ">= 12", manager: apt, group: web, var: { name: tier, in: [prod, staging] } }\n');
    expect(play.steps[0]!.when).toEqual({
      os: ['debian', 'ubuntu'],
      osVersion: { op: '>=', version: '12' },
      manager: ['apt'],
      group: ['web'],
      var: { name: 'tier', in: ['prod', 'staging'] },
    });
  });

  it('a bare string naming an alias is the alias; other strings are package names', () => {
    const play = one('    - present: [web, webby, flatpak://org.gimp.GIMP]\n', '  aliases: { web: { apt: apache2, dnf: httpd } }\n');
    expect(play.steps[0]!.action).toMatchObject({ items: [{ kind: 'alias', alias: 'web' }, { kind: 'ref', raw: 'webby' }, { kind: 'ref', raw: 'flatpak://org.gimp.GIMP' }] });
  });

  it('serial takes a count, a percentage, a numeric string or a list; vars default to {}', () => {
    expect(one('    - upgrade: all\n', '  serial: 2\n').serial).toEqual([{ count: 2 }]);
    expect(one('    - upgrade: all\n', '  serial: "10%"\n').serial).toEqual([{ percent: 10 }]);
    expect(one('    - upgrade: all\n', '  serial: [1, "3", 50%]\n').serial).toEqual([{ count: 1 }, { count: 3 }, { percent: 50 }]);
    expect(one('    - upgrade: all\n').vars).toEqual({});
  });
});

describe('the examples in docs/playbooks.md', () => {
  it('every YAML example that is a playbook loads', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path.join(ROOT, 'docs', 'playbooks.md'), 'utf8');
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.startsWith('- name:'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(() => parsePlaybook(b, 'docs/playbooks.md')).not.toThrow();
  });
});
