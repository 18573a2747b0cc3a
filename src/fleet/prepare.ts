import type { ManagerId, PackageManager } from '../managers/types.js';
import type { HostFacts } from '../managers/detect.js';
import { selectManager } from '../managers/selection.js';
import { getManager } from '../managers/registry.js';
import type { HostSession } from './session.js';
import type { OsFacts } from './result.js';
import { installedPrefetch } from './prefetch.js';

export interface Prepared {
  facts: HostFacts;
  present: ManagerId[];
  native: PackageManager | null;
  os: OsFacts;
}

export type EmitLine = (line: string) => void;

export interface PrepareOptions {
  /**
   * The next command will list the native manager's installed packages: run that listing in the
   * facts round trip (prefetch.ts). Only a speed-up: the result is used only if it was the right one.
   */
  listInstalledNext?: boolean;
}

/** Gather facts (one round trip), detect every manager present, select the native one. */
export async function prepareHost(session: HostSession, emit: EmitLine, opts: PrepareOptions = {}): Promise<Prepared> {
  session.step('detecting');
  const facts = await session.gatherFacts(opts.listInstalledNext ? installedPrefetch(session.host.manager) : null);
  const sel = selectManager(facts, session.host.manager);
  const native = sel.selected ? getManager(sel.selected) : null;
  emit(`[PKG] Detected ${sel.detected.length} package manager${sel.detected.length === 1 ? '' : 's'}${sel.detected.length ? `: ${sel.detected.join(', ')}` : ''}`);
  if (native) emit(`[PKG] Selected ${native.displayName} as active package manager${sel.reason === 'inventory override' ? ' (inventory override)' : ''}`);
  else emit('[PKG] No native package manager found');
  return {
    facts,
    present: sel.detected,
    native,
    os: {
      id: facts.os.id,
      idLike: facts.os.idLike,
      ...(facts.os.versionId ? { versionId: facts.os.versionId } : {}),
      ...(facts.os.prettyName ? { prettyName: facts.os.prettyName } : {}),
      ...(facts.kernel ? { kernel: facts.kernel } : {}),
    },
  };
}
