import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandWord } from '../../../src/cli/command-word.js';
import { buildProgram } from '../../../src/cli/main.js';
import { registerExtraCommands } from '../../../src/cli/extra-commands.js';

function program(): Command {
  return new Command('p')
    .option('-i, --inventory <file>', 'inventory')
    .option('-l, --limit <pattern>', 'limit')
    .option('-v, --verbose', 'verbose')
    .option('-q, --quiet', 'quiet')
    .option('--color [when]', 'optional value')
    .option('--no-history', 'negatable');
}

describe('commandWord', () => {
  it.each([
    [['list', '--installed'], 'list'],
    [['-i', 'inv.yml', '-l', 'web', 'history', '--failed'], 'history'],
    [['--inventory', 'play', 'play', 'site.yml'], 'play'],
    [['--inventory=inv.yml', '-iother.yml', '-vq', 'scan'], 'scan'],
    // an optional value takes the next word, as commander does, unless it is an option
    [['--no-history', '--color', 'detect'], undefined],
    [['--color', '--quiet', 'detect'], 'detect'],
    [['-v', '--', 'show', 'x'], 'show'],
    [['--help'], undefined],
    [[], undefined],
  ])('%j names %s', (args, word) => {
    expect(commandWord(program(), args)).toBe(word);
  });
});

describe('registerExtraCommands', () => {
  const names = (p: Command) => p.commands.map((c) => c.name()).sort();
  const verbs = names(buildProgram(() => undefined));

  it('loads no extra command for a unified verb, only the named one otherwise', async () => {
    const forVerb = buildProgram(() => undefined);
    await registerExtraCommands(forVerb, () => undefined, ['-i', 'history', 'list', '--installed']);
    expect(names(forVerb)).toEqual(verbs);
    expect(forVerb.options.some((o) => o.long === '--db')).toBe(true);

    const forHistory = buildProgram(() => undefined);
    await registerExtraCommands(forHistory, () => undefined, ['--db', 'x.db', 'history']);
    expect(names(forHistory)).toEqual([...verbs, 'history'].sort());
  });

  it('loads every extra command for help', async () => {
    const p = buildProgram(() => undefined);
    await registerExtraCommands(p, () => undefined, ['--help']);
    expect(names(p)).toEqual(expect.arrayContaining([...verbs, 'play', 'scan', 'history', 'show', 'report', 'query', 'compliance', 'schedule', 'daemon']));
  });
});
