import { once } from 'node:events';

/** Indentation of each depth, as JSON.stringify(value, null, 2) prints it. */
const pads: string[] = [''];
const pad = (depth: number): string => (pads[depth] ??= '  '.repeat(depth));

/** Texts of frozen rows (the run's shared package rows, see RowPool), one cache per depth. */
const frozenTexts = new Map<number, WeakMap<object, string>>();

const isPlain = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Array.isArray(v);
};

/** Whether JSON.stringify writes a member with this value (it drops undefined, functions, symbols). */
const written = (v: unknown): boolean => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

/** What JSON.stringify serialises for a member: the result of its toJSON(key), if it has one. */
function resolved(v: unknown, key: string): unknown {
  const toJSON = v !== null && typeof v === 'object' ? (v as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? (toJSON as (k: string) => unknown).call(v, key) : v;
}

/**
 * `value` as JSON.stringify(…, null, 2) prints it at `depth`. Plain objects and arrays are walked
 * here; anything else (strings, numbers, objects with toJSON, class instances) is JSON.stringify's
 * own output. A frozen plain object cannot change any more, so its text is kept: a package row
 * shared by 1,000 hosts is serialised once, not 1,000 times.
 */
function serialise(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) as string;
  if (!isPlain(value)) return nestedByJson(value, depth);
  if (Object.isFrozen(value)) {
    let texts = frozenTexts.get(depth);
    if (!texts) frozenTexts.set(depth, (texts = new WeakMap()));
    let text = texts.get(value);
    if (text === undefined) texts.set(value, (text = walk(value, depth)));
    return text;
  }
  return walk(value, depth);
}

function walk(value: object, depth: number): string {
  const inner = pad(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = resolved(value[i], String(i));
      items.push(`${inner}${written(item) ? serialise(item, depth + 1) : 'null'}`);
    }
    return `[\n${items.join(',\n')}\n${pad(depth)}]`;
  }
  const members: string[] = [];
  for (const key of Object.keys(value)) {
    const item = resolved((value as Record<string, unknown>)[key], key);
    if (written(item)) members.push(`${inner}${JSON.stringify(key)}: ${serialise(item, depth + 1)}`);
  }
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${pad(depth)}}`;
}

/** JSON.stringify's text of a value `depth` levels down: serialised inside a wrapper that deep and cut out. */
function nestedByJson(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2) as string;
  // each wrapper level adds "[\n" + indentation before and "\n" + indentation + "]" after
  let head = 0;
  let tail = 0;
  for (let i = 0; i < depth; i++) {
    head += 2 + 2 * (i + 1);
    tail += 2 + 2 * i;
  }
  return text.slice(head, text.length - tail);
}

/**
 * The text of `JSON.stringify(doc, null, 2)`, in pieces: one piece per element of the array
 * under `streamKey` (a fleet result's `hosts`), so a document for 1,000 hosts with 1,000
 * packages each (~100 MB of JSON) is never held in memory whole. The pieces joined are exactly
 * JSON.stringify's output.
 */
export function* jsonDocumentPieces(doc: object, streamKey = 'hosts'): Generator<string> {
  const member = (k: string): unknown => resolved((doc as Record<string, unknown>)[k], k);
  const keys = Object.keys(doc).filter((k) => written(member(k)));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const value = member(key);
    const after = i < keys.length - 1 ? ',\n' : '\n';
    const head = `  ${JSON.stringify(key)}: `;
    if (key === streamKey && Array.isArray(value) && value.length > 0) {
      yield `${head}[\n`;
      for (let j = 0; j < value.length; j++) {
        const item = resolved(value[j], String(j));
        yield `    ${written(item) ? serialise(item, 2) : 'null'}${j < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${after}`;
    } else {
      yield `${head}${serialise(value, 1)}${after}`;
    }
  }
  yield '}';
}

/** Writes a document piece by piece (see jsonDocumentPieces), waiting whenever the stream is full. */
export async function writeJsonDocument(stream: NodeJS.WritableStream, doc: object, streamKey = 'hosts'): Promise<void> {
  for (const piece of jsonDocumentPieces(doc, streamKey)) {
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  if (!stream.write('\n')) await once(stream, 'drain');
}
