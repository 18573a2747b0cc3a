/**
 * A cron pattern as a systemd OnCalendar= expression (systemd.time(7)), for `schedule install`.
 * Only what both can say is converted; anything else (cron's day-of-month OR day-of-week, L, W,
 * #, stepped ranges) is refused with a reason, and the daemon remains the way to run it.
 */
export class CalendarConversionError extends Error {}

const NICKNAMES: Record<string, string> = {
  '@yearly': '*-01-01 00:00:00',
  '@annually': '*-01-01 00:00:00',
  '@monthly': '*-*-01 00:00:00',
  '@weekly': 'Sun *-*-* 00:00:00',
  '@daily': '*-*-* 00:00:00',
  '@midnight': '*-*-* 00:00:00',
  '@hourly': '*-*-* *:00:00',
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };
const MONTH_NAMES: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };

interface FieldSpec {
  name: string;
  /** First value of the field (what `*`/n starts from). */
  first: number;
  pad: number;
  names?: Record<string, number>;
}

function refuse(why: string): never {
  throw new CalendarConversionError(why);
}

function num(text: string, f: FieldSpec): number {
  const named = f.names?.[text.toUpperCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) refuse(`cannot convert ${JSON.stringify(text)} in the ${f.name} field`);
  return Number(text);
}

const padded = (n: number, f: FieldSpec) => String(n).padStart(f.pad, '0');

function convertField(text: string, f: FieldSpec): string {
  if (text === '*' || text === '?') return '*';
  if (/[LW#]/i.test(text)) refuse(`the ${f.name} field uses ${text}, which systemd calendars cannot express`);
  return text
    .split(',')
    .map((part) => {
      const [range, step] = part.split('/');
      if (step !== undefined) {
        if (!/^\d+$/.test(step)) refuse(`bad step ${JSON.stringify(part)} in the ${f.name} field`);
        if (range === '*') return `${padded(f.first, f)}/${Number(step)}`;
        if (range!.includes('-')) refuse(`a stepped range (${part}) in the ${f.name} field has no systemd equivalent`);
        return `${padded(num(range!, f), f)}/${Number(step)}`;
      }
      const [a, b] = range!.split('-');
      if (b !== undefined) return `${padded(num(a!, f), f)}..${padded(num(b, f), f)}`;
      return padded(num(a!, f), f);
    })
    .join(',');
}

function convertDow(text: string): string {
  if (text === '*' || text === '?') return '';
  if (/[L#]/i.test(text)) refuse(`the day-of-week field uses ${text}, which systemd calendars cannot express`);
  const f: FieldSpec = { name: 'day-of-week', first: 0, pad: 1, names: DAY_NAMES };
  const day = (t: string) => DAYS[num(t, f) % 7]!;
  return text
    .split(',')
    .map((part) => {
      if (part.includes('/')) refuse(`a step (${part}) in the day-of-week field has no systemd equivalent`);
      const [a, b] = part.split('-');
      return b !== undefined ? `${day(a!)}..${day(b)}` : day(a!);
    })
    .join(',');
}

/** `30 2 * * 1-5` in Europe/Berlin → `Mon..Fri *-*-* 02:30:00 Europe/Berlin`. */
export function cronToOnCalendar(cron: string, timezone?: string): string {
  const tz = timezone ? ` ${timezone}` : '';
  const nick = NICKNAMES[cron.trim().toLowerCase()];
  if (nick) return `${nick}${tz}`;
  const parts = cron.trim().split(/\s+/);
  if (parts.length === 7) refuse('a 7-field pattern (with years) is not converted');
  if (parts.length !== 5 && parts.length !== 6) refuse(`expected 5 or 6 fields, got ${parts.length}`);
  const [sec, min, hour, dom, month, dow] = parts.length === 6 ? parts : ['0', ...parts];
  const domSet = dom !== '*' && dom !== '?';
  const dowSet = dow !== '*' && dow !== '?';
  if (domSet && dowSet) refuse('cron runs when the day of month OR the day of week matches; systemd needs both: use the daemon for this pattern');
  const d = convertDow(dow!);
  const date = `*-${convertField(month!, { name: 'month', first: 1, pad: 2, names: MONTH_NAMES })}-${convertField(dom!, { name: 'day-of-month', first: 1, pad: 2 })}`;
  const time = [
    convertField(hour!, { name: 'hour', first: 0, pad: 2 }),
    convertField(min!, { name: 'minute', first: 0, pad: 2 }),
    convertField(sec!, { name: 'second', first: 0, pad: 2 }),
  ].join(':');
  return `${d ? `${d} ` : ''}${date} ${time}${tz}`;
}
