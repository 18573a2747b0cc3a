import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PathContext } from '../inventory/checks.js';
import { YamlFile, type YamlPath } from '../inventory/yaml-file.js';
import { describeType } from '../inventory/zod-issue.js';
import { parseScheduleCommand } from './command.js';
import { cronProblem, isValidTimezone } from './cron.js';
import { ScheduleError, asScheduleError } from './errors.js';
import { entrySchema, fileSchema, type RawEntry, type RawShared } from './schema.js';
import type { ScheduleEntry, ScheduleFile, ScheduleRunOptions } from './types.js';

/** The machine's own time zone: what an entry without `timezone` uses. */
export function localTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function runOptions(raw: RawShared['options']): ScheduleRunOptions {
  const o = raw ?? {};
  const out: ScheduleRunOptions = {};
  if (o.forks !== undefined) out.forks = o.forks;
  if (o.become !== undefined) out.become = o.become;
  if (o.check !== undefined) out.check = o.check;
  if (o.refresh !== undefined) out.refresh = o.refresh;
  if (o.user !== undefined) out.user = o.user;
  if (o.timeout !== undefined) out.timeoutMs = o.timeout;
  if (o.connect_timeout !== undefined) out.connectTimeoutMs = o.connect_timeout;
  if (o.command_timeout !== undefined) out.commandTimeoutMs = o.command_timeout;
  if (o.lock_timeout !== undefined) out.lockTimeoutMs = o.lock_timeout;
  if (o.host_key_policy !== undefined) out.hostKeyPolicy = o.host_key_policy;
  if (o.known_hosts !== undefined) out.knownHosts = o.known_hosts;
  return out;
}

class Reader {
  constructor(
    readonly yaml: YamlFile,
    readonly defaults: RawShared,
  ) {}

  fail(p: YamlPath, reason: string, part: 'key' | 'value' = 'value'): ScheduleError {
    return asScheduleError(this.yaml.fail(p, reason, part)) as ScheduleError;
  }

  /** Where a merged key came from: the entry if it set it, else `defaults`. */
  origin(entryPath: YamlPath, raw: RawEntry, key: keyof RawShared): YamlPath {
    return raw[key] !== undefined ? [...entryPath, key] : ['defaults', key];
  }

  entry(value: unknown, i: number): ScheduleEntry {
    const at: YamlPath = ['schedule', i];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(at, `a schedule entry must be a mapping (name, cron, playbook or command, …), got ${describeType(value)}`);
    }
    const raw = this.parse(entrySchema(this.ctx()), value, at);
    const d = this.defaults;
    const timezone = raw.timezone ?? d.timezone ?? localTimezone();
    if (!isValidTimezone(timezone)) {
      throw this.fail(this.origin(at, raw, 'timezone'), `unknown time zone ${JSON.stringify(timezone)} (use an IANA name such as Europe/Berlin or UTC)`);
    }
    const problem = cronProblem(raw.cron, timezone);
    if (problem) throw this.fail([...at, 'cron'], `invalid cron pattern ${JSON.stringify(raw.cron)}: ${problem}`);
    const options = { ...runOptions(d.options), ...runOptions(raw.options) };
    if (raw.command) {
      try {
        parseScheduleCommand(raw.command, options.check === true);
      } catch (e) {
        throw this.fail([...at, 'command'], (e as Error).message);
      }
    }
    const window = raw.window ?? d.window;
    const limit = raw.limit ?? d.limit;
    return {
      name: raw.name,
      action: raw.playbook !== undefined ? { kind: 'playbook', path: raw.playbook } : { kind: 'command', argv: raw.command! },
      inventory: raw.inventory ?? d.inventory ?? [],
      ...(limit !== undefined ? { limit } : {}),
      options,
      cron: raw.cron,
      timezone,
      ...(window ? { window: { startMinutes: window.start, durationMs: window.duration, text: windowText(window.start, window.duration) } } : {}),
      splayMs: raw.splay ?? d.splay ?? 0,
      missed: raw.missed ?? d.missed ?? 'skip',
      notify: { ...d.notify, ...raw.notify },
      at: this.yaml.locate(at),
    };
  }

  parse<T>(schema: import('zod').ZodType<T>, value: unknown, p: YamlPath): T {
    try {
      return this.yaml.parse(schema, value, p);
    } catch (e) {
      throw asScheduleError(e);
    }
  }

  ctx(): PathContext {
    return pathContext(this.yaml.display);
  }
}

function pathContext(display: string): PathContext {
  return { baseDir: path.dirname(path.resolve(display)), home: os.homedir() };
}

function windowText(startMinutes: number, durationMs: number): string {
  const hh = String(Math.floor(startMinutes / 60)).padStart(2, '0');
  const mm = String(startMinutes % 60).padStart(2, '0');
  const mins = Math.round(durationMs / 60_000);
  const dur = mins % 60 === 0 ? `${mins / 60}h` : `${mins}m`;
  return `${hh}:${mm}+${dur}`;
}

/** Parses and validates a schedule file's text; every problem is a ScheduleError at file:line:column. */
export function parseSchedule(text: string, file: string): ScheduleFile {
  let yaml: YamlFile;
  try {
    yaml = YamlFile.fromText(file, text);
  } catch (e) {
    throw asScheduleError(e);
  }
  const data = yaml.data;
  const top = new Reader(yaml, {});
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw top.fail([], `a schedule file must be a mapping with a 'schedule:' list, got ${describeType(data)}`);
  }
  const raw = top.parse(fileSchema(top.ctx()), data, []);
  const reader = new Reader(yaml, raw.defaults ?? {});
  const entries = raw.schedule.map((v, i) => reader.entry(v, i));
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.name);
    if (first !== undefined) throw reader.fail(['schedule', i, 'name'], `duplicate schedule name ${JSON.stringify(e.name)} (first at entry ${first + 1})`);
    seen.set(e.name, i);
  });
  return { file, baseDir: top.ctx().baseDir, entries };
}

/** Reads and validates a schedule file. */
export function loadSchedule(file: string): ScheduleFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ScheduleError({ file, line: 1, column: 1 }, `cannot read schedule file (${code})`);
  }
  return parseSchedule(text, file);
}
