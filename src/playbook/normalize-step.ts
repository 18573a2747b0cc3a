import type { YamlPath } from '../inventory/yaml-file.js';
import type { RawItem } from './item-shape.js';
import { ACTION_KEYS, type RawStep } from './schema.js';
import type { Condition, PackageItem, RebootSpec, Step, StepAction } from './types.js';
import type { YamlDoc } from './yaml-doc.js';

/** Reboot defaults: wait up to 10 minutes, `true` proves the host answers, `reboot` reboots it. */
export const REBOOT_DEFAULTS = { timeoutMs: 600_000, testCommand: ['true'], command: ['reboot'] } as const;

export interface StepContext {
  doc: YamlDoc;
  /** Path of the step in the document. */
  path: YamlPath;
  aliases: Record<string, PackageItem>;
}

/** Turns a shape-checked item into a PackageItem: a bare string naming an alias is that alias. */
export function toItem(raw: RawItem, doc: YamlDoc, path: YamlPath, aliases: Record<string, PackageItem> = {}): PackageItem {
  const at = doc.at(path);
  if (raw.kind === 'map') return { kind: 'per-manager', names: raw.names, at };
  if (Object.prototype.hasOwnProperty.call(aliases, raw.value)) return { kind: 'alias', alias: raw.value, at };
  return { kind: 'ref', raw: raw.value, at };
}

/** The pinned version an item asks for, if any (absent and latest take names only). */
function pinOf(item: PackageItem, aliases: Record<string, PackageItem>): string | null {
  const pinned = (s: string) => !s.includes('://') && s.includes('=');
  if (item.kind === 'ref') return pinned(item.raw) ? item.raw : null;
  if (item.kind === 'per-manager') return Object.values(item.names).find((n) => n !== undefined && pinned(n)) ?? null;
  const target = aliases[item.alias];
  return target ? pinOf(target, aliases) : null;
}

function describeItem(item: PackageItem): string {
  if (item.kind === 'ref') return item.raw;
  if (item.kind === 'alias') return item.alias;
  return Object.values(item.names)[0] ?? '?';
}

function itemsOf(ctx: StepContext, key: 'present' | 'absent' | 'latest', raws: RawItem[]): PackageItem[] {
  return raws.map((raw, i) => {
    const item = toItem(raw, ctx.doc, [...ctx.path, key, i], ctx.aliases);
    if (key !== 'present') {
      const pin = pinOf(item, ctx.aliases);
      if (pin !== null) {
        const via = item.kind === 'alias' ? ` (alias '${item.alias}' is ${JSON.stringify(pin)})` : '';
        const why = key === 'latest' ? 'a pinned version is not "latest"' : 'removal takes names only';
        throw ctx.doc.fail([...ctx.path, key, i], `'${key}' takes package names without a version${via}: ${why}`);
      }
    }
    return item;
  });
}

function conditionOf(raw: NonNullable<RawStep['when']>): Condition {
  const c: Condition = {};
  if (raw.os) c.os = raw.os;
  if (raw.os_version) c.osVersion = raw.os_version;
  if (raw.manager) c.manager = raw.manager;
  if (raw.group) c.group = raw.group;
  if (raw.var) {
    c.var = { name: raw.var.name };
    if ('equals' in raw.var) c.var.equals = raw.var.equals;
    if (raw.var.in) c.var.in = raw.var.in;
    if (raw.var.defined !== undefined) c.var.defined = raw.var.defined;
  }
  return c;
}

function rebootOf(raw: NonNullable<RawStep['reboot']>): RebootSpec {
  const obj = typeof raw === 'string' ? { mode: raw } : raw;
  return {
    mode: obj.mode,
    timeoutMs: ('timeout' in obj ? obj.timeout : undefined) ?? REBOOT_DEFAULTS.timeoutMs,
    testCommand: ('test_command' in obj ? obj.test_command : undefined) ?? [...REBOOT_DEFAULTS.testCommand],
    command: ('command' in obj ? obj.command : undefined) ?? [...REBOOT_DEFAULTS.command],
  };
}

function actionOf(ctx: StepContext, raw: RawStep, key: (typeof ACTION_KEYS)[number]): StepAction {
  switch (key) {
    case 'update_cache':
      return { type: 'update_cache', maxAgeMs: raw.update_cache === true || raw.update_cache === undefined ? null : raw.update_cache.max_age };
    case 'present':
    case 'absent':
    case 'latest':
      return { type: key, items: itemsOf(ctx, key, raw[key] ?? []) } as StepAction;
    case 'upgrade':
      return { type: 'upgrade', mode: raw.upgrade ?? 'none' };
    case 'reboot':
      return { type: 'reboot', reboot: rebootOf(raw.reboot!) };
  }
}

/** A default step name that says what it does: `present: labapp, labtool=1.0`. */
export function describeAction(a: StepAction): string {
  switch (a.type) {
    case 'update_cache':
      return a.maxAgeMs === null ? 'update_cache' : `update_cache (max_age ${Math.round(a.maxAgeMs / 1000)}s)`;
    case 'present':
    case 'absent':
    case 'latest':
      return `${a.type}: ${a.items.map(describeItem).join(', ')}`;
    case 'upgrade':
      return `upgrade: ${a.mode}`;
    case 'reboot':
      return `reboot: ${a.reboot.mode}`;
  }
}

/** One shape-checked step → Step, with the "exactly one action" rule and the pin rules. */
export function normalizeStep(ctx: StepContext, raw: RawStep, index: number): Step {
  const keys = ACTION_KEYS.filter((k) => raw[k] !== undefined);
  if (keys.length === 0) throw ctx.doc.fail(ctx.path, `a step needs one of ${ACTION_KEYS.join(', ')}`);
  if (keys.length > 1) {
    throw ctx.doc.fail([...ctx.path, keys[1]!], `a step does one thing: it has both '${keys[0]}' and '${keys[1]}' (make them two steps)`, 'key');
  }
  if (raw.when && Object.keys(raw.when).length === 0) {
    throw ctx.doc.fail([...ctx.path, 'when'], 'an empty when: is always true: remove it, or give os, os_version, manager, group or var');
  }
  const action = actionOf(ctx, raw, keys[0]!);
  return {
    index,
    name: raw.name ?? describeAction(action),
    ...(raw.when ? { when: conditionOf(raw.when) } : {}),
    action,
    at: ctx.doc.at(ctx.path),
  };
}
