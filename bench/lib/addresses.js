// Which loopback address and inventory name each benchmark host gets.
// Host i (0-based) lives at 127.0.(10 + i div 250).(1 + i mod 250): 127.0.10.1 … 127.0.13.250 for 1000
// hosts. 127.0.0.x is left alone (other sshd / lab hosts may use it).

const PER_OCTET = 250;
const FIRST_OCTET = 10;

export function addressFor(index) {
  const third = FIRST_OCTET + Math.floor(index / PER_OCTET);
  if (third > 254) throw new Error(`too many hosts: ${index + 1}`);
  return `127.0.${third}.${1 + (index % PER_OCTET)}`;
}

export function hostNameFor(index) {
  return `h${String(index + 1).padStart(4, '0')}`;
}

/** The first `count` benchmark hosts: [{ name, address, port }]. */
export function makeHosts(count, port) {
  return Array.from({ length: count }, (_, i) => ({ name: hostNameFor(i), address: addressFor(i), port }));
}

/** How known_hosts and pssh spell a host: plain address on port 22, `[addr]:port` otherwise. */
export function knownHostsName(address, port) {
  return port === 22 ? address : `[${address}]:${port}`;
}
