import { describe, expect, it } from 'vitest';
import { getManager } from '../../../src/managers/registry.js';
import type { InstalledPackage, ManagerId, UpgradablePackage } from '../../../src/managers/types.js';
import { actionCommands, planStep, resolveStepTargets, stepNeeds, type HostView } from '../../../src/playbook/planner.js';
import { parsePlaybook } from '../../../src/playbook/load.js';
import type { StepAction } from '../../../src/playbook/types.js';

// Facts in → commands out, per manager. Hosts look like the lab's: labdemo and labsec 1.0
// installed (labdep too), labdemo 1.1 a bugfix update, labsec 1.1 a security update (pacman has
// no security metadata), labtool 2.0 installed where a row says so.
type Row = [what: string, step: string, expected: string[] | { fails: RegExp }];

const V = { apt: ['1.0', '1.1', '2.0'], dnf: ['1.0-1', '1.1-1', '2.0-1'], zypper: ['1.0-1', '1.1-1', '2.0-1'], pacman: ['1.0-1', '1.1-1', '2.0-1'] } as const;
type Kind = keyof typeof V;

function host(kind: Kind, extra: InstalledPackage[] = []) {
  const [v10, v11] = V[kind];
  const installed: InstalledPackage[] = [
    { name: 'labdemo', version: v10 },
    { name: 'labsec', version: v10 },
    { name: 'labdep', version: v10 },
    ...extra,
  ];
  const security = kind === 'pacman' ? undefined : true;
  const upgradable: UpgradablePackage[] = [
    { name: 'labdemo', from: v10, to: v11, ...(kind === 'pacman' ? {} : { security: false }) },
    { name: 'labsec', from: v10, to: v11, ...(security ? { security } : {}) },
  ];
  return { installed, upgradable };
}

/** The manager's fixed leading arguments, so the tables show what the planner chose. */
const LEAD: Record<Kind, string> = {
  apt: 'apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=0',
  dnf: 'dnf --setopt=exit_on_lock=True -y',
  zypper: 'zypper --non-interactive',
  pacman: 'pacman',
};

const TABLES: Record<Kind, Row[]> = {
  apt: [
    ['present installs only the missing one', 'present: [labapp, labdemo]', ['@ install labapp']],
    ['present with a pin off the installed version installs the pin', 'present: [labtool=1.0]', ['@ install --allow-downgrades labtool=1.0']],
    ['absent removes only what is installed', 'absent: [labapp, labdep]', ['@ remove labdep']],
    ['latest installs what is missing and upgrades what is behind', 'latest: [labdemo, labapp]', ['@ install labapp', '@ install --only-upgrade labdemo']],
    ['upgrade all', 'upgrade: all', ['@ dist-upgrade']],
    ['upgrade security upgrades exactly the listed security versions', 'upgrade: security', ['@ install --only-upgrade labsec=1.1']],
    ['per-manager names pick the apt one', 'present: [{apt: labapp, dnf: labapp-dnf, pacman: labapp-arch}]', ['@ install labapp']],
  ],
  dnf: [
    ['present installs only the missing one', 'present: [labapp, labdemo]', ['@ install labapp']],
    ['present with a pin off the installed version installs the pin', 'present: [labtool=1.0]', ['@ install labtool-1.0']],
    ['absent removes only what is installed', 'absent: [labapp, labdep]', ['@ remove labdep']],
    ['latest installs what is missing and upgrades what is behind', 'latest: [labdemo, labapp]', ['@ install labapp', '@ upgrade labdemo']],
    ['upgrade all', 'upgrade: all', ['@ upgrade']],
    ['upgrade security uses dnf --security', 'upgrade: security', ['@ upgrade --security']],
    ['per-manager names pick the dnf one', 'present: [{apt: labapp-deb, dnf: labapp, pacman: labapp-arch}]', ['@ install labapp']],
  ],
  zypper: [
    ['present installs only the missing one', 'present: [labapp, labdemo]', ['@ install --auto-agree-with-licenses labapp']],
    ['present with a pin off the installed version installs the pin', 'present: [labtool=1.0]', ['@ install --auto-agree-with-licenses --oldpackage labtool=1.0']],
    ['absent removes only what is installed', 'absent: [labapp, labdep]', ['@ remove labdep']],
    ['latest installs what is missing and upgrades what is behind', 'latest: [labdemo, labapp]', ['@ install --auto-agree-with-licenses labapp', '@ update --auto-agree-with-licenses labdemo']],
    ['upgrade all', 'upgrade: all', ['@ update --auto-agree-with-licenses']],
    ['upgrade security applies security patches', 'upgrade: security', ['@ patch --category security --with-interactive --auto-agree-with-licenses']],
    ['a map without a zypper name falls back to default', 'present: [{apt: labapp-deb, default: labapp}]', ['@ install --auto-agree-with-licenses labapp']],
  ],
  pacman: [
    ['present installs only the missing one', 'present: [labapp, labdemo]', ['@ -S --needed --noconfirm --noprogressbar --color never labapp']],
    ['present with a pin off the installed version installs the pin', 'present: [labtool=1.0]', ['@ -S --needed --noconfirm --noprogressbar --color never labtool=1.0']],
    ['absent removes only what is installed', 'absent: [labapp, labdep]', ['@ -R --noconfirm --noprogressbar --color never labdep']],
    [
      'latest installs what is missing and upgrades what is behind',
      'latest: [labdemo, labapp]',
      ['@ -S --needed --noconfirm --noprogressbar --color never labapp', '@ -S --needed --noconfirm --noprogressbar --color never labdemo'],
    ],
    ['upgrade all', 'upgrade: all', ['@ -Syu --noconfirm --noprogressbar --color never']],
    ['upgrade security is refused: pacman has no security metadata', 'upgrade: security', { fails: /Pacman has no security metadata/ }],
    ['a map without a pacman name and no default fails the host', 'present: [{apt: labapp, dnf: labapp}]', { fails: /no package name for pacman/ }],
  ],
};

