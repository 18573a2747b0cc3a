/** One step of the pool's trie: the field read at this depth, its values, and the row ending here. */
interface PoolNode {
  field?: string;
  next?: Map<unknown, PoolNode>;
  row?: object;
}

const isPrimitive = (v: unknown): boolean => (typeof v !== 'object' || v === null) && typeof v !== 'function';

/**
 * One run's package rows, shared between hosts. The hosts of a fleet mostly carry the same
 * packages at the same versions, so after parsing, a row equal to one another host already
 * reported is replaced by that host's (frozen) object: a list of P packages from N hosts then
 * costs N arrays of pointers plus the distinct rows once, instead of N x P objects and the N
 * outputs their strings point into. At 1,000 hosts x 1,000 packages that is the difference
 * between ~200 MB and ~10 MB of heap.
 *
 * Rows are found through a trie keyed by each field's name and value in order (Map keys tell
 * 1 from '1' and null from 'null'), so two rows share an object only when they have the same
 * fields with the same values in the same order; a row with a nested value is left alone. A
 * lookup is one Map.get per field, without building a key string. Shared rows are frozen: code
 * that wants to change a row must copy it, and cannot change another host's list by accident.
 */
export class RowPool {
  private readonly root: PoolNode = {};
  private count = 0;
  /** Parsed lists by kind, then by the exact output they came from (see parsed()). */
  private readonly lists = new Map<string, Map<string, readonly object[]>>();

  /**
   * The pooled rows parsed from `output`: a host whose command printed byte for byte what another
   * host's printed (hosts built from one image, patched together) gets that host's list, already
   * parsed and pooled, instead of parsing it again. The list is frozen like its rows, so it can
   * be shared (and serialised once: report/json-document.ts). `kind` keeps apart outputs of
   * different commands that could read alike.
   */
  parsed<T extends object>(kind: string, output: string, parse: (text: string) => T[]): readonly T[] {
    // Two maps rather than one key `kind + output`: that would copy every host's output once more.
    let byOutput = this.lists.get(kind);
    if (!byOutput) this.lists.set(kind, (byOutput = new Map()));
    const hit = byOutput.get(output);
    if (hit) return hit as readonly T[];
    const list = Object.freeze(this.share(parse(output)));
    byOutput.set(output, list);
    return list;
  }

  /** Replaces each row of `list` (in place) by the pooled equal row; returns `list`. */
  share<T extends object>(list: T[]): T[] {
    for (let i = 0; i < list.length; i++) {
      const row = list[i] as T;
      const node = this.nodeOf(row);
      if (!node) continue;
      if (node.row) {
        list[i] = node.row as T;
      } else {
        node.row = Object.freeze(row);
        this.count++;
      }
    }
    return list;
  }

  /** Distinct rows pooled so far. */
  get size(): number {
    return this.count;
  }

  /** The trie node of the row's fields, created as needed; undefined when it cannot be pooled. */
  private nodeOf(row: object): PoolNode | undefined {
    let node = this.root;
    for (const field in row) {
      if (!Object.prototype.hasOwnProperty.call(row, field)) continue;
      const value: unknown = (row as Record<string, unknown>)[field];
      if (!isPrimitive(value)) return undefined;
      // the first row through a node fixes its field; rows of another shape are not pooled here
      if (node.field === undefined) node.field = field;
      else if (node.field !== field) return undefined;
      node.next ??= new Map();
      let next = node.next.get(value);
      if (!next) {
        next = {};
        node.next.set(value, next);
      }
      node = next;
    }
    return node;
  }
}
