import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintSha256, keyTypeOf } from '../../../src/remote/host-key.js';
import { hashHostToken, hostToken, matchPatternList, matchWildcard } from '../../../src/remote/host-pattern.js';
import { knownKeyTypes, lookupHostKey, parseKnownHosts } from '../../../src/remote/known-hosts.js';
import { generateKey } from './helpers/ssh-test-server.js';

function keyOf(line: string): { type: string; base64: string } {
  const [type, base64] = line.split(' ');
  return { type: type as string, base64: base64 as string };
}

const A = keyOf(generateKey().public);
const B = keyOf(generateKey().public);
const C = keyOf(generateKey().public);
const line = (hosts: string, k: { type: string; base64: string }): string => `${hosts} ${k.type} ${k.base64}`;

describe('host key helpers', () => {
  it('reads the key type from the wire blob and fingerprints like ssh-keygen -l', () => {
    const blob = Buffer.from(A.base64, 'base64');
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1]))).toBeNull();
    expect(fingerprintSha256(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('host patterns', () => {
  it('names non-22 ports [host]:port and lowercases', () => {
    expect(hostToken('Web1.Example.COM', 22)).toBe('web1.example.com');
    expect(hostToken('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('matches * and ? wildcards', () => {
    expect(matchWildcard('*.example.com', 'web.example.com')).toBe(true);
    expect(matchWildcard('*.example.com', 'example.com')).toBe(false);
    expect(matchWildcard('10.0.0.?', '10.0.0.7')).toBe(true);
    expect(matchWildcard('10.0.0.?', '10.0.0.17')).toBe(false);
    expect(matchWildcard('[*]:2222', '[db]:2222')).toBe(true);
    expect(matchWildcard('a*b*c', 'aXXbYYc')).toBe(true);
    expect(matchWildcard('a*b*c', 'aXXbYY')).toBe(false);
  });

  it('lets a negated pattern veto the line', () => {
    expect(matchPatternList(['*.example.com', '!bad.example.com'], 'good.example.com')).toBe(true);
    expect(matchPatternList(['*.example.com', '!bad.example.com'], 'bad.example.com')).toBe(false);
    expect(matchPatternList(['!bad.example.com'], 'other')).toBe(false);
  });
});

describe('parseKnownHosts + lookupHostKey', () => {
  it('finds a plain entry in a comma-separated host list', () => {
    const { entries } = parseKnownHosts(`# comment\n\n${line('web1,10.0.0.5', A)}\n`, 'kh');
    const hit = lookupHostKey(entries, '10.0.0.5', 22, A);
    expect(hit.status).toBe('match');
    expect(hit.entry).toMatchObject({ file: 'kh', line: 3 });
    expect(lookupHostKey(entries, 'web1', 22, B).status).toBe('mismatch');
    expect(lookupHostKey(entries, 'web2', 22, A).status).toBe('unknown');
  });

  it('keeps [host]:port entries apart from port 22', () => {
    const { entries } = parseKnownHosts(line('[db]:2222', A), 'kh');
    expect(lookupHostKey(entries, 'db', 2222, A).status).toBe('match');
    expect(lookupHostKey(entries, 'db', 22, A).status).toBe('unknown');
    expect(lookupHostKey(entries, 'db', 2223, A).status).toBe('unknown');
  });

  it('matches hashed entries (HMAC-SHA1 of the host token)', () => {
    const salt = randomBytes(20);
    const text = [line(hashHostToken('[db.example.com]:2222', salt), A), line(hashHostToken('web', randomBytes(20)), B)].join('\n');
    const { entries } = parseKnownHosts(text, 'kh');
    expect(entries).toHaveLength(2);
    expect(lookupHostKey(entries, 'db.example.com', 2222, A).status).toBe('match');
    expect(lookupHostKey(entries, 'DB.example.com', 2222, A).status).toBe('match');
    expect(lookupHostKey(entries, 'db.example.com', 22, A).status).toBe('unknown');
    expect(lookupHostKey(entries, 'web', 22, C).status).toBe('mismatch');
  });

  it('computes the same HMAC as an independent implementation', () => {
    // python3: hmac.new(bytes([7]*20), b'web', hashlib.sha1).hexdigest()
    const { entries } = parseKnownHosts(line(hashHostToken('web', Buffer.alloc(20, 7)), A), 'kh');
    expect(entries[0]?.hashed?.hash.toString('hex')).toBe('335aef242b73fecb6028cd917829ecb26ac717fd');
  });

  it.skipIf(!existsSync('/usr/bin/ssh-keygen'))('reads a file hashed by the real ssh-keygen -H', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkgfleet-kh-'));
    try {
      const file = join(dir, 'known_hosts');
      writeFileSync(file, `${line('web.lab', A)}\n${line('[10.1.2.3]:2222', B)}\n`);
      const r = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('web.lab');
      const { entries } = parseKnownHosts(text, file);
      expect(entries.every((e) => e.hashed !== null)).toBe(true);
      expect(lookupHostKey(entries, 'web.lab', 22, A).status).toBe('match');
      expect(lookupHostKey(entries, '10.1.2.3', 2222, B).status).toBe('match');
      expect(lookupHostKey(entries, '10.1.2.3', 2222, A).status).toBe('mismatch');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies wildcard and negated patterns', () => {
    const { entries } = parseKnownHosts(line('*.lab,!evil.lab', A), 'kh');
    expect(lookupHostKey(entries, 'web.lab', 22, A).status).toBe('match');
    expect(lookupHostKey(entries, 'evil.lab', 22, A).status).toBe('unknown');
  });

  it('refuses a @revoked key even when another line accepts it', () => {
    const { entries } = parseKnownHosts([line('web', A), `@revoked ${line('*', A)}`].join('\n'), 'kh');
    const hit = lookupHostKey(entries, 'web', 22, A);
    expect(hit.status).toBe('revoked');
    expect(hit.entry?.line).toBe(2);
  });

  it('ignores @cert-authority lines with a note', () => {
    const { entries } = parseKnownHosts(`@cert-authority ${line('*.lab', A)}`, 'kh');
    const hit = lookupHostKey(entries, 'web.lab', 22, A);
    expect(hit.status).toBe('unknown');
    expect(hit.notes[0]).toMatch(/kh:1: @cert-authority entries are not supported/);
  });

  it('skips malformed lines with a note, keeps the rest', () => {
    const text = ['garbage', `web ssh-ed25519 ${B.base64.slice(0, 10)}`, `@weird ${line('x', A)}`, line('ok', A)].join('\n');
    const parsed = parseKnownHosts(text, 'kh');
    expect(parsed.entries.map((e) => e.line)).toEqual([4]);
    expect(parsed.notes).toHaveLength(3);
  });

  it('lists the key types known for a host', () => {
    const { entries } = parseKnownHosts([line('web', A), line('web', B), line('other', C)].join('\n'), 'kh');
    expect(knownKeyTypes(entries, 'web', 22)).toEqual(['ssh-ed25519']);
    expect(knownKeyTypes(entries, 'nope', 22)).toEqual([]);
  });
});
