import type { HostSpec } from '../inventory/types.js';
import type { TransportContext } from './context.js';
import { LocalTransport } from './local-transport.js';
import { SshTransport } from './ssh-transport.js';
import type { Transport } from './transport.js';

/** The transport for a host: `connection: local` runs on this machine, everything else over SSH. */
export function createTransport(host: HostSpec, ctx: TransportContext = {}): Transport {
  if (host.connection === 'local') {
    return new LocalTransport(ctx.maxOutputBytes !== undefined ? { maxOutputBytes: ctx.maxOutputBytes } : {});
  }
  return new SshTransport(host, ctx);
}
