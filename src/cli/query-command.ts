import type { Command } from 'commander';
import type { PackageHit } from '../store/index.js';
import { EXIT } from '../report/summary.js';
import type { HistoryFlags } from './history-options.js';
import { openStore } from './open-store.js';
import { formatLocalMinute, renderTable } from './time-args.js';

export function renderQuery(name: string, hits: PackageHit[], below?: string): string {
  if (hits.length === 0) {
    return below ? `no scanned host has ${name} below ${below}` : `no scanned host has ${name} (see pkgfleet scan)`;
  }
  const rows = hits.map((h) => [
    h.host,
    h.manager,
    h.version ?? '(not installed)',
    h.arch ?? '',
    h.upgradableTo ? `${h.upgradableTo}${h.security ? ' [security]' : ''}` : '',
    formatLocalMinute(h.scannedAt),
  ]);
  const hosts = new Set(hits.map((h) => h.host)).size;
  const title = `${name}${below ? ` below ${below}` : ''}: ${hosts} host${hosts === 1 ? '' : 's'}`;
  return `${title}\n${renderTable(['HOST', 'MANAGER', 'VERSION', 'ARCH', 'UPDATE', 'SCANNED'], rows)}`;
}

export function registerQueryCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('query <package>')
    .description('which hosts have a package, at which version (from the index: see scan)')
    .option('--below <version>', "only installed versions lower than this, by each host's manager's own rules")
    .action((name: string, opts: { below?: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as HistoryFlags & { json?: boolean };
      const store = openStore(flags);
      try {
        const hits = store.queryPackage(name, opts.below !== undefined ? { below: opts.below } : {});
        process.stdout.write(flags.json ? `${JSON.stringify(hits, null, 2)}\n` : `${renderQuery(name, hits, opts.below)}\n`);
      } finally {
        store.close();
      }
      onExit(EXIT.ok);
    });
}
