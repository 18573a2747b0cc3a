// Outputs that many hosts print byte for byte alike, received once into memory instead of once per host.
//
// The hosts of a fleet built from one image print the same installed-package list, and at 1,000
// hosts most of them print it within the same second or two (they all finish their handshakes
// together): holding each host's copy while it arrives, then its decoded text, is what made the
// controller's peak memory (docs/performance.md). A stream given the run's catalog compares each
// chunk with the outputs other hosts already printed as the chunk arrives, and keeps only how far
// it matched: no chunk, no copy, no second decoded string. Every byte is still received and
// compared; a stream that ends exactly on a catalogued output returns that output's string, the
// same string object every such host gets (so RowPool.parsed finds its parsed list at once). The
// first byte that differs turns the stream into an ordinary collection: the matched part is taken
// from the catalogued output, and the stream goes on like any other. A stream that started while
// nothing matched checks the outputs catalogued since, so hosts that all print at once still share.
import { StringDecoder } from 'node:string_decoder';
import { OutputTail } from './output-tail.js';

/** One catalogued output: its bytes and its text, both kept once for the run. */
interface Entry {
  readonly bytes: Buffer;
  readonly text: string;
}

/** Limits that keep a catalog of outputs no host shares (every host different) from growing with the fleet. */
export interface CatalogLimits {
  /** Distinct outputs kept (default 64). */
  maxEntries?: number;
  /** Their bytes together (default 64 MiB). */
  maxBytes?: number;
}

/**
 * One run's distinct outputs of the commands marked `alike` (managers/types.ts). Outputs are
 * added when a stream that matched none of them ends, until a limit is reached; then later new
 * outputs are simply not shared. Entries never change once added, so a stream can point into them.
 */
export class OutputCatalog {
  private readonly list: Entry[] = [];
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(limits: CatalogLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 64;
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  }

  /** The entries so far; an entry's index never changes (streams remember how many they have seen). */
  get entries(): readonly Entry[] {
    return this.list;
  }

  /**
   * The text of `bytes`: a catalogued output's own string when one is equal, otherwise the bytes
   * decoded, and catalogued when the limits allow.
   */
  textOf(bytes: Buffer): string {
    const found = this.list.find((e) => e.bytes.length === bytes.length && e.bytes.equals(bytes));
    if (found) return found.text;
    const text = bytes.toString('utf8');
    if (this.list.length < this.maxEntries && this.bytes + bytes.length <= this.maxBytes) {
      this.list.push({ bytes, text });
      this.bytes += bytes.length;
    }
    return text;
  }
}

/** Which part of stdout is compared with the catalog. */
export interface ShareOptions {
  catalog: OutputCatalog;
  /**
   * Only the part after the line that contains the first occurrence of these bytes (that whole
   * line stays with the head): the output before it is the host's own (facts: the host name).
   * Without it, the whole of stdout is compared.
   */
  after?: string;
}

/**
 * Collects a command's stdout like OutputTail, comparing the shared part with the catalog as it
 * arrives (see the top of this file). `text()` is the head (everything, when the split point
 * never came); `rest()` the shared part, or undefined when the split point never came.
 */
export class SharedOutput {
  private readonly marker: Buffer | null;
  /** Before the split: the head's chunks, and how far the marker search got. */
  private head: Buffer[] = [];
  private headSize = 0;
  /** Absolute offset just past the marker, once it was seen (the split is at the next newline). */
  private markerEnd = -1;
  /** Past the split: matching the catalog (candidates non-empty) or collecting its own bytes. */
  private split = false;
  private candidates: Entry[] = [];
  private matched = 0;
  /** How many catalog entries this stream has compared itself with (later ones are new to it). */
  private seen = 0;
  /** Its own bytes, capped like any output; ownChunks are the same buffers, kept whole to catalogue them. */
  private own: OutputTail | null = null;
  private ownChunks: Buffer[] = [];
  private ownSize = 0;
  private readonly live?: StringDecoder;
  private gaveUp = false;

