import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { CST, Document, Node, Pair, Tags, YAMLMap } from 'yaml';

type Token = CST.Token;
import type { ZodType } from 'zod';
import { InventoryError } from './errors.js';
import { explainIssue } from './zod-issue.js';
import type { InventoryWarning, SourceLocation } from './types.js';

export type YamlPath = readonly (string | number)[];

/** PyYAML's booleans (YAML 1.1 without y/n), which is what Ansible reads inventories with. */
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

function pyYamlTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    return { ...t, test: t.test.test('y') ? PY_TRUE : PY_FALSE };
  });
}

/** The text of one file, tokenized once (composing it again in another dialect is cheap). */
export class YamlSource {
  readonly lines = new LineCounter();
  readonly tokens: Token[];

  constructor(
    readonly display: string,
    text: string,
  ) {
    this.tokens = [...new Parser(this.lines.addNewLine).parse(text)];
  }
}

/**
 * One parsed YAML file plus what is needed to turn a path into `file:line:column`.
 * `display` is the file name used in messages (as the user wrote it).
 */
export class YamlFile {
  readonly data: unknown;
  readonly display: string;
  readonly warnings: InventoryWarning[] = [];
  private readonly doc: Document | null;
  private readonly lines: LineCounter;
  private readonly indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  /** `dialect` 'ansible' reads YAML 1.1 like PyYAML (yes/no/on/off are booleans); 'ours' is YAML 1.2. */
  constructor(source: YamlSource, dialect: 'ours' | 'ansible' = 'ours') {
    this.display = source.display;
    this.lines = source.lines;
    const composer = new Composer({
      prettyErrors: false,
      merge: true,
      uniqueKeys: false, // the library's check is quadratic; checkUniqueKeys() below is not
      ...(dialect === 'ansible' ? { version: '1.1' as const, customTags: pyYamlTags } : {}),
    });
    const docs = [...composer.compose(source.tokens), ...composer.end()];
    this.doc = docs[0] ?? null;
    const err = this.doc?.errors[0];
    if (err) throw new InventoryError(this.at(err.pos[0]), `YAML syntax error: ${err.message}`);
    if (docs[1]) throw new InventoryError(this.at(docs[1].range[0]), 'YAML syntax error: only one document per file is allowed');
    this.checkUniqueKeys();
    for (const w of this.doc?.warnings ?? []) this.warnings.push({ ...this.at(w.pos[0]), message: w.message });
    this.data = this.doc ? this.doc.toJS({ maxAliasCount: 1000 }) : null;
  }

  static fromText(display: string, text: string, dialect: 'ours' | 'ansible' = 'ours'): YamlFile {
    return new YamlFile(new YamlSource(display, text), dialect);
  }

  /** Location of an offset in the text. */
  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.display, line, column: col };
  }

  /**
   * Location of the node at `path` (the value, or with part 'key' the key of the last segment).
   * Walks as deep as the path exists; an empty value falls back to its key.
   */
  locate(path: YamlPath, part: 'key' | 'value' = 'value'): SourceLocation {
    let node: Node | null = this.doc?.contents ?? null;
    let keyNode: Node | null = null;
    for (const seg of path) {
      node = this.deref(node);
      let next: Node | null = null;
      let nextKey: Node | null = null;
      if (isMap(node)) {
        const pair = this.pairIndex(node).get(String(seg));
        if (pair) {
          nextKey = pair.key as Node;
          next = (pair.value as Node | null) ?? nextKey;
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = (node.items[seg] as Node | undefined) ?? null;
      }
      if (!next) break;
      node = next;
      keyNode = nextKey;
    }
    let chosen = part === 'key' && keyNode ? keyNode : node;
    if (chosen?.range && chosen.range[0] === chosen.range[1] && keyNode) chosen = keyNode;
    return this.at(chosen?.range?.[0] ?? 0);
  }

  /** An InventoryError at `path`. */
  fail(path: YamlPath, reason: string, part: 'key' | 'value' = 'value'): InventoryError {
    return new InventoryError(this.locate(path, part), reason);
  }

  /** Validates `value` (found at `path`) with a zod schema; the first problem in the text wins. */
  parse<T>(schema: ZodType<T>, value: unknown, path: YamlPath): T {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const found = r.error.issues.map((issue) => {
      const f = explainIssue(issue, value);
      const loc = this.locate([...path, ...f.path], f.part);
      return { loc, reason: f.reason };
    });
    found.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    const best = found[0]!;
    throw new InventoryError(best.loc, best.reason);
  }

  /** Duplicate scalar keys in any mapping are an error at the second key, like YAML requires. */
  private checkUniqueKeys(): void {
    if (!this.doc) return;
    visit(this.doc, {
      Map: (_key, map) => {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || pair.key.value === '<<') continue;
          const k = `${typeof pair.key.value}:${String(pair.key.value)}`;
          if (seen.has(k)) throw new InventoryError(this.at(pair.key.range?.[0] ?? 0), 'YAML syntax error: Map keys must be unique');
          seen.add(k);
        }
      },
    });
  }

  /** Key -> pair of a mapping, built once per mapping (keeps lookups linear on large inventories). */
  private pairIndex(map: YAMLMap): Map<string, Pair> {
    let index = this.indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
      }
      this.indexes.set(map, index);
    }
    return index;
  }

  private deref(node: Node | null): Node | null {
    let n = node;
    for (let i = 0; i < 100 && n && isAlias(n) && this.doc; i++) n = (n.resolve(this.doc) as Node | undefined) ?? null;
    return n;
  }
}
