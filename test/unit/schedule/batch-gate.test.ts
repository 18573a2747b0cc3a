import { describe, expect, it } from 'vitest';
import type { HostSpec, Inventory } from '../../../src/inventory/types.js';
import { parsePlaybook, resolvePlays, runPlaybook } from '../../../src/playbook/index.js';
import { DEBIAN_FACTS, FakeTransport } from '../../helpers/fake-transport.js';

const spec = (name: string): HostSpec => ({ name, connection: 'ssh', address: `10.0.0.${name.length}`, port: 22, jump: [], become: false, groups: ['web'], vars: {} });

/** A Debian host that already has htop: `present: [htop]` has nothing to do. */
const debian = () =>
  new FakeTransport((line) => {
    if (line.includes('@@os-release')) return { stdout: DEBIAN_FACTS };
    if (line.includes('dpkg-query')) return { stdout: 'htop\t3.2.2-2\tamd64\tii \n' };
    return { code: 127, stderr: `unexpected: ${line}` };
  });

describe("the playbook runner's batch gate (a scheduled run's maintenance window)", () => {
  it('no batch begins once the gate says no; its hosts are skipped with the reason', async () => {
    const pb = parsePlaybook('- hosts: web\n  serial: 1\n  steps:\n    - present: [htop]\n', 'p.yml');
    const hosts = ['web1', 'web2', 'web3'].map(spec);
    const inventory: Inventory = { hosts, groups: new Map([['web', hosts.map((h) => h.name)]]), files: [] };
    let asked = 0;
    const started: string[] = [];
    const run = await runPlaybook(resolvePlays(pb, inventory, hosts), {
      forks: 1,
      transportFactory: (h) => {
        started.push(h.name);
        return debian();
      },
      commandTimeoutMs: 5000,
      lockTimeoutMs: 1000,
      check: false,
      // Open for the first batch, closed from the second on.
      batchGate: () => (++asked === 1 ? null : 'the maintenance window 02:00+1h (UTC) has closed'),
    });
    expect(started).toEqual(['web1']);
    expect(run.result.hosts.map((h) => [h.host, h.status])).toEqual([
      ['web1', 'ok'],
      ['web2', 'skipped'],
      ['web3', 'skipped'],
    ]);
    expect(run.result.hosts[1]!.error).toEqual({ kind: 'not-started', message: 'not started: the maintenance window 02:00+1h (UTC) has closed' });
    expect(asked).toBe(2); // once stopped, the gate is not asked again
  });
});
