// An in-process SSH server on 127.0.0.1 for the transport tests. It authenticates one public
// key (or a password) and runs a tiny scripted command language instead of a shell:
//   echo TEXT | stderr TEXT | exit N | cat (echoes stdin) | sleep (never ends) |
//   big N (N bytes of 'x' then "END\n") | drop (output, then the TCP socket is destroyed) |
//   killsig (ends by signal KILL) | freeze (the server stops reading the connection: a dead
//   peer that never answers keepalives) | anything else: exit 127.
import { connect as netConnect, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey, ServerChannel } from 'ssh2';

export interface TestKeyPair {
  private: string;
  public: string;
}

// ssh2's generateKeyPairSync('ed25519') writes a key its own parser rejects ("Malformed
// OpenSSH private key") about 4 times in 1000 (measured here on 3000 keys), which made the
// suite fail at random. Generate until the key parses.
export function generateKey(passphrase?: string): TestKeyPair {
  const opts = passphrase ? { passphrase, cipher: 'aes256-ctr', rounds: 4 } : undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const k = ssh2.utils.generateKeyPairSync('ed25519', opts as never);
    if (!(ssh2.utils.parseKey(k.private, passphrase) instanceof Error)) {
      return { private: k.private, public: k.public };
    }
  }
  throw new Error('ssh2 could not generate a parseable ed25519 key in 20 attempts');
}

export interface TestServerOptions {
  /** Public key lines (`ssh-ed25519 AAAA...`) accepted for publickey auth. */
  authorizedKeys?: string[];
  /** Accepted password (password auth offered only when set). */
  password?: string;
  /** Allow direct-tcpip forwarding (for jump host tests). */
  allowForwarding?: boolean;
}

export interface TestServer {
  port: number;
  /** The host key as known_hosts writes it: `ssh-ed25519 AAAA...`. */
  hostKeyLine: string;
  connections: number;
  authenticated: number;
  authMethods: string[];
  execs: string[];
  /** Lines whose channel was closed by the client before the command ended. */
  closedEarly: string[];
  signals: string[];
  stdinSeen: string[];
  forwards: string[];
  /** Resolves when `pred` holds (polled), or rejects after `ms`. */
  waitFor(pred: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function publicKeyMatches(allowed: ParsedKey[], ctx: ssh2.PublicKeyAuthContext): boolean {
  return allowed.some(
    (k) =>
      k.type === ctx.key.algo &&
      k.getPublicSSH().equals(ctx.key.data) &&
      (!ctx.signature || !ctx.blob || k.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true),
  );
}

function runScript(conn: Connection, line: string, stream: ServerChannel, state: TestServer): void {
  const [cmd, ...rest] = line.split(' ');
  const arg = rest.join(' ');
  let ended = false;
  const finish = (code: number): void => {
    ended = true;
    stream.exit(code);
    stream.end();
  };
  stream.on('close', () => {
    if (!ended) state.closedEarly.push(line);
  });
  // Drain stdin (cat reads it below) so the channel's 'end' and then 'close' are emitted.
  if (cmd !== 'cat') stream.resume();
  switch (cmd) {
    case 'echo':
      stream.write(`${arg}\n`);
      return finish(0);
    case 'stderr':
      stream.stderr.write(`${arg}\n`);
      return finish(1);
    case 'exit':
      return finish(Number(arg));
    case 'cat': {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        state.stdinSeen.push(text);
        stream.write(text);
        finish(0);
      });
      return;
    }
    case 'sleep':
      return;
    case 'big':
      stream.write('x'.repeat(Number(arg)));
      stream.write('END\n');
      return finish(0);
    case 'drop':
      stream.write('partial output\n', () => {
        setTimeout(() => (conn as unknown as { _sock: Socket })._sock.destroy(), 20);
      });
      return;
    case 'freeze':
      (conn as unknown as { _sock: Socket })._sock.pause();
      return;
    case 'killsig':
      ended = true;
      stream.exit('KILL', false, 'killed');
      stream.end();
      return;
    default:
      return finish(127);
  }
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const hostKey = generateKey();
  const allowed = (opts.authorizedKeys ?? []).map((line) => {
    const k = ssh2.utils.parseKey(line);
    if (k instanceof Error || Array.isArray(k)) throw new Error('bad authorized key');
    return k;
  });
  const conns = new Set<Connection>();
  const state: TestServer = {
    port: 0,
    hostKeyLine: hostKey.public.split(' ').slice(0, 2).join(' '),
    connections: 0,
    authenticated: 0,
    authMethods: [],
    execs: [],
    closedEarly: [],
    signals: [],
    stdinSeen: [],
    forwards: [],
    waitFor: async (pred, ms = 3000) => {
      const until = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > until) throw new Error('waitFor timed out');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      for (const c of conns) {
        c.end();
        // a frozen (paused) connection never reads the client's EOF: cut it
        (c as unknown as { _sock: Socket })._sock.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const methods = [...(allowed.length ? ['publickey'] : []), ...(opts.password ? ['password'] : [])];
  // ssh2's server drops channel requests that arrive after exec started, so signal requests
  // are read from its protocol debug output instead.
  const debug = (msg: string): void => {
    const m = /CHANNEL_REQUEST \(r:\d+, signal: ([A-Z0-9]+)\)/.exec(msg);
    if (m?.[1]) state.signals.push(m[1]);
  };
  const server = new ssh2.Server({ hostKeys: [hostKey.private], debug }, (conn) => {
    state.connections++;
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', (ctx) => {
      state.authMethods.push(ctx.method);
      if (ctx.method === 'publickey' && publicKeyMatches(allowed, ctx)) return ctx.accept();
      if (ctx.method === 'password' && opts.password && ctx.password === opts.password) return ctx.accept();
      ctx.reject(methods as ssh2.AuthenticationType[]);
    });
    conn.on('ready', () => {
      state.authenticated++;
      conn.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          state.execs.push(info.command);
          runScript(conn, info.command, acceptExec(), state);
        });
      });
      conn.on('tcpip', (acceptFwd, rejectFwd, info) => {
        if (!opts.allowForwarding) return rejectFwd();
        state.forwards.push(`${info.destIP}:${info.destPort}`);
        const upstream = netConnect(info.destPort, info.destIP);
        upstream.on('error', () => undefined);
        upstream.on('connect', () => {
          const ch = acceptFwd();
          ch.pipe(upstream).pipe(ch);
        });
        upstream.on('error', () => rejectFwd());
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as { port: number }).port;
  return state;
}