/** A step as a playbook writes it, through the real loader. */
function stepOf(yaml: string): StepAction {
  return parsePlaybook(`- hosts: all\n  steps:\n    - ${yaml}\n`, 't.yml').plays[0]!.steps[0]!.action;
}

function plan(kind: Kind, yaml: string, extra: InstalledPackage[] = [], check = false): string[] {
  const m = getManager(kind as ManagerId);
  const view: HostView = { native: m, present: [m.id], aliases: {} };
  const action = stepOf(yaml);
  const groups = resolveStepTargets(action, view);
  const state = host(kind, extra);
  const p = planStep(action, groups, view, () => state);
  return p.actions.flatMap((a) => actionCommands(a, check)).map((c) => c.argv.join(' '));
}

describe.each(Object.keys(TABLES) as Kind[])('planner on %s', (kind) => {
  it.each(TABLES[kind])('%s', (_what, step, expected) => {
    const extra = step.includes('labtool') ? [{ name: 'labtool', version: V[kind][2] }] : [];
    if ('fails' in expected) {
      expect(() => plan(kind, step, extra)).toThrow(expected.fails);
      return;
    }
    expect(plan(kind, step, extra)).toEqual(expected.map((e) => e.replace('@', LEAD[kind])));
  });

  it('plans nothing once the host is in the desired state (the second run)', () => {
    const [, v11] = V[kind];
    const settled: InstalledPackage[] = [
      { name: 'labdemo', version: v11 },
      { name: 'labsec', version: v11 },
      { name: 'labapp', version: V[kind][0] },
      { name: 'labtool', version: V[kind][0] },
    ];
    const m = getManager(kind as ManagerId);
    const view: HostView = { native: m, present: [m.id], aliases: {} };
    for (const yaml of ['present: [labapp, labtool=1.0]', 'absent: [labdep, nothere]', 'latest: [labdemo, labsec]', 'upgrade: all']) {
      const action = stepOf(yaml);
      const p = planStep(action, resolveStepTargets(action, view), view, () => ({ installed: settled, upgradable: [] }));
      expect(p.actions, yaml).toEqual([]);
      expect(p.notes.length, yaml).toBeGreaterThan(0);
    }
  });

  it('check mode plans the same actions with the manager\'s simulation', () => {
    const checked = plan(kind, 'present: [labapp]', [], true);
    expect(checked).toHaveLength(1);
    const m = getManager(kind as ManagerId);
    expect(checked[0]).toBe(m.install([{ name: 'labapp' }], { check: true }).argv.join(' '));
    expect(checked[0]).not.toBe(plan(kind, 'present: [labapp]')[0]);
  });
});

