import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import type { PromptFn } from './secret-source.js';

export interface LoadedKey {
  file: string;
  key: ParsedKey | null;
  /** Why the key is not usable (unreadable, bad passphrase, no prompt available). */
  error?: string;
}

const MAX_PASSPHRASE_TRIES = 3;

function parse(data: Buffer, passphrase?: string): ParsedKey | Error {
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) return parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return new Error('not a private key');
  return key;
}

/**
 * Loads private key files (OpenSSH, PEM) once per run. An encrypted key's passphrase is asked
 * through the prompt, once per file for the whole run (the promise is shared, so hosts
 * connecting in parallel wait for the same answer). The passphrase is never stored: only the
 * decrypted key object is kept in memory.
 */
export class KeyLoader {
  private readonly cache = new Map<string, Promise<LoadedKey>>();

  constructor(private readonly prompt?: PromptFn) {}

  load(file: string): Promise<LoadedKey> {
    const path = resolve(file);
    let pending = this.cache.get(path);
    if (!pending) {
      pending = this.read(path);
      this.cache.set(path, pending);
    }
    return pending;
  }

  private async read(file: string): Promise<LoadedKey> {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (err) {
      return { file, key: null, error: `cannot read key file: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
    const plain = parse(data);
    if (!(plain instanceof Error)) return { file, key: plain };
    if (!/no passphrase given/i.test(plain.message)) return { file, key: null, error: plain.message };
    if (!this.prompt) return { file, key: null, error: 'key is encrypted and no passphrase prompt is available' };
    for (let attempt = 1; attempt <= MAX_PASSPHRASE_TRIES; attempt++) {
      const passphrase = await this.prompt(`Enter passphrase for key '${file}': `);
      const key = parse(data, passphrase);
      if (!(key instanceof Error)) return { file, key };
    }
    return { file, key: null, error: `wrong passphrase (${MAX_PASSPHRASE_TRIES} attempts)` };
  }
}

const shared = new WeakMap<PromptFn, KeyLoader>();

/**
 * The run's KeyLoader for a prompt function: transports created with the same prompt share it,
 * so a passphrase is asked once per key file even when the runner builds a context per host.
 * Without a prompt each caller gets its own loader (nothing interactive to share).
 */
export function sharedKeyLoader(prompt?: PromptFn): KeyLoader {
  if (!prompt) return new KeyLoader();
  let loader = shared.get(prompt);
  if (!loader) {
    loader = new KeyLoader(prompt);
    shared.set(prompt, loader);
  }
  return loader;
}
