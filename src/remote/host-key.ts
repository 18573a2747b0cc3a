import { createHash } from 'node:crypto';

/**
 * Reads the key type (the first SSH string) of a public key in SSH wire format, the same
 * bytes that known_hosts stores base64-encoded. Returns null for a malformed blob.
 */
export function keyTypeOf(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return null;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}

/** OpenSSH's fingerprint form: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A public key as known_hosts writes it: type plus base64 blob. */
export interface PublicKeyText {
  type: string;
  base64: string;
}

export function describeKey(key: PublicKeyText): string {
  return `${key.type} ${fingerprintSha256(Buffer.from(key.base64, 'base64'))}`;
}

/**
 * Host key algorithms to offer first for a known key type, so a server holding several host
 * keys presents the one we already know (as OpenSSH orders HostKeyAlgorithms).
 */
export function algorithmsForKeyType(type: string): string[] {
  switch (type) {
    case 'ssh-rsa':
      return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
    case 'ssh-ed25519':
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521':
      return [type];
    default:
      return [];
  }
}
