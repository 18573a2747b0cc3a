import { describe, expect, it } from 'vitest';
import { loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { writeFiles } from './tmp-files.js';

// Guards against quadratic loading (it once took minutes for 10k hosts): 3000 hosts in
// one group must load well inside the test timeout even on a busy machine.
describe('a large inventory', () => {
  it('3000 Ansible hosts, each on its own line with vars, load and resolve', () => {
    const name = (i: number) => `web${String(i).padStart(4, '0')}.example.com`;
    const lines = ['all:', '  children:', '    web:', '      hosts:'];
    for (let i = 1; i <= 3000; i++) lines.push(`        ${name(i)}: { ansible_host: 10.1.${i >> 8}.${i & 255}, slot: ${i} }`);
    lines.push('    canary:', '      hosts:');
    for (let i = 1; i <= 3000; i += 100) lines.push(`        ${name(i)}: { ansible_port: 2200 }`);
    const dir = writeFiles({ 'big.yml': lines });
    const inv = loadInventory(['big.yml'], { cwd: dir, sshConfigPath: null, env: { HOME: dir } });
    expect(inv.hosts).toHaveLength(3000);
    expect(inv.hosts[100]).toMatchObject({ name: 'web0101.example.com', address: '10.1.0.101', port: 2200, vars: { slot: 101 } });
    expect(selectHosts(inv, 'web:!canary')).toHaveLength(2970);
  });
});
