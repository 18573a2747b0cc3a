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
  /** The output up to the split line (all of it when the split never comes), capped like any output. */
  private readonly head: OutputTail;
  /** The head's last marker.length - 1 bytes, for a marker cut across two chunks. */
  private carry = Buffer.alloc(0);
  /** Offset in the head just past the marker, once it was seen (the split is at the next newline). */
  private markerEnd = -1;
  /** The head passed the cap before the split line: no split, the rest goes to the head too. */
  private gaveUp = false;
  /** Past the split: matching the catalog (candidates non-empty) or collecting its own bytes. */
  private split = false;
  private candidates: Entry[] = [];
  private matched = 0;
  /** How many catalog entries this stream has compared itself with (later ones are new to it). */
  private seen = 0;
  /** Its own bytes past the split, capped like any output. */
  private own: OutputTail | null = null;
  private readonly live?: StringDecoder;

  constructor(
    private readonly share: ShareOptions,
    private readonly maxBytes: number,
    private readonly onChunk?: (text: string) => void,
  ) {
    this.marker = share.after === undefined ? null : Buffer.from(share.after);
    this.head = new OutputTail(maxBytes);
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
    if (this.gaveUp) this.head.push(buf);
    else if (this.split) this.pushRest(buf);
    else this.pushHead(buf);
  }

  get truncatedBytes(): number {
    return this.head.truncatedBytes + (this.own?.truncatedBytes ?? 0);
  }

  /** Bytes this stream holds now (the head and its own part): none for the part matching the catalog. */
  get heldBytes(): number {
    return this.head.keptBytes + (this.own?.keptBytes ?? 0);
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
    return this.head.text();
  }

  /** The shared part (a catalogued string whenever one is equal), or undefined without a split. */
  rest(): string | undefined {
    if (!this.split) return undefined;
    const whole = this.candidates.find((e) => e.bytes.length === this.matched);
    if (whole) return whole.text;
    if (this.candidates.length > 0) this.diverge(Buffer.alloc(0));
    const own = this.own as OutputTail;
    return own.truncatedBytes > 0 ? own.text() : this.share.catalog.textOf(own.bytes());
  }

  private pushHead(buf: Buffer): void {
    const start = this.head.keptBytes;
    const marker = this.marker as Buffer;
    if (this.markerEnd < 0) {
      const window = this.carry.length > 0 ? Buffer.concat([this.carry, buf]) : buf;
      const at = window.indexOf(marker);
      if (at >= 0) this.markerEnd = start - this.carry.length + at + marker.length;
      else this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (marker.length - 1))));
    }
    const nl = this.markerEnd < 0 ? -1 : buf.indexOf(0x0a, Math.max(0, this.markerEnd - start));
    if (nl < 0) {
      this.head.push(buf);
      this.gaveUp = this.head.truncatedBytes > 0;
      return;
    }
    this.head.push(buf.subarray(0, nl + 1));
    this.startRest();
    if (nl + 1 < buf.length) this.pushRest(buf.subarray(nl + 1));
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
    (this.own as OutputTail).push(buf);
    this.joinLate();
  }

  /** The stream differs from every candidate: its matched part comes from one of them, then `buf`. */
  private diverge(buf: Buffer): void {
    const from = this.candidates[0] as Entry;
    this.candidates = [];
    this.own = new OutputTail(this.maxBytes);
    if (this.matched > 0) this.own.push(from.bytes.subarray(0, this.matched));
    this.matched = 0;
    if (buf.length > 0) this.own.push(buf);
  }

  /**
   * A stream collecting its own bytes checks the outputs catalogued since it last looked: one that
   * starts with everything received so far becomes its candidate, and the bytes kept are dropped.
   */
  private joinLate(): void {
    const own = this.own as OutputTail;
    const entries = this.share.catalog.entries;
    if (entries.length === this.seen || own.truncatedBytes > 0) return;
    const size = own.keptBytes;
    const fresh = entries.slice(this.seen).filter((e) => e.bytes.length >= size);
    this.seen = entries.length;
    if (fresh.length === 0) return;
    const sofar = own.bytes();
    const still = fresh.filter((e) => e.bytes.compare(sofar, 0, size, 0, size) === 0);
    if (still.length === 0) return;
    this.candidates = still;
    this.matched = size;
    this.own = null;
  }
}