  constructor(
    private readonly share: ShareOptions,
    private readonly maxBytes: number,
    private readonly onChunk?: (text: string) => void,
  ) {
    this.marker = share.after === undefined ? null : Buffer.from(share.after);
    if (onChunk) this.live = new StringDecoder('utf8');
    if (!this.marker) this.startRest();
  }

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (buf.length === 0) return;
    if (this.live && this.onChunk) {
      const text = this.live.write(buf);
      if (text) this.onChunk(text);
    }
    if (this.gaveUp) (this.own as OutputTail).push(buf);
    else if (this.split) this.pushRest(buf);
    else this.pushHead(buf);
  }

  get truncatedBytes(): number {
    return this.own?.truncatedBytes ?? 0;
  }

  /** Bytes this stream holds now (the head and its own part): none for the part matching the catalog. */
  get heldBytes(): number {
    return this.headSize + (this.own?.keptBytes ?? 0);
  }

  /**
   * What the result carries: without `after`, all of stdout (the catalogued string when equal);
   * with it, the head in `stdout` and the shared part in `stdoutRest` (absent when the split line
   * never came, and then all of it is in `stdout`).
   */
  result(): { stdout: string; stdoutRest?: string } {
    const head = this.text();
    const rest = this.rest();
    if (rest === undefined) return { stdout: head };
    return this.marker ? { stdout: head, stdoutRest: rest } : { stdout: rest };
  }

  /** The head: the output up to and including the split line (all of it when there was no split). */
  text(): string {
    if (this.live && this.onChunk) {
      const rest = this.live.end();
      if (rest) this.onChunk(rest);
    }
    if (this.gaveUp && this.own) return this.own.text();
    return Buffer.concat(this.head, this.headSize).toString('utf8');
  }

  /** The shared part (a catalogued string whenever one is equal), or undefined without a split. */
  rest(): string | undefined {
    if (!this.split || this.gaveUp) return undefined;
    const whole = this.candidates.find((e) => e.bytes.length === this.matched);
    if (whole) return whole.text;
    if (this.candidates.length > 0) this.diverge(Buffer.alloc(0));
    const own = this.own as OutputTail;
    if (own.truncatedBytes > 0) return own.text();
    return this.share.catalog.textOf(Buffer.concat(this.ownChunks, this.ownSize));
  }

  private pushHead(buf: Buffer): void {
    const start = this.headSize;
    const marker = this.marker as Buffer;
    if (this.markerEnd < 0) {
      // search across the chunk boundary: the head's last marker.length - 1 bytes, then this chunk
      const keep = Math.min(marker.length - 1, start);
      const window = keep > 0 ? Buffer.concat([this.lastHeadBytes(keep), buf]) : buf;
      const at = window.indexOf(marker);
      if (at >= 0) this.markerEnd = start - keep + at + marker.length;
    }
    let cut = -1;
    if (this.markerEnd >= 0) {
      const nl = buf.indexOf(0x0a, Math.max(0, this.markerEnd - start));
      if (nl >= 0) cut = nl + 1;
    }
    if (cut < 0) {
      this.addHead(buf);
      if (this.headSize > this.maxBytes) this.giveUp();
      return;
    }
    this.addHead(buf.subarray(0, cut));
    this.startRest();
    if (cut < buf.length) this.pushRest(buf.subarray(cut));
  }

  private addHead(buf: Buffer): void {
    this.head.push(buf);
    this.headSize += buf.length;
  }

  private lastHeadBytes(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = n;
    for (let i = this.head.length - 1; i >= 0 && need > 0; i--) {
      const b = this.head[i] as Buffer;
      const take = b.subarray(Math.max(0, b.length - need));
      parts.unshift(take);
      need -= take.length;
    }
    return Buffer.concat(parts);
  }

  /** No split point within maxBytes: an ordinary capped collection of everything from here on. */
  private giveUp(): void {
    this.gaveUp = true;
    this.own = new OutputTail(this.maxBytes);
    for (const b of this.head) this.own.push(b);
    this.head = [];
    this.headSize = 0;
  }

  private startRest(): void {
    this.split = true;
    this.candidates = [...this.share.catalog.entries];
    this.seen = this.candidates.length;
    if (this.candidates.length === 0) this.own = new OutputTail(this.maxBytes);
  }

  private pushRest(buf: Buffer): void {
    if (this.candidates.length > 0) {
      const end = this.matched + buf.length;
      const still = this.candidates.filter((e) => e.bytes.length >= end && e.bytes.compare(buf, 0, buf.length, this.matched, end) === 0);
      if (still.length > 0) {
        this.candidates = still;
        this.matched = end;
      } else {
        this.diverge(buf);
      }
      return;
    }
    this.addOwn(buf);
    this.joinLate();
  }

  /** The stream differs from every candidate: its matched part comes from one of them, then `buf`. */
  private diverge(buf: Buffer): void {
    const from = this.candidates[0] as Entry;
    this.candidates = [];
    this.own = new OutputTail(this.maxBytes);
    if (this.matched > 0) this.addOwn(from.bytes.subarray(0, this.matched));
    this.matched = 0;
    if (buf.length > 0) this.addOwn(buf);
  }

  private addOwn(buf: Buffer): void {
    const own = this.own as OutputTail;
    own.push(buf);
    if (own.truncatedBytes > 0) {
      this.ownChunks = [];
      this.ownSize = 0;
      return;
    }
    this.ownChunks.push(buf);
    this.ownSize += buf.length;
  }

  /**
   * A stream collecting its own bytes checks the outputs catalogued since it last looked: one that
   * starts with everything received so far becomes its candidate, and the bytes kept are dropped.
   */
  private joinLate(): void {
    const entries = this.share.catalog.entries;
    if (entries.length === this.seen || (this.own as OutputTail).truncatedBytes > 0) return;
    const fresh = entries.slice(this.seen).filter((e) => e.bytes.length >= this.ownSize);
    this.seen = entries.length;
    if (fresh.length === 0) return;
    const sofar = Buffer.concat(this.ownChunks, this.ownSize);
    const still = fresh.filter((e) => e.bytes.compare(sofar, 0, sofar.length, 0, sofar.length) === 0);
    if (still.length === 0) return;
    this.candidates = still;
    this.matched = this.ownSize;
    this.own = null;
    this.ownChunks = [];
    this.ownSize = 0;
  }
}
