// Which IPv4 address:port pairs are in LISTEN state, read from /proc/net/tcp (no external tool).
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/** /proc/net/tcp prints the address as the host-order hex of the network-order bytes. */
function decodeAddress(hex) {
  const [ip, port] = hex.split(':');
  // On a little-endian machine the bytes come out reversed: 0100007F = 127.0.0.1.
  const bytes = [...Buffer.from(ip, 'hex')].reverse();
  return `${bytes.join('.')}:${parseInt(port, 16)}`;
}

export function listeningSockets() {
  const out = new Set();
  const lines = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length > 3 && f[3] === LISTEN) out.add(decodeAddress(f[1]));
  }
  return out;
}
