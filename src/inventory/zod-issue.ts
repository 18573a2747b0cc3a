import type { core } from 'zod';

export interface IssueInfo {
  /** Path relative to the validated value. */
  path: (string | number)[];
  part: 'key' | 'value';
  reason: string;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
};

/** A short name for a value's YAML type, for "got ..." messages. */
export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** Turns one zod issue into a path, which part of the node to point at, and a readable reason. */
export function explainIssue(issue: core.$ZodIssue, root: unknown): IssueInfo {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const name = path.length > 0 ? `'${String(path[path.length - 1])}'` : 'the document';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return { path: [...path, key], part: 'key', reason: issue.message };
  }
  if (issue.code === 'invalid_type') {
    const got = valueAt(root, path);
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    if (got === undefined) return { path: path.slice(0, -1), part: 'value', reason: `${name} is required` };
    return { path, part: 'value', reason: `${name} must be ${expected}, got ${describeType(got)}` };
  }
  if (issue.code === 'custom' || issue.code === 'invalid_value') {
    return { path, part: 'value', reason: issue.message };
  }
  return { path, part: 'value', reason: `${name}: ${issue.message}` };
}
