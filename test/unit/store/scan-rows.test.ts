import { describe, expect, it } from 'vitest';
import { buildScanRows } from '../../../src/store/scan-rows.js';

describe('buildScanRows', () => {
  it('joins updates onto installed rows by name and arch', () => {
    const rows = buildScanRows(
      [
        { name: 'libc6', version: '2.36-9+deb12u7', arch: 'amd64' },
        { name: 'libc6', version: '2.36-9+deb12u7', arch: 'i386' },
        { name: 'bash', version: '5.2.15-2+b2', arch: 'amd64' },
      ],
      [{ name: 'libc6', from: '2.36-9+deb12u7', to: '2.36-9+deb12u9', arch: 'i386', security: true }],
    );
    expect(rows).toEqual([
      ['libc6', 'amd64', '2.36-9+deb12u7', null, null],
      ['libc6', 'i386', '2.36-9+deb12u7', '2.36-9+deb12u9', 1],
      ['bash', 'amd64', '5.2.15-2+b2', null, null],
    ]);
  });

  it('matches any arch when one side has none, and keeps every installed kernel', () => {
    const rows = buildScanRows(
      [
        { name: 'kernel-core', version: '5.14.0-427.el9', arch: 'x86_64' },
        { name: 'kernel-core', version: '5.14.0-503.el9', arch: 'x86_64' },
        { name: 'curl', version: '8.5.0-1' },
      ],
      [
        { name: 'curl', from: '8.5.0-1', to: '8.6.0-1', arch: 'x86_64' },
        { name: 'kernel-core', from: '5.14.0-503.el9', to: '5.14.0-570.el9' },
      ],
    );
    expect(rows).toEqual([
      ['kernel-core', 'x86_64', '5.14.0-427.el9', '5.14.0-570.el9', null],
      ['kernel-core', 'x86_64', '5.14.0-503.el9', '5.14.0-570.el9', null],
      ['curl', '', '8.5.0-1', '8.6.0-1', null],
    ]);
  });

  it('keeps an update for a package the scan did not list as a row of its own', () => {
    expect(
      buildScanRows([], [
        { name: 'linux-image-6.1.0-28-amd64', from: null, to: '6.1.119-1', security: false },
        { name: 'org.gnome.Calculator', from: '46.1', to: '47.0' },
      ]),
    ).toEqual([
      ['linux-image-6.1.0-28-amd64', '', '', '6.1.119-1', 0],
      ['org.gnome.Calculator', '', '46.1', '47.0', null],
    ]);
  });

  it('drops exact duplicates', () => {
    expect(buildScanRows([{ name: 'a', version: '1' }, { name: 'a', version: '1' }], [])).toEqual([['a', '', '1', null, null]]);
  });
});
