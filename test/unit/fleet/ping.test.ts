import { describe, it, expect } from 'vitest';
import { executePackageOperation, Operation } from '../../../src/index.js';
import { renderSummary } from '../../../src/report/summary.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import { FakeTransport } from '../../helpers/fake-transport.js';

const spec = (name: string, user: string, become: boolean): HostSpec => ({
  name, connection: 'ssh', address: `10.0.0.${name.length}`, port: 22, user, jump: [], become, groups: [], vars: {},
});

describe('pkgfleet ping', () => {
  it('runs `true` and nothing else: no fact gathering, no guard, sudo only for a non-root login with become', async () => {
    const transports = new Map<string, FakeTransport>();
    const hosts = [spec('alice-become', 'alice', true), spec('root-become', 'root', true), spec('alice', 'alice', false)];
    const result = await executePackageOperation(Operation.Ping, [], {
      hosts,
      transportFactory: (h) => {
        const t = new FakeTransport(() => ({}));
        transports.set(h.name, t);
        return t;
      },
    });
    expect(result.operation).toBe('ping');
    expect(result.counts.ok).toBe(3);
    expect(transports.get('alice-become')!.lines).toEqual(['sudo -n -- true']);
    expect(transports.get('root-become')!.lines).toEqual(['true']);
    expect(transports.get('alice')!.lines).toEqual(['true']);
    expect(result.hosts.map((h) => h.messages)).toEqual([['[PKG] pong (sudo works)'], ['[PKG] pong'], ['[PKG] pong']]);
    const text = renderSummary(result);
    expect(text).toMatch(/^OK 3 hosts: alice-become, root-become, alice$/m);
    expect(text).toMatch(/answered in \d+ ms \(fastest\), \d+ ms \(median\), \d+ ms \(slowest: [a-z-]+\), login included/);
  });

  it('fails the host when sudo refuses, and when the command does not run', async () => {
    const result = await executePackageOperation(Operation.Ping, [], {
      hosts: [spec('nosudo', 'bob', true), spec('broken', 'bob', false)],
      transportFactory: (h) =>
        new FakeTransport(() =>
          h.name === 'nosudo' ? { code: 1, stderr: 'sudo: a password is required\n' } : { code: 126, stderr: 'sh: true: Permission denied\n' },
        ),
    });
    expect(result.hosts[0]).toMatchObject({ status: 'failed', error: { kind: 'become' } });
    expect(result.hosts[1]).toMatchObject({ status: 'failed', error: { kind: 'command', message: '`true` exited with 126' } });
    expect(renderSummary(result)).not.toContain('answered in');
  });
});
