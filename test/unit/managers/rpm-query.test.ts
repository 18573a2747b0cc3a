import { describe, it, expect } from 'vitest';
import { findInstalledVersion, formatEvr, normalizeEvr, parseNevra, parseRpmQa } from '../../../src/managers/rpm-query.js';
import { parseTransactionTable } from '../../../src/managers/rpm-dnf-table.js';

describe('rpm version text', () => {
  it('writes [E:]V-R with the epoch only when it is not zero', () => {
    expect(formatEvr('0', '1.0', '1')).toBe('1.0-1');
    expect(formatEvr('2', '1.0', '1.fc39')).toBe('2:1.0-1.fc39');
    expect(formatEvr('(none)', '1.0', '1')).toBe('1.0-1');
    expect(formatEvr(null, '1.0', '1')).toBe('1.0-1');
    expect(normalizeEvr('0:1.0.7-6.fc44')).toBe('1.0.7-6.fc44');
    expect(normalizeEvr('1:1.9.2-1')).toBe('1:1.9.2-1');
  });

  it('splits NEVRA strings; names keep their dashes, epochs stay whole', () => {
    expect(parseNevra('qux-2:1.0-1.fc39.x86_64')).toEqual({ name: 'qux', evr: '2:1.0-1.fc39', arch: 'x86_64' });
    expect(parseNevra('kernel-headers-3.10.0-123.1.2.el7.x86_64')).toEqual({ name: 'kernel-headers', evr: '3.10.0-123.1.2.el7', arch: 'x86_64' });
    expect(parseNevra('python3-incremental-0:24.7.2-1.fc41.noarch')).toEqual({ name: 'python3-incremental', evr: '24.7.2-1.fc41', arch: 'noarch' });
    expect(parseNevra('Important/Sec.')).toBeNull();
    expect(parseNevra('RHSA-2019:1884')).toBeNull();
  });

  it('skips malformed rpm -qa lines', () => {
    expect(parseRpmQa('bash\t0\t5.2\t1\tx86_64\ngarbage\n\n')).toEqual([{ name: 'bash', version: '5.2-1', arch: 'x86_64' }]);
  });

  it('picks the newest installed version of a multi-version package, same arch first', () => {
    const installed = [
      { name: 'kernel', version: '5.14.0-362.8.1.el9_3', arch: 'x86_64' },
      { name: 'kernel', version: '5.14.0-427.13.1.el9_4', arch: 'x86_64' },
      { name: 'glibc', version: '2.34-100.el9', arch: 'i686' },
      { name: 'glibc', version: '2.34-99.el9', arch: 'x86_64' },
    ];
    expect(findInstalledVersion(installed, 'kernel', 'x86_64')).toBe('5.14.0-427.13.1.el9_4');
    expect(findInstalledVersion(installed, 'glibc', 'x86_64')).toBe('2.34-99.el9');
    expect(findInstalledVersion(installed, 'glibc', 'noarch')).toBe('2.34-100.el9');
    expect(findInstalledVersion(installed, 'nothere')).toBeNull();
  });
});

// Layouts not reproducible with the tools on this machine, written after the printing code
// (dnf4/yum wrap a name wider than its column when stdout is a terminal; dnf5 on a narrow
// terminal prints the old version on a tree child line with only the changed cells).
describe('transaction table layouts', () => {
  const installed = [{ name: 'pipewire-jack-audio-connection-kit', version: '1.0.5-1.fc41', arch: 'x86_64' }];

  it('joins a wrapped name with the row below it', () => {
    const table = [
      'Upgrading:',
      ' pipewire-jack-audio-connection-kit',
      '                               x86_64 1.0.6-1.fc41           rawhide    16 k',
      '',
      'Transaction Summary',
    ].join('\n');
    expect(parseTransactionTable(table, installed)).toEqual([
      { name: 'pipewire-jack-audio-connection-kit', action: 'upgrade', from: '1.0.5-1.fc41', to: '1.0.6-1.fc41', arch: 'x86_64', repo: 'rawhide' },
    ]);
  });

  it('ignores dnf5 tree child rows and takes the from-version from the installed list', () => {
    const table = [
      'Package                              Arch   Version       Repository      Size',
      'Upgrading:',
      ' pipewire-jack-audio-connection-kit  x86_64 1.0.6-1.fc41  updates     16.0 KiB',
      '  `-                                        1.0.5-1.fc41  fedora      16.0 KiB',
      '',
      'Transaction Summary:',
    ].join('\n');
    expect(parseTransactionTable(table, installed)).toEqual([
      { name: 'pipewire-jack-audio-connection-kit', action: 'upgrade', from: '1.0.5-1.fc41', to: '1.0.6-1.fc41', arch: 'x86_64', repo: 'updates' },
    ]);
  });

  it('lists nothing for sections that are not changes, and stops at the summary', () => {
    const table = ['Skipping packages with broken dependencies:', ' foo  noarch  1.0-1  base  1 k', 'Transaction Summary', 'Installing:', ' bar noarch 1-1 base 1 k'].join('\n');
    expect(parseTransactionTable(table, [])).toEqual([]);
  });
});
