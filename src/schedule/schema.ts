import * as z from 'zod';
import { HOST_KEY_POLICIES, checkBool, checkDuration, checkOneOf, checkPath, checkText, type PathContext } from '../inventory/checks.js';
import { leaf, strictShape } from '../inventory/schema-ours.js';
import { checkBoundedDuration, checkClock, checkForks, checkScheduleName, checkWebhookUrl, checkWords } from './checks.js';

const DAY_MS = 86_400_000;

function pathList(key: string, ctx: PathContext) {
  const one = checkPath(key, ctx);
  return leaf((v: unknown) => {
    const items = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    for (const item of items) {
      const r = one(item);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true as const, value: out };
  });
}

function sharedShape(ctx: PathContext) {
  return {
    inventory: pathList('inventory', ctx).optional(),
    limit: leaf(checkText('limit')).optional(),
    timezone: leaf(checkText('timezone')).optional(),
    window: strictShape(
      {
        start: leaf(checkClock('start')),
        duration: leaf(checkBoundedDuration('duration', 60_000, DAY_MS, 'must be from 1m to 24h')),
      },
      'window (keys: start, duration)',
    ).optional(),
    splay: leaf(checkBoundedDuration('splay', 0, DAY_MS, 'must be at most 24h')).optional(),
    missed: leaf(checkOneOf('missed', ['skip', 'run_once'] as const)).optional(),
    notify: strictShape(
      { webhook: leaf(checkWebhookUrl('webhook')).optional(), file: leaf(checkPath('file', ctx)).optional() },
      'notify (keys: webhook, file)',
    ).optional(),
    options: strictShape(
      {
        forks: leaf(checkForks('forks')).optional(),
        become: leaf(checkBool('become')).optional(),
        check: leaf(checkBool('check')).optional(),
        refresh: leaf(checkBool('refresh')).optional(),
        user: leaf(checkText('user')).optional(),
        timeout: leaf(checkDuration('timeout')).optional(),
        connect_timeout: leaf(checkDuration('connect_timeout')).optional(),
        command_timeout: leaf(checkDuration('command_timeout')).optional(),
        lock_timeout: leaf(checkDuration('lock_timeout')).optional(),
        host_key_policy: leaf(checkOneOf('host_key_policy', HOST_KEY_POLICIES)).optional(),
        known_hosts: leaf(checkPath('known_hosts', ctx)).optional(),
      },
      'options',
    ).optional(),
  };
}

export function entrySchema(ctx: PathContext) {
  return strictShape(
    {
      name: leaf(checkScheduleName('name')),
      playbook: leaf(checkPath('playbook', ctx)).optional(),
      command: leaf(checkWords('command')).optional(),
      cron: leaf(checkText('cron')),
      ...sharedShape(ctx),
    },
    'a schedule entry',
  ).superRefine((v, ctx2) => {
    if ((v.playbook === undefined) === (v.command === undefined)) {
      ctx2.addIssue({ code: 'custom', message: 'a schedule entry needs exactly one of playbook or command', path: v.command !== undefined ? ['command'] : [] });
    }
  });
}

export function fileSchema(ctx: PathContext) {
  return strictShape(
    {
      defaults: strictShape(sharedShape(ctx), 'defaults').nullable().optional(),
      schedule: z.array(z.unknown()),
    },
    'a schedule file (top-level keys are defaults, schedule)',
  );
}

export type RawEntry = z.output<ReturnType<typeof entrySchema>>;
export type RawShared = Partial<z.output<z.ZodObject<ReturnType<typeof sharedShape>>>>;
