import type { Command } from 'commander';

/**
 * The subcommand a command line names: its first operand once the program-level options (and
 * the values of those that take one) are skipped, as commander reads it. Undefined when there is
 * none (`--help`, `--version`, no arguments). Used only to decide which command modules to
 * load; commander still parses the line itself.
 */
export function commandWord(program: Command, args: string[]): string | undefined {
  const valued = new Map<string, 'required' | 'optional'>();
  for (const o of program.options) {
    const kind = o.required ? 'required' : o.optional ? 'optional' : undefined;
    if (!kind) continue;
    if (o.short) valued.set(o.short, kind);
    if (o.long) valued.set(o.long, kind);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return args[i + 1];
    if (arg === '-' || !arg.startsWith('-')) return arg;
    if (arg.startsWith('--') && arg.includes('=')) continue;
    // `-iFILE`: a short option with its value attached; `-vq`: short flags run together
    const name = arg.startsWith('--') ? arg : arg.slice(0, 2);
    const kind = valued.get(name);
    if (!kind || arg.length > name.length) continue;
    const next = args[i + 1];
    if (kind === 'required' || (next !== undefined && !next.startsWith('-'))) i++;
  }
  return undefined;
}
