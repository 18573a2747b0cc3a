import * as z from 'zod';
import type { Check } from '../inventory/checks.js';
import { isManagerId, MANAGER_IDS } from '../inventory/manager-ids.js';
import { leaf, strictShape } from '../inventory/schema-ours.js';
import { describeType } from '../inventory/zod-issue.js';
import type { ManagerId } from '../managers/types.js';
import {
  checkCommand,
  checkDurationMs,
  checkName,
  checkOsVersion,
  checkPercentage,
  checkRebootMode,
  checkSerial,
  checkStringList,
  checkUpdateCacheFlag,
  checkUpgrade,
} from './checks.js';
import { isItemProblem, shapeItem, type ItemProblem } from './item-shape.js';

/** The step keys that say what a step does; a step has exactly one. */
export const ACTION_KEYS = ['update_cache', 'present', 'absent', 'latest', 'upgrade', 'reboot'] as const;

/** A scalar checked by `scalar`, or a mapping checked by `object` (issues keep their paths). */
function scalarOrMapping<A, B>(scalar: Check<A>, object: z.ZodType<B>) {
  return z.unknown().transform((v, ctx): A | B => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const r = object.safeParse(v);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    const r = scalar(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

/** An item problem as a zod issue: an unknown key points at the key, the rest at the value. */
function itemIssue(p: ItemProblem): Parameters<z.RefinementCtx['addIssue']>[0] {
  if (p.unknownKey !== undefined) return { code: 'unrecognized_keys', keys: [p.unknownKey], message: p.message };
  return { code: 'custom', message: p.message, path: p.path ?? [] };
}

const item = z.unknown().transform((v, ctx) => {
  const r = shapeItem(v);
  if (!isItemProblem(r)) return r;
  ctx.addIssue(itemIssue(r));
  return z.NEVER;
});

function itemList(key: string) {
  return z.array(item).superRefine((list, ctx) => {
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: `'${key}' needs at least one package` });
  });
}

function checkManagers(key: string): Check<ManagerId[]> {
  const strings = checkStringList(key, true);
  return (v) => {
    const r = strings(v);
    if (!r.ok) return r;
    const badOne = r.value.find((m) => !isManagerId(m));
    if (badOne !== undefined) return { ok: false, message: `'${key}' must name managers among ${MANAGER_IDS.join(', ')}, got ${describeType(badOne)}` };
    return { ok: true, value: r.value as ManagerId[] };
  };
}

const varCondition = strictShape(
  {
    name: leaf(checkName('name')),
    equals: z.unknown().optional(),
    in: z.array(z.unknown()).optional(),
    defined: z.boolean().optional(),
  },
  'a var condition (keys: name, and one of equals, in, defined)',
).superRefine((v, ctx) => {
  const tests = ['equals', 'in', 'defined'].filter((k) => k in v);
  if (tests.length > 1) ctx.addIssue({ code: 'custom', message: `a var condition takes one of equals, in, defined, not ${tests.join(' and ')}`, path: [tests[1]!] });
});

const when = strictShape(
  {
    os: leaf(checkStringList('os', true)).optional(),
    os_version: leaf(checkOsVersion()).optional(),
    manager: leaf(checkManagers('manager')).optional(),
    group: leaf(checkStringList('group')).optional(),
    var: varCondition.optional(),
  },
  'a when condition',
);

const rebootObject = strictShape(
  {
    mode: leaf(checkRebootMode('mode')),
    timeout: leaf(checkDurationMs('timeout')).optional(),
    test_command: leaf(checkCommand('test_command')).optional(),
    command: leaf(checkCommand('command')).optional(),
  },
  'reboot',
);

const updateCacheObject = strictShape({ max_age: leaf(checkDurationMs('max_age')) }, 'update_cache');

export const stepSchema = strictShape(
  {
    name: leaf(checkName('name')).optional(),
    when: when.optional(),
    update_cache: scalarOrMapping(checkUpdateCacheFlag(), updateCacheObject).optional(),
    present: itemList('present').optional(),
    absent: itemList('absent').optional(),
    latest: itemList('latest').optional(),
    upgrade: leaf(checkUpgrade()).optional(),
    reboot: scalarOrMapping(checkRebootMode('reboot'), rebootObject).optional(),
  },
  'a step',
);

const aliasValue = item;

export const playSchema = strictShape(
  {
    name: leaf(checkName('name')).optional(),
    hosts: leaf(checkName('hosts')),
    vars: z.record(z.string(), z.unknown()).nullable().optional(),
    serial: leaf(checkSerial()).optional(),
    max_fail_percentage: leaf(checkPercentage('max_fail_percentage')).optional(),
    order: leaf(
      (v: unknown) =>
        v === 'inventory' || v === 'sorted' || v === 'shuffle'
          ? ({ ok: true, value: v } as const)
          : ({ ok: false, message: `'order' must be inventory, sorted or shuffle, got ${describeType(v)}` } as const),
    ).optional(),
    aliases: z.record(z.string(), aliasValue).nullable().optional(),
    health_check: strictShape(
      { command: leaf(checkCommand('command')), timeout: leaf(checkDurationMs('timeout')).optional() },
      'health_check',
    ).optional(),
    steps: z.array(stepSchema),
  },
  'a play',
);

export type RawStep = z.output<typeof stepSchema>;
export type RawPlay = z.output<typeof playSchema>;
