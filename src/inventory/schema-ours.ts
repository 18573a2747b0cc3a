import * as z from 'zod';
import {
  HOST_KEY_POLICIES,
  checkAddress,
  checkBool,
  checkDuration,
  checkJump,
  checkListName,
  checkManager,
  checkOneOf,
  checkPath,
  checkPort,
  checkSecretSource,
  checkText,
} from './checks.js';
import type { Check, PathContext } from './checks.js';
import type { SettingKey } from './settings.js';
import { suggest } from './suggest.js';

interface KeySpec {
  setting: SettingKey;
  check: (key: string, ctx: PathContext) => Check<unknown>;
}

/** Our YAML keys for connection settings -> internal setting and validator. */
export const OUR_SETTING_KEYS: Readonly<Record<string, KeySpec>> = {
  address: { setting: 'address', check: (k) => checkAddress(k) },
  port: { setting: 'port', check: (k) => checkPort(k) },
  user: { setting: 'user', check: (k) => checkText(k) },
  key_file: { setting: 'keyFile', check: (k, c) => checkPath(k, c) },
  password: { setting: 'password', check: (k, c) => checkSecretSource(k, c) },
  jump: { setting: 'jump', check: (k) => checkJump(k) },
  become: { setting: 'become', check: (k) => checkBool(k) },
  become_password: { setting: 'becomePassword', check: (k, c) => checkSecretSource(k, c) },
  connection: { setting: 'connection', check: (k) => checkOneOf(k, ['ssh', 'local'] as const) },
  manager: { setting: 'manager', check: (k) => checkManager(k) },
  connect_timeout: { setting: 'connectTimeoutMs', check: (k) => checkDuration(k) },
  command_timeout: { setting: 'commandTimeoutMs', check: (k) => checkDuration(k) },
  lock_timeout: { setting: 'lockTimeoutMs', check: (k) => checkDuration(k) },
  host_key_policy: { setting: 'hostKeyPolicy', check: (k) => checkOneOf(k, HOST_KEY_POLICIES) },
  known_hosts: { setting: 'knownHostsFile', check: (k, c) => checkPath(k, c) },
};

/** A zod leaf running one of our checks, so the message names the key. */
export function leaf<T>(check: Check<T>) {
  return z.unknown().transform((v, ctx) => {
    const r = check(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

/** A strict object whose unknown-key error names the key, where it is, and a near miss. */
export function strictShape<S extends z.ZodRawShape>(shape: S, where: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== 'unrecognized_keys') return undefined;
      const key = iss.keys[0] ?? '?';
      return `unknown key '${key}' in ${where}${suggest(key, known)}`;
    },
  });
}

function settingsShape(ctx: PathContext, withAddress: boolean) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(OUR_SETTING_KEYS)) {
    if (key === 'address' && !withAddress) continue;
    shape[key] = leaf(spec.check(key, ctx)).optional();
  }
  return shape;
}

const vars = z.record(z.string(), z.unknown()).nullable().optional();

/** The schema of one file in our format, paths resolved against `ctx.baseDir`. */
export function ourFileSchema(ctx: PathContext) {
  const host = strictShape({ ...settingsShape(ctx, true), vars }, 'a host').nullable();
  const group = strictShape(
    {
      hosts: z.array(leaf(checkListName('host'))).nullable().optional(),
      children: z.array(leaf(checkListName('group'))).nullable().optional(),
      vars,
      ...settingsShape(ctx, false),
    },
    'a group',
  ).nullable();
  const defaults = strictShape({ ...settingsShape(ctx, false), vars }, 'defaults').nullable();
  return strictShape(
    {
      defaults: defaults.optional(),
      groups: z.record(z.string(), group).nullable().optional(),
      hosts: z.record(z.string(), host).nullable().optional(),
    },
    'the inventory (top-level keys are defaults, groups, hosts)',
  );
}