describe('planner: update_cache', () => {
  const apt = getManager('apt');
  const view: HostView = { native: apt, present: ['apt'], aliases: {} };
  const run = (yaml: string, age: number | null, refreshed = false) => {
    const action = stepOf(yaml);
    const needs = stepNeeds(action, [], view, { refreshed });
    const p = planStep(action, [], view, () => ({ cacheAgeSeconds: age }), { refreshed });
    return { needs, actions: p.actions.flatMap((a) => actionCommands(a, false)).map((c) => c.argv.join(' ')), notes: p.notes };
  };

  it.each([
    ['always refreshes without max_age', 'update_cache: true', 10, ['apt-get update -q']],
    ['skips a cache younger than max_age', 'update_cache: { max_age: 1h }', 1200, []],
    ['refreshes a cache older than max_age', 'update_cache: { max_age: 1h }', 7200, ['apt-get update -q']],
    ['refreshes when the age is unknown', 'update_cache: { max_age: 1h }', null, ['apt-get update -q']],
  ] as const)('%s', (_w, yaml, age, expected) => {
    expect(run(yaml, age).actions).toEqual(expected);
  });

  it('asks for the cache age only when max_age is set, and never after --refresh', () => {
    expect(run('update_cache: { max_age: 1h }', 5).needs.cacheAge).toBe(apt);
    expect(run('update_cache: true', 5).needs.cacheAge).toBeNull();
    const after = run('update_cache: { max_age: 1h }', null, true);
    expect(after.needs.cacheAge).toBeNull();
    expect(after.actions).toEqual([]);
    expect(after.notes).toEqual(['metadata already refreshed in this run (--refresh)']);
  });
});

describe('planner: routing and names', () => {
  it('dnf5 and yum hosts take the dnf name of a per-manager map', () => {
    for (const id of ['dnf5', 'yum'] as const) {
      const m = getManager(id);
      const view: HostView = { native: m, present: [id], aliases: {} };
      const action = stepOf('present: [{apt: apache2, dnf: httpd}]');
      expect(resolveStepTargets(action, view)[0]!.specs).toEqual([{ name: 'httpd' }]);
    }
  });

  it('an alias resolves per manager, and docker refs go to the engine beside the native manager', () => {
    const pb = parsePlaybook(
      ['- hosts: all', '  aliases:', '    web: { apt: apache2, dnf: httpd, pacman: apache }', '  steps:', '    - present: [web, "docker://nginx:1.27"]'].join('\n'),
      't.yml',
    );
    const play = pb.plays[0]!;
    const view: HostView = { native: getManager('pacman'), present: ['pacman', 'podman'], aliases: play.aliases };
    const groups = resolveStepTargets(play.steps[0]!.action, view);
    expect(groups.map((g) => [g.manager.id, g.specs.map((s) => s.name)])).toEqual([
      ['pacman', ['apache']],
      ['podman', ['docker.io/library/nginx:1.27']],
    ]);
  });

  it('a docker ref on a host without docker or podman fails that host with a reason', () => {
    const view: HostView = { native: getManager('apt'), present: ['apt'], aliases: {} };
    expect(() => resolveStepTargets(stepOf('present: ["docker://nginx"]'), view)).toThrow(/neither docker nor podman is installed/);
  });

  it('a pinned version glob is matched, not reinstalled', () => {
    const apt = getManager('apt');
    const view: HostView = { native: apt, present: ['apt'], aliases: {} };
    const action = stepOf('present: ["labtool=2.*"]');
    const p = planStep(action, resolveStepTargets(action, view), view, () => ({ installed: [{ name: 'labtool', version: '2.0' }] }));
    expect(p.actions).toEqual([]);
  });
});
