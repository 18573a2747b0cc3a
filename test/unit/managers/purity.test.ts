import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// DESIGN.md convention 1: a manager is pure. No I/O, logging, clock or randomness in src/managers.
const ROOT = path.resolve(import.meta.dirname, '../../../src/managers');
const FORBIDDEN = [
  /from ['"](node:)?(fs|child_process|net|os|crypto|http|https|dns|readline|worker_threads)(\/[a-z]+)?['"]/,
  /from ['"](ssh2|pino|execa|better-sqlite3|p-queue)['"]/,
  /\bDate\.now\(|\bnew Date\(|Math\.random\(|\bprocess\.(env|exit|cwd)|\brequire\(/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/managers stays pure', () => {
  const all = files(ROOT);
  it('has manager files to check', () => {
    expect(all.length).toBeGreaterThan(5);
  });
  it.each(all.map((f) => [path.relative(ROOT, f), f]))('%s does no I/O', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const re of FORBIDDEN) expect(text, `${file} matches ${re}`).not.toMatch(re);
  });
});
