import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/**
 * Fixture file format: provenance header lines starting with "## " (tool, version, distro,
 * exact command, exit code), a line "## ---", then the tool's output byte for byte.
 * Header keys used: "## tool:", "## command:", "## exit:", "## stream:" (stdout|stderr).
 */
export interface Fixture {
  meta: Record<string, string>;
  text: string;
  exit: number | null;
}

export function loadFixture(manager: string, name: string): Fixture {
  const raw = readFileSync(path.join(ROOT, manager, name), 'utf8');
  const sep = raw.indexOf('## ---\n');
  if (sep < 0) throw new Error(`fixture ${manager}/${name} has no "## ---" header separator`);
  const meta: Record<string, string> = {};
  for (const line of raw.slice(0, sep).split('\n')) {
    const m = /^## ([a-z-]+):\s*(.*)$/.exec(line);
    if (m) meta[m[1]!] = m[2]!;
  }
  const exit = meta.exit !== undefined ? Number(meta.exit) : null;
  return { meta, text: raw.slice(sep + '## ---\n'.length), exit };
}

/** An ExecResult built from fixtures (stdout fixture, optional stderr fixture). */
export function fixtureResult(manager: string, stdoutName: string, stderrName?: string) {
  const out = loadFixture(manager, stdoutName);
  const err = stderrName ? loadFixture(manager, stderrName).text : '';
  return { code: out.exit ?? 0, signal: null, stdout: out.text, stderr: err, durationMs: 1 };
}
