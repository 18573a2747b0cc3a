import type { HostKeyPolicy } from '../inventory/types.js';
import { describeKey, keyTypeOf, type PublicKeyText } from './host-key.js';
import { hostToken } from './host-pattern.js';
import { appendKnownHostLine, formatKnownHostLine, withFileMutex } from './known-hosts-append.js';
import { lookupHostKey, readKnownHosts, type HostKeyLookup } from './known-hosts.js';
import { readKnownHostsOnce, type KnownHostsCache, type KnownHostsView } from './known-hosts-cache.js';
import { quote } from './quote.js';

export interface HostKeyCheck {
  host: string;
  port: number;
  policy: HostKeyPolicy;
  /** known_hosts files consulted (the configured one(s) and ~/.ssh/known_hosts). */
  files: string[];
  /** Where accept-new records a new key; also named in the "how to add it" hint. */
  writeFile: string;
  /** Loud warnings (policy off, ignored entries, unreadable files); the runner logs them. */
  onWarning?: (message: string) => void;
  /** The run's parsed known_hosts files; without it every check reads and parses them again. */
  knownHosts?: KnownHostsCache;
}

/** The known_hosts lines this check consults (the configured files and the write file). */
export async function knownHostsOf(check: HostKeyCheck): Promise<KnownHostsView> {
  const files = [...check.files, check.writeFile];
  return check.knownHosts ? check.knownHosts.read(files) : readKnownHostsOnce(files);
}

export type HostKeyVerdict = { ok: true; added: boolean } | { ok: false; message: string };

function where(lookup: HostKeyLookup): string {
  return lookup.known.map((e) => `${e.file}:${e.line} (${describeKey(e.key)})`).join(', ');
}

function changedMessage(check: HostKeyCheck, presented: PublicKeyText, lookup: HostKeyLookup): string {
  const first = lookup.known[0];
  const token = hostToken(check.host, check.port);
  return (
    `HOST KEY CHANGED for ${check.host}:${check.port}: the server presented ${describeKey(presented)}, ` +
    `but the known key is ${where(lookup)}. Someone may be intercepting the connection ` +
    `(man-in-the-middle), or the host was reinstalled. If the change is expected, remove the old entry ` +
    `(ssh-keygen -R ${quote(token)} -f ${quote(first?.file ?? check.writeFile)}) and add the verified new key.`
  );
}

function unknownMessage(check: HostKeyCheck, presented: PublicKeyText): string {
  return (
    `Host key for ${check.host}:${check.port} is not known (server presented ${describeKey(presented)}); ` +
    `host key policy is strict. Verify this fingerprint with the host's administrator, then add it: ` +
    `ssh-keyscan -p ${check.port} ${quote(check.host)} >> ${quote(check.writeFile)}`
  );
}

/**
 * Decides whether to trust the key a server presented (SSH wire-format blob), under the policy:
 * strict refuses unknown and changed keys; accept-new records an unknown key and refuses a
 * changed one; off accepts everything but revoked keys, with a warning. Revoked keys are
 * always refused. `read` is the known_hosts state read for this connection (read now if absent);
 * accept-new always reads the file again before it writes.
 */
export async function verifyHostKey(check: HostKeyCheck, blob: Buffer, read?: KnownHostsView): Promise<HostKeyVerdict> {
  const type = keyTypeOf(blob);
  const label = `${check.host}:${check.port}`;
  if (!type) return { ok: false, message: `${label} presented a malformed host key` };
  const presented: PublicKeyText = { type, base64: blob.toString('base64') };
  const known = read ?? (await knownHostsOf(check));
  for (const error of known.errors) check.onWarning?.(`known_hosts ${error}`);
  const lookup = lookupHostKey(known.entriesFor(check.host, check.port), check.host, check.port, presented);
  for (const note of lookup.notes) check.onWarning?.(note);

  if (lookup.status === 'revoked') {
    const e = lookup.entry;
    return {
      ok: false,
      message: `REVOKED host key for ${label}: ${describeKey(presented)} is marked @revoked at ${e?.file}:${e?.line}; refusing to connect.`,
    };
  }
  if (lookup.status === 'match') return { ok: true, added: false };
  if (check.policy === 'off') {
    const what = lookup.status === 'mismatch' ? changedMessage(check, presented, lookup) : unknownMessage(check, presented);
    check.onWarning?.(`HOST KEY CHECKING IS OFF for ${label}: accepted ${describeKey(presented)} without verification. ${what}`);
    return { ok: true, added: false };
  }
  if (lookup.status === 'mismatch') return { ok: false, message: changedMessage(check, presented, lookup) };
  if (check.policy === 'strict') return { ok: false, message: unknownMessage(check, presented) };
  return recordNewKey(check, presented);
}

/** accept-new: re-check under the file mutex (another connection may have just added it), then append. */
async function recordNewKey(check: HostKeyCheck, presented: PublicKeyText): Promise<HostKeyVerdict> {
  return withFileMutex(check.writeFile, async () => {
    const files = await readKnownHosts([...check.files, check.writeFile]);
    const again = lookupHostKey(files.entries, check.host, check.port, presented);
    if (again.status === 'match') return { ok: true, added: false } as const;
    if (again.status !== 'unknown') return { ok: false, message: changedMessage(check, presented, again) } as const;
    await appendKnownHostLine(check.writeFile, formatKnownHostLine(check.host, check.port, presented));
    check.onWarning?.(
      `Permanently added ${describeKey(presented)} for ${check.host}:${check.port} to ${check.writeFile} (accept-new)`,
    );
    return { ok: true, added: true } as const;
  });
}
