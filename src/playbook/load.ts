import { readFileSync } from 'node:fs';
import { describeType } from '../inventory/zod-issue.js';
import { PlaybookError } from './errors.js';
import { normalizeStep, toItem } from './normalize-step.js';
import { playSchema } from './schema.js';
import type { PackageItem, Play, Playbook } from './types.js';
import { YamlDoc } from './yaml-doc.js';

const ALIAS_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Health checks get a minute unless told otherwise. */
export const HEALTH_CHECK_TIMEOUT_MS = 60_000;

function normalizePlay(doc: YamlDoc, value: unknown, i: number): Play {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw doc.fail([i], `a play must be a mapping (name, hosts, steps, …), got ${describeType(value)}`);
  }
  const raw = doc.parse(playSchema, value, [i]);
  const aliases: Record<string, PackageItem> = {};
  for (const [name, item] of Object.entries(raw.aliases ?? {})) {
    if (!ALIAS_NAME.test(name)) {
      throw doc.fail([i, 'aliases', name], `alias name ${JSON.stringify(name)} must look like a package name (letters, digits and . _ + -)`, 'key');
    }
    aliases[name] = toItem(item, doc, [i, 'aliases', name]);
  }
  if (raw.steps.length === 0) throw doc.fail([i, 'steps'], 'a play needs at least one step');
  const steps = raw.steps.map((s, j) => normalizeStep({ doc, path: [i, 'steps', j], aliases }, s, j + 1));
  return {
    name: raw.name ?? `play ${i + 1} (${raw.hosts})`,
    hosts: raw.hosts,
    hostsAt: doc.at([i, 'hosts']),
    vars: raw.vars ?? {},
    serial: raw.serial ?? [],
    maxFailPercentage: raw.max_fail_percentage ?? null,
    order: raw.order ?? 'inventory',
    aliases,
    steps,
    ...(raw.health_check
      ? { healthCheck: { command: raw.health_check.command, timeoutMs: raw.health_check.timeout ?? HEALTH_CHECK_TIMEOUT_MS } }
      : {}),
    at: doc.at([i]),
  };
}

/** Parses and validates a playbook's text; every problem is a PlaybookError at file:line:column. */
export function parsePlaybook(text: string, display: string): Playbook {
  const doc = new YamlDoc(display, text);
  const data = doc.data;
  if (data === null || data === undefined) throw doc.fail([], 'the playbook is empty: it must be a list of plays');
  if (!Array.isArray(data)) {
    const hint = typeof data === 'object' && 'hosts' in data ? " (start the play with '- ' to make it a list item)" : '';
    throw doc.fail([], `a playbook must be a list of plays, got ${describeType(data)}${hint}`);
  }
  if (data.length === 0) throw doc.fail([], 'the playbook has no play');
  return { file: display, plays: data.map((p, i) => normalizePlay(doc, p, i)) };
}

/** Reads and validates a playbook file. `display` is the name used in messages (default: the path). */
export function loadPlaybook(file: string, display = file): Playbook {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new PlaybookError({ file: display, line: 1, column: 1 }, `cannot read playbook (${code})`);
  }
  return parsePlaybook(text, display);
}
