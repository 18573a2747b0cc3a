import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InventoryError } from './errors.js';
import { readAnsible } from './format-ansible.js';
import { readOurs } from './format-ours.js';
import { findDefaultInventory, localInventory } from './local.js';
import { resolvePath } from './paths.js';
import { emptyRaw } from './raw.js';
import type { RawInventory } from './raw.js';
import { resolveInventory } from './resolve.js';
import { parseSshConfig } from './ssh-config.js';
import type { SshConfig } from './ssh-config.js';
import type { Inventory, InventoryWarning } from './types.js';
import { YamlFile, YamlSource } from './yaml-file.js';
import { describeType } from './zod-issue.js';

export interface LoadOptions {
  /** ssh_config to honour (`~` expanded); default `~/.ssh/config` when it exists; null = none. */
  sshConfigPath?: string | null;
  /** Where relative inventory paths and default file names are looked up. */
  cwd?: string;
  /** HOME (for `~`) and USER (for ssh_config's %u) come from here; default process.env. */
  env?: Record<string, string | undefined>;
}

const OUR_TOP_KEYS = ['defaults', 'groups', 'hosts'];

function readText(display: string, abs: string, what: string): string {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InventoryError({ file: display, line: 1, column: 1 }, `cannot read ${what} (${code})`);
  }
}

function refuseIni(display: string, text: string): void {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  if (i >= 0 && /^\s*\[[^\]]+\]\s*$/.test(lines[i]!))
    throw new InventoryError(
      { file: display, line: i + 1, column: 1 },
      'this looks like an Ansible INI inventory; only YAML inventories are read ' +
        `(convert it with: ansible-inventory -i ${display} --list --yaml)`,
    );
}

function readInventoryFile(display: string, abs: string, raw: RawInventory, home: string): void {
  const text = readText(display, abs, 'inventory');
  refuseIni(display, text);
  const source = new YamlSource(display, text);
  const probe = new YamlFile(source);
  const data = probe.data;
  const ctx = { baseDir: path.dirname(abs), home };
  if (data === null || data === undefined) return;
  if (typeof data !== 'object' || Array.isArray(data))
    throw probe.fail([], `an inventory must be a mapping, got ${describeType(data)}`);
  const keys = Object.keys(data);
  const ours = !keys.includes('all') && keys.some((k) => OUR_TOP_KEYS.includes(k));
  const file = ours ? probe : new YamlFile(source, 'ansible');
  raw.warnings.push(...file.warnings);
  if (ours) readOurs(file, raw, ctx);
  else readAnsible(file, raw, ctx);
}

function readSshConfig(opts: LoadOptions, home: string, cwd: string, warnings: InventoryWarning[]): SshConfig | null {
  if (opts.sshConfigPath === null) return null;
  const explicit = opts.sshConfigPath !== undefined;
  const abs = explicit ? resolvePath(opts.sshConfigPath!, cwd, home) : path.join(home, '.ssh', 'config');
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    if (!explicit) return null;
    throw new InventoryError({ file: opts.sshConfigPath!, line: 1, column: 1 }, `cannot read ssh_config (${(e as NodeJS.ErrnoException).code})`);
  }
  const cfg = parseSshConfig(text, explicit ? opts.sshConfigPath! : abs, { home, baseDir: path.dirname(abs) });
  warnings.push(...cfg.warnings);
  return cfg;
}

/**
 * Loads and merges inventory files (ours or Ansible YAML, detected per file), honouring
 * ssh_config. With no paths: the first default file in cwd, else the local inventory.
 * Throws InventoryError (file:line:col) on any invalid input; reads files, contacts nothing.
 */
export function loadInventory(paths: string[], opts: LoadOptions = {}): Inventory {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  let list = paths;
  if (list.length === 0) {
    const found = findDefaultInventory(cwd);
    if (!found) return localInventory();
    list = [path.relative(cwd, found)];
  }
  const raw = emptyRaw();
  const files = list.map((p) => path.resolve(cwd, p));
  list.forEach((p, i) => readInventoryFile(p, files[i]!, raw, home));
  const ssh = readSshConfig(opts, home, cwd, raw.warnings);
  return resolveInventory(raw, { ssh, home, localUser: env.USER ?? env.LOGNAME ?? '', cwd }, files);
}
