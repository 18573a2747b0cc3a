import type { Command } from 'commander';

/** Commands beyond the unified verbs (playbooks, history, ...) register here. */
export function registerExtraCommands(_program: Command, _onExit: (code: number) => void): void {}
