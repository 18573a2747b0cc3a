import type { Transport, ExecOptions } from '../../src/remote/transport.js';
import { ConnectError } from '../../src/remote/transport.js';
import type { ExecResult } from '../../src/managers/types.js';

export type Responder = (line: string, opts: ExecOptions | undefined) => Partial<ExecResult> | Promise<Partial<ExecResult>>;

/**
 * A scripted in-memory transport for runner tests: answers by what the command line contains,
 * never by call order. Records every line and stdin it received.
 */
export class FakeTransport implements Transport {
  readonly kind = 'ssh' as const;
  readonly lines: string[] = [];
  readonly stdins: Array<string | undefined> = [];
  connected = false;
  closed = false;
  constructor(
    private readonly respond: Responder,
    private readonly connectBehaviour: { fail?: ConnectError; delayMs?: number } = {},
  ) {}
  async connect(): Promise<void> {
    if (this.connectBehaviour.delayMs) await new Promise((r) => setTimeout(r, this.connectBehaviour.delayMs));
    if (this.connectBehaviour.fail) throw this.connectBehaviour.fail;
    this.connected = true;
  }
  async exec(line: string, opts?: ExecOptions): Promise<ExecResult> {
    this.lines.push(line);
    this.stdins.push(opts?.stdin);
    const r = await this.respond(line, opts);
    return { code: 0, signal: null, stdout: '', stderr: '', durationMs: 1, ...r };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export const DEBIAN_FACTS = [
  '@@os-release', 'ID=debian', 'VERSION_ID="12"', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  '@@uname', '6.1.0', '@@uid', '1000', '@@hostname', 'h', '@@bins', 'apt-get /usr/bin/apt-get', 'sudo /usr/bin/sudo',
  '@@links', '@@end', '',
].join('\n');
