import type { FleetEvent } from '../fleet/runner.js';

export interface Progress {
  onEvent(e: FleetEvent): void;
  end(): void;
}

/**
 * Live progress on stderr. On a TTY: one status line redrawn in place (done / running / failed,
 * and what the running hosts are doing), with failures and (with -v) [PKG] lines printed above
 * it. Not a TTY: plain lines, one per event worth reading.
 */
export function createProgress(total: number, opts: { tty: boolean; verbose: boolean; quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { onEvent: () => undefined, end: () => undefined };
  const running = new Map<string, string>();
  const counts = { done: 0, failed: 0, unreachable: 0, changed: 0 };
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;

  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    if (!opts.tty) return;
    const width = stream.columns ?? 100;
    const doing = [...running].slice(0, 3).map(([h, s]) => `${h}: ${s}`).join('; ');
    let line = `[${counts.done}/${total} done, ${running.size} running, ${counts.changed} changed, ${counts.failed} failed, ${counts.unreachable} unreachable] ${doing}`;
    if (line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  const print = (text: string) => {
    clear();
    stream.write(`${text}\n`);
    draw();
  };
  if (opts.tty) timer = setInterval(draw, 200);

  return {
    onEvent(e) {
      switch (e.type) {
        case 'start':
          running.set(e.host, 'connecting');
          break;
        case 'step':
          running.set(e.host, e.step);
          if (!opts.tty && opts.verbose) print(`${e.host} | ${e.step}`);
          break;
        case 'line':
          if (!opts.tty || opts.verbose) print(`${e.host} | ${e.line}`);
          break;
        case 'done': {
          const r = e.result;
          running.delete(r.host);
          counts.done++;
          if (r.status === 'failed') counts.failed++;
          if (r.status === 'unreachable') counts.unreachable++;
          if (r.status === 'changed') counts.changed++;
          const bad = r.status === 'failed' || r.status === 'unreachable';
          if (!opts.tty || bad || opts.verbose) {
            print(`${r.host}: ${r.status}${r.error ? ` (${r.error.kind}: ${r.error.message.split('\n')[0]})` : ''} in ${(r.durationMs / 1000).toFixed(1)}s`);
          }
          break;
        }
      }
    },
    end() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
