import { readFile } from 'node:fs/promises';
import type { BecomePasswordSource } from '../inventory/types.js';

/** Asks the user a question (no echo); the CLI implements it, tests script it. */
export type PromptFn = (question: string) => Promise<string>;

/**
 * Resolves a password source to the secret. A file's trailing newline is dropped.
 * Throws (with the source, never the secret) when it cannot be resolved.
 */
export async function resolveSecret(
  source: BecomePasswordSource,
  question: string,
  prompt?: PromptFn,
): Promise<string> {
  switch (source.kind) {
    case 'value':
      return source.value;
    case 'env': {
      const value = process.env[source.name];
      if (value === undefined) throw new Error(`environment variable ${source.name} is not set`);
      return value;
    }
    case 'file': {
      const text = await readFile(source.path, 'utf8');
      return text.replace(/\r?\n$/, '');
    }
    case 'prompt':
      if (!prompt) throw new Error(`${question}: a password prompt is needed but no terminal is available`);
      return prompt(question);
  }
}
