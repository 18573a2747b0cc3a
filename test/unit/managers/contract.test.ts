import { describe, it, expect } from 'vitest';
import { MANAGERS } from '../../../src/managers/registry.js';
import { renderCommand } from '../../../src/remote/quote.js';
import type { Command, PackageManager } from '../../../src/managers/types.js';

// One contract, every manager in the registry.
const SAMPLE: Record<string, string> = {
  apt: 'htop', dnf: 'htop', dnf5: 'htop', yum: 'htop', zypper: 'htop', pacman: 'htop', apk: 'htop', snap: 'htop',
  flatpak: 'flatpak://org.gimp.GIMP', docker: 'docker://nginx:latest', podman: 'docker://nginx:latest',
};
const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'a\nb', 'a b', "a'b", 'a"b', 'a|b', 'a&b', 'a>b', '-oRootDir=/', '--help', '', 'a\\b', 'a\tb'];

function allCommands(m: PackageManager): Command[] {
  const spec = m.parseSpec(SAMPLE[m.id]!);
  const cmds: Command[] = [
    ...m.refresh(),
    m.listInstalled(),
    ...m.listUpgradable(),
    m.install([spec]),
    m.install([spec], { check: true }),
    m.remove([spec.name]),
    m.remove([spec.name], { check: true }),
    m.upgrade([]),
    m.upgrade([], { check: true }),
    m.upgrade([spec]),
    m.search(spec.name.split(/[/.:]/).pop()!.replace(/[^A-Za-z0-9]/g, '') || 'x'),
    m.info(spec.name),
  ];
  const rb = m.rebootCheck();
  if (rb) cmds.push(rb);
  return cmds;
}

describe.each(MANAGERS.map((m) => [m.id, m] as const))('manager contract: %s', (_id, m) => {
  it('describes itself', () => {
    expect(m.displayName).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(m.binaries.length).toBeGreaterThan(0);
    expect(['native', 'flatpak', 'snap', 'image']).toContain(m.kind);
    expect(['native', 'from-list', 'unsupported']).toContain(m.securityUpgrade);
  });

  it('accepts its sample package', () => {
    const spec = m.parseSpec(SAMPLE[m.id]!);
    expect(m.validateName(spec.name)).toBeNull();
  });

  it.each(HOSTILE)('refuses the hostile name %j', (bad) => {
    let refused = false;
    try {
      const spec = m.parseSpec(m.kind === 'image' ? `docker://${bad}` : m.kind === 'flatpak' ? `flatpak://${bad}` : bad);
      refused = m.validateName(spec.name) !== null || (spec.version !== undefined && m.validateVersion(spec.version) !== null);
    } catch {
      refused = true;
    }
    expect(refused).toBe(true);
  });

  it('builds argv commands only, non-empty, that render through the one quoting function', () => {
    for (const c of allCommands(m)) {
      expect(Array.isArray(c.argv)).toBe(true);
      expect(c.argv.length).toBeGreaterThan(0);
      for (const a of c.argv) expect(typeof a).toBe('string');
      expect(typeof c.root).toBe('boolean');
      expect(renderCommand(c)).toContain(c.argv[0]!);
    }
  });

  it('mutating commands need root, read-only listing does not', () => {
    const spec = m.parseSpec(SAMPLE[m.id]!);
    if (m.kind !== 'image' && m.kind !== 'flatpak') {
      expect(m.install([spec]).root).toBe(true);
      expect(m.remove([spec.name]).root).toBe(true);
      expect(m.upgrade([]).root).toBe(true);
    }
    expect(m.listInstalled().root).toBe(false);
  });

  it("never waits for the package lock inside the manager: the runner's loop owns that wait", () => {
    // A wait inside one attempt made --lock-timeout 3 take 5-6 s, with no "waiting" line.
    for (const c of allCommands(m)) {
      const line = renderCommand(c);
      expect(line).not.toMatch(/Lock::Timeout=(?!0\b)/);
      expect(line).not.toMatch(/ZYPP_LOCK_TIMEOUT=(?!0\b)/);
      expect(c.argv).not.toContain('--wait'); // apk
    }
  });

  it('reads exit 0 as ok', () => {
    expect(m.interpretExit('list-installed', { code: 0, signal: null, stdout: '', stderr: '', durationMs: 1 }).ok).toBe(true);
  });

  it('orders versions consistently', () => {
    const v = ['1.0', '1.0.1', '1.1', '2.0', '10.0'];
    for (let i = 0; i < v.length; i++) {
      expect(m.compareVersions(v[i]!, v[i]!)).toBe(0);
      for (let j = i + 1; j < v.length; j++) {
        expect(Math.sign(m.compareVersions(v[i]!, v[j]!))).toBe(-1);
        expect(Math.sign(m.compareVersions(v[j]!, v[i]!))).toBe(1);
      }
    }
  });

  it('parses empty output as nothing', () => {
    expect(m.parseInstalled('')).toEqual([]);
    expect(m.parseSearch('')).toEqual([]);
  });
});
