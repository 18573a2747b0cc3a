import type {
  InstalledPackage,
  PackageChange,
  PackageManager,
  PackageSpec,
  UpgradablePackage,
  PackageInfo,
  OperationKind,
  Command,
} from '../managers/types.js';
import type { HostSession } from './session.js';
import type { OperationRequest, HostOutcome } from './operation-types.js';
import { prepareHost, type EmitLine, type Prepared } from './prepare.js';
import { parseTarget, parseTargets, describeSpec } from './targets.js';
import { resolveTargets, type TargetGroup } from './resolve-targets.js';
import { diffInstalled } from './diff.js';
import { HostFailure, tail } from './host-failure.js';

export interface OperationOptions {
  /** Refresh package metadata before the operation (never implied by check mode). */
  refresh?: boolean;
}

/** Runs one unified operation on one host: gather, plan, apply, read the outcome. */
export async function runOperation(
  session: HostSession,
  req: OperationRequest,
  emit: EmitLine,
  opts: OperationOptions = {},
): Promise<HostOutcome> {
  if (req.op === 'ping') return ping(session, emit);
  const prep = await prepareHost(session, emit, { listInstalledNext: listsInstalledFirst(req, opts) });
  const base: HostOutcome = {
    status: 'ok',
    managers: prep.present,
    os: prep.os,
    ...(prep.native ? { manager: prep.native.id } : {}),
  };
  if (req.op === 'detect') return base;
  const native = requireNative(prep);
  if (opts.refresh && req.op !== 'update') await refresh(session, native);

  switch (req.op) {
    case 'update':
      if (req.check) {
        emit(`[PKG] Would refresh ${native.displayName} package metadata (check mode: nothing refreshed)`);
        return base;
      }
      await refresh(session, native);
      emit(`[PKG] ${native.displayName} package metadata refreshed`);
      return base;
    case 'list': {
      if (req.which === 'installed') return { ...base, installed: await listInstalled(session, native) };
      return { ...base, upgradable: await listUpgradable(session, native) };
    }
    case 'search': {
      session.step(`searching ${req.term}`);
      const res = await session.runOk(native, 'search', native.search(req.term));
      return { ...base, search: native.parseSearch(res.stdout) };
    }
    case 'info':
      return { ...base, info: await info(session, native, req.packages) };
    case 'install':
    case 'remove':
      return { ...base, ...(await change(session, prep, req.op, req.packages, req.check, emit)) };
    case 'upgrade':
      return { ...base, ...(await upgrade(session, prep, native, req, emit)) };
  }
}

/**
 * Whether the operation's first command after detection lists the native manager's installed
 * packages (then that listing runs in the facts round trip: prefetch.ts). Upgrades of security
 * updates may list upgradable packages first, and --refresh runs first: those are left out.
 */
export function listsInstalledFirst(req: OperationRequest, opts: OperationOptions = {}): boolean {
  if (opts.refresh) return false;
  switch (req.op) {
    case 'list':
      return req.which === 'installed';
    case 'install':
    case 'remove':
      return firstTargetIsNative(req.packages);
    case 'upgrade':
      return !req.security && (req.packages.length === 0 || firstTargetIsNative(req.packages));
    default:
      return false;
  }
}

/**
 * `pkgfleet ping`: the connection works (host key verified, login accepted) and a command runs,
 * with sudo too when the host becomes root. One command, `true`; no fact gathering.
 */
async function ping(session: HostSession, emit: EmitLine): Promise<HostOutcome> {
  session.step('ping');
  const cmd: Command = { argv: ['true'], root: session.host.become, localQuery: true, plain: true };
  const res = await session.exec(cmd);
  if (res.code !== 0) throw new HostFailure('command', `\`true\` exited with ${res.code}`, tail(res.stderr), res.code);
  emit(`[PKG] pong${session.sudoMode(cmd) ? ' (sudo works)' : ''}`);
  return { status: 'ok' };
}

/**
 * Whether the first package named is one of the native manager's (not flatpak:// or docker://).
 * Requests and playbooks are validated before any host runs: parseTarget does not throw here.
 */
