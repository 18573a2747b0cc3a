import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { installedPrefetch, PREFETCH_SPLIT, splitPrefetch } from '../../../src/fleet/prefetch.js';
import { OutputCatalog } from '../../../src/remote/output-catalog.js';
import { LocalTransport } from '../../../src/remote/local-transport.js';
import type { ExecOptions } from '../../../src/remote/transport.js';
import { listsInstalledFirst } from '../../../src/fleet/operations.js';
import { HostSession } from '../../../src/fleet/session.js';
import { factsCommand, parseFacts } from '../../../src/managers/detect.js';
import { selectManager } from '../../../src/managers/selection.js';
import { getManager } from '../../../src/managers/registry.js';
import { renderCommand } from '../../../src/remote/quote.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import type { ExecResult, ManagerId } from '../../../src/managers/types.js';
import { FakeTransport, DEBIAN_FACTS } from '../../helpers/fake-transport.js';

const NATIVE_BINS = ['apt-get', 'dnf5', 'dnf', 'yum', 'zypper', 'pacman', 'apk'];
/** os-release ID / ID_LIKE pairs, written the ways distributions write them (quoted or not). */
const OSES: Array<[string, string]> = [
  ['debian', ''], ['ubuntu', 'debian'], ['"linuxmint"', '"ubuntu debian"'], ['fedora', ''], ['"rhel"', '"fedora"'],
  ['"rocky"', '"rhel centos fedora"'], ['"amzn"', '"centos rhel fedora"'], ['"opensuse-leap"', '"suse opensuse"'],
  ['sles', ''], ['arch', ''], ['alpine', ''], ['"gentoo"', ''], ['', ''],
];
const LINKS: Array<Record<string, string>> = [{}, { dnf: '/usr/bin/dnf5' }, { dnf: '/usr/bin/dnf-3', yum: '/usr/bin/dnf-3' }];

