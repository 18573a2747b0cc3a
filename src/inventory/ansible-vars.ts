import {
  checkAddress,
  checkBool,
  checkDuration,
  checkPath,
  checkPort,
  checkText,
} from './checks.js';
import type { Check, PathContext } from './checks.js';
import { OUR_SETTING_KEYS } from './schema-ours.js';
import { emptyLevel } from './settings.js';
import type { Level, Located, SettingKey } from './settings.js';
import { readSshArgs } from './ssh-args.js';
import { suggest } from './suggest.js';
import type { BecomePasswordSource, InventoryWarning } from './types.js';
import { describeType } from './zod-issue.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

type Translate = (key: string, ctx: PathContext) => Check<unknown>;

const ENV_LOOKUP = /^\{\{\s*lookup\(\s*(['"])env\1\s*,\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2\s*\)\s*\}\}$/;

/** Inline secret: `{{ lookup('env', 'X') }}` becomes an env source; anything else is kept (with a warning). */
const inlineSecret: Translate = (key) => (v) => {
  if (typeof v !== 'string' && typeof v !== 'number') return { ok: false, message: `'${key}' must be a string, got ${describeType(v)}` };
  const s = String(v);
  const env = ENV_LOOKUP.exec(s.trim());
  if (env) return { ok: true, value: { kind: 'env', name: env[3]! } satisfies BecomePasswordSource };
  return { ok: true, value: { kind: 'value', value: s } satisfies BecomePasswordSource };
};

const connection: Translate = (key) => (v) => {
  if (v === 'local') return { ok: true, value: 'local' };
  if (v === 'ssh' || v === 'smart' || v === 'paramiko' || v === 'paramiko_ssh') return { ok: true, value: 'ssh' };
  return { ok: false, message: `'${key}' ${describeType(v)} is not supported (ssh, smart, paramiko, local)` };
};

const hostKeyChecking: Translate = (key) => (v) => {
  const r = checkBool(key, true)(v);
  return r.ok ? { ok: true, value: r.value ? 'strict' : 'off' } : r;
};

const sshArgs: Translate = (key) => (v) =>
  typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: `'${key}' must be a string, got ${describeType(v)}` };

/** The Ansible connection vars pkgfleet understands -> setting and validator. */
const ANSIBLE_KEYS: Readonly<Record<string, { setting: SettingKey; check: Translate }>> = {
  ansible_host: { setting: 'address', check: (k) => checkAddress(k) },
  ansible_ssh_host: { setting: 'address', check: (k) => checkAddress(k) },
  ansible_port: { setting: 'port', check: (k) => checkPort(k, true) },
  ansible_ssh_port: { setting: 'port', check: (k) => checkPort(k, true) },
  ansible_user: { setting: 'user', check: (k) => checkText(k) },
  ansible_ssh_user: { setting: 'user', check: (k) => checkText(k) },
  ansible_become: { setting: 'become', check: (k) => checkBool(k, true) },
  ansible_become_password: { setting: 'becomePassword', check: inlineSecret },
  ansible_become_pass: { setting: 'becomePassword', check: inlineSecret },
  ansible_password: { setting: 'password', check: inlineSecret },
  ansible_ssh_pass: { setting: 'password', check: inlineSecret },
  ansible_ssh_password: { setting: 'password', check: inlineSecret },
  ansible_ssh_private_key_file: { setting: 'keyFile', check: (k, c) => checkPath(k, c) },
  ansible_private_key_file: { setting: 'keyFile', check: (k, c) => checkPath(k, c) },
  ansible_connection: { setting: 'connection', check: connection },
  ansible_ssh_common_args: { setting: 'jump', check: sshArgs },
  ansible_ssh_extra_args: { setting: 'jump', check: sshArgs },
  ansible_host_key_checking: { setting: 'hostKeyPolicy', check: hostKeyChecking },
  ansible_ssh_host_key_checking: { setting: 'hostKeyPolicy', check: hostKeyChecking },
  ansible_timeout: { setting: 'connectTimeoutMs', check: (k) => checkDuration(k) },
  ansible_ssh_timeout: { setting: 'connectTimeoutMs', check: (k) => checkDuration(k) },
};

const PKGFLEET_KEYS = Object.keys(OUR_SETTING_KEYS).map((k) => `pkgfleet_${k}`);

export interface AnsibleLevel {
  level: Level;
  priority?: Located<number>;
}

function unsupportedForm(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  if (v.startsWith('$ANSIBLE_VAULT;')) return 'vault-encrypted values are not supported';
  if (/\{\{|\{%/.test(v)) return "templated values are not supported (except {{ lookup('env', 'NAME') }} for passwords)";
  return null;
}

/**
 * Splits an Ansible vars mapping into pkgfleet settings (the connection vars it understands,
 * plus `pkgfleet_<key>` for any of our keys) and the remaining free-form vars.
 */
export function readAnsibleVars(
  file: YamlFile,
  path: YamlPath,
  vars: Record<string, unknown> | null,
  ctx: PathContext,
  warnings: InventoryWarning[],
): AnsibleLevel {
  const out: AnsibleLevel = { level: emptyLevel() };
  for (const [key, value] of Object.entries(vars ?? {})) {
    const loc = file.locate([...path, key]);
    let spec = ANSIBLE_KEYS[key];
    if (!spec && key.startsWith('pkgfleet_')) {
      spec = OUR_SETTING_KEYS[key.slice('pkgfleet_'.length)];
      if (!spec) throw file.fail([...path, key], `unknown key '${key}'${suggest(key, PKGFLEET_KEYS)}`, 'key');
    }
    if (key === 'ansible_group_priority') {
      const r = checkPort(key, true)(value);
      if (!r.ok) throw file.fail([...path, key], `'${key}' must be a positive integer, got ${describeType(value)}`);
      out.priority = { value: r.value, loc, key };
    }
    if (!spec) {
      out.level.vars.set(key, { value, loc, key });
      continue;
    }
    const isAnsibleSecret = spec.check === inlineSecret;
    const form = unsupportedForm(value);
    if (form && !(isAnsibleSecret && typeof value === 'string' && ENV_LOOKUP.test(value.trim())))
      throw file.fail([...path, key], `'${key}': ${form}`);
    const r = spec.check(key, ctx)(value);
    if (!r.ok) throw file.fail([...path, key], r.message);
    let parsed = r.value;
    if (spec.setting === 'jump' && typeof parsed === 'string') {
      const info = readSshArgs(parsed);
      if (info.ignored.length > 0)
        warnings.push({ ...loc, message: `'${key}': only ProxyJump is used; ignored: ${info.ignored.join(' ')}` });
      if (!info.proxyJump) continue;
      parsed = { hops: info.proxyJump, mode: 'ssh' };
    }
    if (isAnsibleSecret && (parsed as BecomePasswordSource).kind === 'value')
      warnings.push({ ...loc, message: `'${key}' holds a password in clear text; prefer pkgfleet_${key.includes('become') ? 'become_password' : 'password'}: {env: NAME}` });
    (out.level.settings as Record<string, Located<unknown>>)[spec.setting] = { value: parsed, loc, key };
  }
  return out;
}