export function firstTargetIsNative(packages: string[]): boolean {
  const first = packages[0];
  return first !== undefined && parseTarget(first).scheme === 'native';
}

function requireNative(prep: Prepared): PackageManager {
  if (!prep.native) throw new HostFailure('unsupported', 'no native package manager found on this host');
  return prep.native;
}

export async function refresh(session: HostSession, m: PackageManager): Promise<void> {
  session.step('refreshing metadata');
  for (const cmd of m.refresh()) await session.runOk(m, 'refresh', cmd);
}

export async function listInstalled(session: HostSession, m: PackageManager): Promise<InstalledPackage[]> {
  session.step('listing installed packages');
  const res = await session.runOk(m, 'list-installed', m.listInstalled());
  return session.parseShared(`${m.id} installed`, res.stdout, (text) => m.parseInstalled(text));
}

export async function listUpgradable(session: HostSession, m: PackageManager): Promise<UpgradablePackage[]> {
  session.step('listing upgradable packages');
  const results = [];
  for (const cmd of m.listUpgradable()) results.push(await session.runOk(m, 'list-upgradable', cmd));
  return session.shareRows(m.parseUpgradable(results));
}

async function info(session: HostSession, m: PackageManager, names: string[]): Promise<PackageInfo[]> {
  const out: PackageInfo[] = [];
  for (const raw of names) {
    const [group] = resolveTargets(parseTargets([raw]), { native: m, present: [m.id] } as Prepared);
    const name = group!.specs[0]!.name;
    session.step(`info ${name}`);
    const res = await session.runOk(m, 'info', m.info(name));
    const parsed = m.parseInfo(res.stdout, name);
    if (!parsed) throw new HostFailure('not-found', `package '${name}' not found`);
    out.push(parsed);
  }
  return out;
}

async function rebootRequired(session: HostSession, m: PackageManager, said: boolean): Promise<boolean> {
  if (said) return true;
  const cmd = m.rebootCheck();
  if (!cmd) return false;
  const res = await session.exec(cmd);
  return m.parseRebootRequired(res);
}

/** Apply (or simulate) one command on one manager, reporting real version changes. */
export async function applyGroup(
  session: HostSession,
  m: PackageManager,
  op: OperationKind,
  build: (check: boolean) => ReturnType<PackageManager['install']>,
  check: boolean,
  known?: InstalledPackage[],
): Promise<{ changes: PackageChange[]; rebootRequired: boolean; exitCode: number | null }> {
  const before = known ?? (await listInstalled(session, m));
  if (check) {
    session.step(`simulating ${op}`);
    const res = await session.runOk(m, 'simulate', build(true));
    return { changes: m.parsePlan(res, before).map((c) => ({ ...c, manager: m.id })), rebootRequired: false, exitCode: res.code };
  }
  session.step(`${op} running`);
  const { result, verdict } = await session.run(m, op, build(false));
  const after = await listInstalled(session, m);
  const changes = diffInstalled(before, after, (a, b) => m.compareVersions(a, b), m.id);
  if (!verdict.ok) {
    const kind = verdict.notFound ? 'not-found' : 'command';
    // Whatever did change before the failure is still reported.
    throw new HostFailure(kind, verdict.message ?? `${m.displayName} exited with ${result.code}`, tail(result.stderr.trim() ? result.stderr : result.stdout), result.code, changes);
  }
  const reboot = await rebootRequired(session, m, verdict.rebootRequired === true);
  return { changes, rebootRequired: reboot, exitCode: result.code };
}