const unquote = (v: string) => v.replace(/^["']|["']$/g, '');
const expectedLine = (id: ManagerId | null) => (id ? renderCommand(getManager(id).listInstalled()) : null);

describe('installed-list prefetch', () => {
  it('guesses in shell the manager selection.ts selects, for every os family and set of binaries', () => {
    const prefetch = installedPrefetch()!;
    const cases: Array<{ os: [string, string]; bins: string[]; links: Record<string, string> }> = [];
    for (const os of OSES) {
      for (let mask = 0; mask < 1 << NATIVE_BINS.length; mask++) {
        const bins = NATIVE_BINS.filter((_, i) => mask & (1 << i));
        for (const links of LINKS) cases.push({ os, bins, links });
      }
    }
    // One shell runs every case, each in a subshell with the facts script's variables set.
    // `exec` (a special builtin, which no function may replace) becomes fake_exec here: it prints the
    // command it was asked to run instead of running it.
    const script = [
      'fake_exec() { printf RAN; for a in "$@"; do printf " %s" "$a"; done; echo; }',
      `follow_up() {\n${prefetch.script.replace(/\bexec /g, 'fake_exec ')}\n}`,
      ...cases.map((c) => `(os_id='${c.os[0]}'; os_like='${c.os[1]}'; found=' ${c.bins.map((b) => `${b} `).join('')}'; follow_up); echo @@case`),
    ].join('\n');
    const out = execFileSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8', maxBuffer: 64 << 20 });
    const answers = out.split('@@case\n');
    expect(answers).toHaveLength(cases.length + 1);
    let guessed = 0;
    cases.forEach((c, i) => {
      const facts = parseFacts(
        [
          '@@os-release', `ID=${c.os[0]}`, `ID_LIKE=${c.os[1]}`, '@@uname', '@@uid', '0', '@@hostname', '@@bins',
          ...c.bins.map((b) => `${b} /usr/bin/${b}`), '@@links', ...Object.entries(c.links).map(([k, v]) => `${k} ${v}`), '@@end', '',
        ].join('\n'),
      );
      expect(facts.os.id).toBe(unquote(c.os[0]).toLowerCase());
      const want = expectedLine(selectManager(facts).selected);
      const m = /^@@prefetch (\d+)\nRAN (.*)\n$/.exec(answers[i]!);
      const got = m ? prefetch.lines[Number(m[1])] : null;
      // The line the follow-up ran is the one it announced.
      if (m) expect(`env LC_ALL=C LANG=C ${m[2]}`.replace(/'/g, '')).toBe(got!.replace(/'/g, ''));
      expect({ case: c, line: got }).toEqual({ case: c, line: want });
      if (got) guessed++;
    });
    expect(guessed).toBeGreaterThan(cases.length / 2);
  });

  it('uses the inventory manager when one is set, and only a manager whose list is a local query', () => {
    const p = installedPrefetch('pacman')!;
    expect(p.lines).toEqual([renderCommand(getManager('pacman').listInstalled())]);
    expect(p.script).not.toContain('$found');
    expect(installedPrefetch('flatpak')).toBeNull(); // flatpak list is not native, nor a local query
    expect(installedPrefetch('docker')).toBeNull();
  });

  it('runs for real on this machine: the listing in the facts round trip equals the listing run alone', () => {
    const prefetch = installedPrefetch()!;
    const cmd = factsCommand(prefetch.script);
    const run = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 256 << 20 });
    const stdout = run(cmd.argv);
    const res: ExecResult = { code: 0, signal: null, stdout, stderr: '', durationMs: 1 };
    const split = splitPrefetch(res, prefetch);
    const facts = parseFacts(split.facts);
    const selected = selectManager(facts).selected;
    expect(selected).not.toBeNull();
    const listing = getManager(selected!).listInstalled();
    expect(split.prefetched?.line).toBe(renderCommand(listing));
    expect(split.prefetched?.result.stdout).toBe(run(['env', 'LC_ALL=C', 'LANG=C', ...listing.argv]));
    expect(getManager(selected!).parseInstalled(split.prefetched!.result.stdout).length).toBeGreaterThan(50);
  });

  it('splits the output only at its own marker, and keeps the follow-up exit code', () => {
    const p = installedPrefetch()!;
    const aptIndex = p.lines.indexOf(expectedLine('apt')!);
    const base: ExecResult = { code: 3, signal: null, stdout: '', stderr: 'e', durationMs: 5 };
    const withList = { ...base, stdout: `${DEBIAN_FACTS}@@prefetch ${aptIndex}\nbash\t5.2\tamd64\tii \n` };
    const s = splitPrefetch(withList, p);
    expect(parseFacts(s.facts).os.id).toBe('debian');
    expect(s.prefetched).toEqual({ line: p.lines[aptIndex], result: { ...base, stdout: 'bash\t5.2\tamd64\tii \n' } });
    expect(splitPrefetch({ ...base, stdout: DEBIAN_FACTS }, p)).toEqual({ facts: DEBIAN_FACTS });
    expect(splitPrefetch({ ...base, stdout: `${DEBIAN_FACTS}@@prefetch 99\nx\n` }, p).prefetched).toBeUndefined();
    expect(splitPrefetch(withList, null)).toEqual({ facts: withList.stdout });
    // A transport that kept the part after the marker line apart (Command.alike): the same split,
    // and the listing is that part itself (one string shared by every host that printed it).
    const kept = { ...base, stdout: `${DEBIAN_FACTS}@@prefetch ${aptIndex}\n`, stdoutRest: 'bash\t5.2\tamd64\tii \n' };
    expect(splitPrefetch(kept, p)).toEqual({ facts: s.facts, prefetched: s.prefetched });
  });

  it('is asked for only where the installed list is the next command', () => {
    expect(listsInstalledFirst({ op: 'list', which: 'installed' })).toBe(true);
    expect(listsInstalledFirst({ op: 'list', which: 'upgradable' })).toBe(false);
    expect(listsInstalledFirst({ op: 'list', which: 'installed' }, { refresh: true })).toBe(false);
    expect(listsInstalledFirst({ op: 'install', packages: ['htop'], check: true })).toBe(true);
    expect(listsInstalledFirst({ op: 'install', packages: ['flatpak://org.gimp.GIMP'], check: false })).toBe(false);
    expect(listsInstalledFirst({ op: 'remove', packages: ['htop'], check: false })).toBe(true);
    expect(listsInstalledFirst({ op: 'upgrade', packages: [], security: false, check: true })).toBe(true);
    expect(listsInstalledFirst({ op: 'upgrade', packages: [], security: true, check: true })).toBe(false);
    expect(listsInstalledFirst({ op: 'detect' })).toBe(false);
    expect(listsInstalledFirst({ op: 'search', term: 'x' })).toBe(false);
  });
});

