import { StringDecoder } from 'node:string_decoder';
import type { TransportExecResult } from './transport.js';
import type { SharedOutput } from './output-catalog.js';
import { monotonicMs } from '../util/clock.js';

/** Default cap per stream: package manager output is rarely over a few hundred KB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * Collects one output stream, keeping only the LAST maxBytes (the end of a failing command's
 * output is what explains it) and counting what was dropped. Live callbacks see everything.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private droppedBytes = 0;
  private readonly live?: StringDecoder;

  constructor(
    private readonly maxBytes: number = DEFAULT_MAX_OUTPUT_BYTES,
    private readonly onChunk?: (text: string) => void,
  ) {
    if (onChunk) this.live = new StringDecoder('utf8');
  }

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.live && this.onChunk) {
      const text = this.live.write(buf);
      if (text) this.onChunk(text);
    }
    this.chunks.push(buf);
    this.size += buf.length;
    while (this.size > this.maxBytes && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.maxBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.droppedBytes += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.droppedBytes += excess;
      }
    }
  }

  get truncatedBytes(): number {
    return this.droppedBytes;
  }

  /** Bytes kept now. */
  get keptBytes(): number {
    return this.size;
  }

  /** The kept bytes, as one buffer. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  /** The kept text; after truncation a split UTF-8 sequence at the start is dropped. */
  text(): string {
    if (this.live && this.onChunk) {
      const rest = this.live.end();
      if (rest) this.onChunk(rest);
    }
    let buf = this.bytes();
    if (this.droppedBytes > 0) {
      let start = 0;
      while (start < buf.length && start < 3 && ((buf[start] as number) & 0xc0) === 0x80) start++;
      buf = buf.subarray(start);
    }
    return buf.toString('utf8');
  }

  /** What a transport returns of its stdout (SharedOutput has the same method, with a split). */
  result(): { stdout: string } {
    return { stdout: this.text() };
  }
}

/**
 * A transport's result from its two collected streams (`truncated` only when something was
 * dropped). A SharedOutput's shared part, when it has a split line, goes apart into `stdoutRest`.
 */
export function collectedResult(
  stdout: OutputTail | SharedOutput,
  stderr: OutputTail,
  code: number | null,
  signal: string | null,
  startedMs: number,
): TransportExecResult {
  const r: TransportExecResult = {
    code,
    signal,
    ...stdout.result(),
    stderr: stderr.text(),
    durationMs: Math.round(monotonicMs() - startedMs),
  };
  if (stdout.truncatedBytes || stderr.truncatedBytes) r.truncated = { stdout: stdout.truncatedBytes, stderr: stderr.truncatedBytes };
  return r;
}