async function change(
  session: HostSession,
  prep: Prepared,
  op: 'install' | 'remove',
  packages: string[],
  check: boolean,
  emit: EmitLine,
): Promise<Partial<HostOutcome>> {
  const groups = resolveTargets(parseTargets(packages), prep);
  const changes: PackageChange[] = [];
  let reboot = false;
  let exitCode: number | null = 0;
  for (const g of groups) {
    let installed: InstalledPackage[] | undefined;
    if (op === 'remove') {
      // Removing what is not installed is already the desired state: ok, and no manager is asked
      // (managers disagree here: apt says "not installed", pacman "target not found").
      const list = await listInstalled(session, g.manager);
      installed = list;
      const present = g.specs.filter((s) => list.some((p) => p.name === s.name || p.name.startsWith(`${s.name}:`)));
      for (const s of g.specs.filter((x) => !present.includes(x))) emit(`[PKG] Package '${describeSpec(s)}' is not installed`);
      if (present.length === 0) continue;
      g.specs = present;
    }
    const r = await applyGroup(
      session,
      g.manager,
      op,
      (c) => (op === 'install' ? g.manager.install(g.specs, { check: c }) : g.manager.remove(g.specs.map((s) => s.name), { check: c })),
      check,
      installed,
    );
    changes.push(...r.changes);
    reboot ||= r.rebootRequired;
    exitCode = r.exitCode;
    for (const line of outcomeLines(g, op, r.changes, check)) emit(line);
  }
  return { changes, rebootRequired: reboot, exitCode };
}

function outcomeLines(g: TargetGroup, op: 'install' | 'remove' | 'upgrade', changes: PackageChange[], check: boolean): string[] {
  return g.specs.map((s) => {
    const c = changes.find((x) => x.name === s.name || x.name.startsWith(`${s.name}:`));
    const label = describeSpec(s);
    if (check) return c ? `[PKG] Would ${c.action} '${label}' (${c.from ?? '-'} → ${c.to ?? '-'})` : `[PKG] Package '${label}': nothing to do`;
    if (!c) return op === 'install' ? `[PKG] Package '${label}' is already installed` : op === 'remove' ? `[PKG] Package '${label}' is not installed` : `[PKG] Package '${label}' is up to date`;
    const verb = { install: 'installed', upgrade: 'upgraded', downgrade: 'downgraded', remove: 'removed', reinstall: 'reinstalled' }[c.action];
    return `[PKG] Package '${label}' ${verb} successfully`;
  });
}

async function upgrade(
  session: HostSession,
  prep: Prepared,
  native: PackageManager,
  req: Extract<OperationRequest, { op: 'upgrade' }>,
  emit: EmitLine,
): Promise<Partial<HostOutcome>> {
  const groups: TargetGroup[] = req.packages.length
    ? resolveTargets(parseTargets(req.packages), prep)
    : [{ manager: native, specs: [] }];
  const changes: PackageChange[] = [];
  let reboot = false;
  let exitCode: number | null = 0;
  for (const g of groups) {
    let specs: PackageSpec[] = g.specs;
    let security = false;
    if (req.security) {
      if (g.manager.securityUpgrade === 'unsupported') {
        return {
          status: 'skipped',
          error: { kind: 'unsupported', message: `${g.manager.displayName} has no security metadata: nothing upgraded (use a full upgrade on this host)` },
        };
      }
      if (g.manager.securityUpgrade === 'from-list') {
        const wanted = new Set(specs.map((s) => s.name));
        const sec = (await listUpgradable(session, g.manager)).filter((u) => u.security && (wanted.size === 0 || wanted.has(u.name)));
        if (sec.length === 0) {
          emit(`[PKG] No security updates pending`);
          continue;
        }
        specs = sec.map((u) => ({ name: u.name, version: u.to }));
      } else security = true;
    }
    const r = await applyGroup(session, g.manager, 'upgrade', (c) => g.manager.upgrade(specs, { check: c, security }), req.check);
    changes.push(...r.changes);
    reboot ||= r.rebootRequired;
    exitCode = r.exitCode;
    if (specs.length) for (const line of outcomeLines({ manager: g.manager, specs }, 'upgrade', r.changes, req.check)) emit(line);
    else emit(`[PKG] ${req.check ? 'Would upgrade' : 'Upgraded'} ${r.changes.length} package${r.changes.length === 1 ? '' : 's'}`);
  }
  return { changes, rebootRequired: reboot, exitCode };
}
