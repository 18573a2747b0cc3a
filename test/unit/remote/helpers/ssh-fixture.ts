import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSpec } from '../../../../src/inventory/types.js';
import type { TransportContext } from '../../../../src/remote/context.js';
import { generateKey, type TestKeyPair, type TestServer } from './ssh-test-server.js';

/** A temp HOME (empty ~/.ssh), a client key on disk and a known_hosts file for one test. */
export interface SshFixture {
  dir: string;
  home: string;
  key: TestKeyPair;
  keyFile: string;
  knownHosts: string;
  warnings: string[];
  /** Records the server's host key for 127.0.0.1:port in the fixture's known_hosts. */
  trust(server: TestServer, host?: string): void;
  host(server: TestServer, extra?: Partial<HostSpec>): HostSpec;
  ctx(extra?: TransportContext): TransportContext;
  cleanup(): void;
}

export function createSshFixture(): SshFixture {
  const dir = mkdtempSync(join(tmpdir(), 'pkgfleet-ssh-'));
  const home = join(dir, 'home');
  const key = generateKey();
  const keyFile = join(dir, 'id_test');
  writeFileSync(keyFile, key.private, { mode: 0o600 });
  const knownHosts = join(dir, 'known_hosts');
  const warnings: string[] = [];
  return {
    dir,
    home,
    key,
    keyFile,
    knownHosts,
    warnings,
    trust(server, host = '127.0.0.1') {
      writeFileSync(knownHosts, `[${host}]:${server.port} ${server.hostKeyLine}\n`, { flag: 'a' });
    },
    host(server, extra = {}) {
      return {
        name: 'test',
        connection: 'ssh',
        address: '127.0.0.1',
        port: server.port,
        user: 'alice',
        keyFile,
        jump: [],
        become: false,
        knownHostsFile: knownHosts,
        groups: [],
        vars: {},
        ...extra,
      };
    },
    ctx(extra = {}) {
      return {
        homeDir: home,
        agentSocket: null,
        onWarning: (m: string) => warnings.push(m),
        connectTimeoutMs: 3000,
        ...extra,
      };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
