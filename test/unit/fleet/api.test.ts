import { describe, it, expect } from 'vitest';
import { executePackageOperation, Operation } from '../../../src/index.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import { FakeTransport, DEBIAN_FACTS } from '../../helpers/fake-transport.js';

const host: HostSpec = { name: 'web1', connection: 'ssh', address: '10.0.0.1', port: 22, jump: [], become: true, groups: [], vars: {} };

/** A Debian host whose dpkg database gains htop once apt-get install has run. */
function debianHost() {
  let installed = false;
  const t = new FakeTransport((line) => {
    if (line.includes('@@os-release')) return { stdout: DEBIAN_FACTS };
    if (line.includes('dpkg-query')) {
      return { stdout: `bash\t5.2.15-2+b7\tamd64\tii \n${installed ? 'htop\t3.2.2-2\tamd64\tii \n' : ''}` };
    }
    if (line.includes('apt-get') && line.includes(' install ')) {
      if (!line.includes(' -s ')) installed = true;
      return { stdout: 'Inst htop (3.2.2-2 Debian:12.8/stable [amd64])\nConf htop (3.2.2-2 Debian:12.8/stable [amd64])\n' };
    }
    if (line.includes('reboot-required')) return { code: 1 };
    return { code: 127, stderr: `unexpected: ${line}` };
  });
  return t;
}

describe('library API: executePackageOperation(Operation.Install, "htop", options)', () => {
  it('returns the typed fleet result with the real change and the seed log line', async () => {
    const t = debianHost();
    const result = await executePackageOperation(Operation.Install, 'htop', { hosts: [host], transportFactory: () => t });
    expect(result).toMatchObject({ schemaVersion: 1, operation: 'install', check: false, counts: { changed: 1 } });
    const h = result.hosts[0]!;
    expect(h).toMatchObject({ host: 'web1', status: 'changed', manager: 'apt' });
    expect(h.changes).toEqual([{ name: 'htop', action: 'install', from: null, to: '3.2.2-2', arch: 'amd64', manager: 'apt' }]);
    expect(h.messages).toContain("[PKG] Selected Apt as active package manager");
    expect(h.messages).toContain("[PKG] Package 'htop' installed successfully");
    // the install ran through sudo -n (become, non-root login), the listing did not
    expect(t.lines.some((l) => l.startsWith('sudo -n -- sh -c ') && l.includes('apt-get') && l.includes('htop'))).toBe(true);
    expect(t.lines.filter((l) => l.includes('dpkg-query')).every((l) => !l.startsWith('sudo'))).toBe(true);
  });

  it('check mode simulates (apt-get -s) and installs nothing', async () => {
    const t = debianHost();
    const result = await executePackageOperation(Operation.Install, ['htop'], { hosts: [host], check: true, transportFactory: () => t });
    expect(result.check).toBe(true);
    expect(result.hosts[0]!.changes).toEqual([expect.objectContaining({ name: 'htop', action: 'install', from: null, to: '3.2.2-2' })]);
    const installs = t.lines.filter((l) => l.includes('apt-get') && l.includes(' install '));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain(' -s ');
  });

  it('refuses hostile input before any host is contacted', async () => {
    let created = 0;
    await expect(
      executePackageOperation(Operation.Install, 'htop; rm -rf /', { hosts: [host], transportFactory: () => { created++; return debianHost(); } }),
    ).rejects.toThrow(/invalid package/);
    expect(created).toBe(0);
  });
});