describe('HostSession with a prefetched listing', () => {
  const host: HostSpec = { name: 'h', connection: 'ssh', address: 'h', port: 22, jump: [], become: false, groups: [], vars: {} };
  const p = installedPrefetch()!;
  const aptList = getManager('apt').listInstalled();
  const aptIndex = p.lines.indexOf(renderCommand(aptList));
  const LIST = 'bash\t5.2.15-2+b7\tamd64\tii \n';
  const facts = (code = 0) =>
    new FakeTransport((line) => (line.includes('@@os-release') ? { code, stdout: `${DEBIAN_FACTS}@@prefetch ${aptIndex}\n${LIST}` } : { stdout: 'live\n' }));
  const session = (t: FakeTransport) => new HostSession(host, t, { signal: new AbortController().signal, commandTimeoutMs: 1000, lockTimeoutMs: 1000 });

  it('hands the listing to the same command run next, without a second round trip', async () => {
    const t = facts();
    const s = session(t);
    await s.gatherFacts(p);
    expect((await s.exec(aptList)).stdout).toBe(LIST);
    expect(t.lines).toHaveLength(1);
    expect((await s.exec(aptList)).stdout).toBe('live\n'); // once only
    expect(t.lines).toHaveLength(2);
  });

  it('drops it when another command runs first, or when the command differs', async () => {
    const t = facts();
    const s = session(t);
    await s.gatherFacts(p);
    await s.exec({ argv: ['true'], root: false });
    expect((await s.exec(aptList)).stdout).toBe('live\n');
    const t2 = facts();
    const s2 = session(t2);
    await s2.gatherFacts(p);
    expect((await s2.exec(getManager('pacman').listInstalled())).stdout).toBe('live\n');
  });

  it('asks the transport to share the listing part of the facts output, and the whole of a listing run alone', async () => {
    const outputs = new OutputCatalog();
    const seen: Array<ExecOptions['share']> = [];
    const t = new FakeTransport((line, opts) => {
      seen.push(opts?.share);
      return line.includes('@@os-release') ? { stdout: `${DEBIAN_FACTS}@@prefetch ${aptIndex}\n`, stdoutRest: LIST } : { stdout: 'live\n' };
    });
    const s = new HostSession(host, t, { signal: new AbortController().signal, commandTimeoutMs: 1000, lockTimeoutMs: 1000, outputs });
    await s.gatherFacts(p);
    expect((await s.exec(aptList)).stdout).toBe(LIST);
    await s.exec(aptList);
    await s.exec({ argv: ['true'], root: false });
    expect(seen).toEqual([{ catalog: outputs, after: PREFETCH_SPLIT }, { catalog: outputs }, undefined]);
  });

  it('shares one listing between hosts for real: two sessions on this machine, one catalogued output', async () => {
    const outputs = new OutputCatalog();
    const local = { ...host, connection: 'local' as const };
    const lists: string[] = [];
    for (let i = 0; i < 2; i++) {
      const s = new HostSession(local, new LocalTransport(), { signal: new AbortController().signal, commandTimeoutMs: 60_000, lockTimeoutMs: 1000, outputs });
      await s.gatherFacts(p);
      lists.push((await s.exec(aptList)).stdout);
    }
    const alone = execFileSync('dpkg-query', aptList.argv.slice(1), { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(lists).toEqual([alone, alone]);
    expect(outputs.entries.map((e) => e.text)).toEqual([alone]);
  });

  it('reads a failed listing as the listing failing, not the facts', async () => {
    const t = facts(2);
    const s = session(t);
    await s.gatherFacts(p);
    expect(s.facts?.os.id).toBe('debian');
    expect((await s.exec(aptList)).code).toBe(2);
  });
});
