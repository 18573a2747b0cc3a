import type { Command } from 'commander';
import { addHistoryOptions } from './history-options.js';
import { commandWord } from './command-word.js';

type Register = (program: Command, onExit: (code: number) => void) => void;

/**
 * Commands beyond the unified verbs (playbooks, history, ...): one line each, name -> module.
 * A module is loaded only when its command is the one being run, or for help: a fleet verb
 * never pays for the playbook, schedule, report and query code (docs/performance.md).
 */
const EXTRA_COMMANDS: Record<string, () => Promise<Register>> = {
  play: async () => (await import('./play-command.js')).registerPlayCommand,
  scan: async () => (await import('./scan-command.js')).registerScanCommand,
  history: async () => (await import('./history-command.js')).registerHistoryCommand,
  show: async () => (await import('./show-command.js')).registerShowCommand,
  report: async () => (await import('./report-command.js')).registerReportCommand,
  query: async () => (await import('./query-command.js')).registerQueryCommand,
  compliance: async () => (await import('./compliance-command.js')).registerComplianceCommand,
  schedule: async () => (await import('./schedule-command.js')).registerScheduleCommand,
  daemon: async () => (await import('./daemon-command.js')).registerDaemonCommand,
};

/**
 * Registers the program-level history options, then the extra commands `args` needs: none for a
 * unified verb, the one it names, or all of them (help, no command, a word we do not know).
 */
export async function registerExtraCommands(program: Command, onExit: (code: number) => void, args: string[]): Promise<void> {
  // History, index, reports and schedules (--db, --no-history, --notify-* apply to every fleet command).
  addHistoryOptions(program);
  const word = commandWord(program, args);
  if (word !== undefined && program.commands.some((c) => c.name() === word)) return;
  const names = word !== undefined && Object.hasOwn(EXTRA_COMMANDS, word) ? [word] : Object.keys(EXTRA_COMMANDS);
  const registers = await Promise.all(names.map((n) => (EXTRA_COMMANDS[n] as () => Promise<Register>)()));
  for (const register of registers) register(program, onExit);
}
