import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InventoryError } from './errors.js';
import { globMatch, hasWildcard } from './glob.js';
import { expandHome } from './paths.js';
import { tokenizeConfigLine } from './ssh-config-line.js';
import { entryValue } from './ssh-config-values.js';
import type { ConfigToken } from './ssh-config-line.js';
import type { InventoryWarning, SourceLocation } from './types.js';

/** A block condition: `Host` patterns, or a Match block we do not evaluate. */
export type ConfigCondition = { kind: 'host'; patterns: string[] } | { kind: 'never' };

export interface ConfigEntry {
  /** Lower-cased keyword. */
  keyword: string;
  args: ConfigToken[];
  loc: SourceLocation;
  /** All must hold (an Include inside a Host block adds the outer block's condition). */
  conds: ConfigCondition[];
}

export interface SshConfig {
  entries: ConfigEntry[];
  warnings: InventoryWarning[];
}

const MAX_INCLUDE_DEPTH = 16;

interface ParseState {
  home: string;
  /** Relative Include paths are taken from here (the directory of the top-level file). */
  baseDir: string;
  out: SshConfig;
}

function includeFiles(pattern: string, st: ParseState): string[] {
  const abs = path.resolve(st.baseDir, expandHome(pattern, st.home));
  const dir = path.dirname(abs);
  const base = path.basename(abs);
  if (!hasWildcard(base)) return [abs];
  try {
    return readdirSync(dir)
      .filter((f) => globMatch(base, f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function parseText(text: string, display: string, outer: ConfigCondition[], st: ParseState, depth: number): void {
  let conds = outer;
  text.split(/\r?\n/).forEach((raw, idx) => {
    const at = (column: number): SourceLocation => ({ file: display, line: idx + 1, column });
    let line;
    try {
      line = tokenizeConfigLine(raw);
    } catch (e) {
      throw new InventoryError(at(Number((e as Error).cause) || 1), `ssh_config: ${(e as Error).message}`);
    }
    if (!line) return;
    const keyword = line.keyword.toLowerCase();
    const loc = at(line.column);
    if (keyword === 'host') {
      if (line.args.length === 0) throw new InventoryError(loc, 'ssh_config: Host needs at least one pattern');
      conds = [...outer, { kind: 'host', patterns: line.args.map((a) => a.value) }];
    } else if (keyword === 'match') {
      const all = line.args.length === 1 && line.args[0]!.value.toLowerCase() === 'all';
      if (!all) st.out.warnings.push({ ...loc, message: 'ssh_config: Match blocks are not evaluated; this block is ignored' });
      conds = all ? outer : [...outer, { kind: 'never' }];
    } else if (keyword === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) throw new InventoryError(loc, 'ssh_config: Include nested too deeply');
      for (const arg of line.args) {
        for (const file of includeFiles(arg.value, st)) {
          let inc: string;
          try {
            inc = readFileSync(file, 'utf8');
          } catch {
            continue; // OpenSSH ignores missing include files
          }
          parseText(inc, file, conds, st, depth + 1);
        }
      }
    } else {
      st.out.entries.push({ keyword, args: line.args, loc, conds });
    }
  });
}

/** Parses ssh_config text (Include files are read from disk, relative to `baseDir`). */
export function parseSshConfig(text: string, display: string, opts: { home: string; baseDir: string }): SshConfig {
  const st: ParseState = { ...opts, out: { entries: [], warnings: [] } };
  parseText(text, display, [], st, 0);
  for (const e of st.out.entries) entryValue(e); // malformed values fail at load time, like OpenSSH
  return st.out;
}

/** True when a `Host` pattern list selects `host` (any positive match and no negated match). */
export function hostPatternsMatch(patterns: readonly string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), host, true)) return false;
    } else if (globMatch(p, host, true)) {
      matched = true;
    }
  }
  return matched;
}
