import { describe, expect, it } from 'vitest';
import { compareApkVersions, isValidApkVersion } from '../../../src/managers/version/apk.js';

// apk cannot run on this Debian machine. The expected answers are apk-tools' own test data
// (alpinelinux/apk-tools test/version.data and, for ~hash and validity rows, the newer
// test/unit/version.data), copied row by row: `A op B` where op is what `apk version -t A B` prints.
const UPSTREAM_ROWS = `
2.34 > 0.1.0_alpha
23_foo > 4_beta
1.0 < 1.0bc
0.1.0_alpha = 0.1.0_alpha
0.1.0_alpha < 0.1.3_alpha
0.1.0_alpha2 > 0.1.0_alpha
0.1.0_alpha < 2.2.39-r1
1.0.4-r3 < 1.0.4-r4
1.0.4-r4 < 1.6
1.1 > 1.1_alpha1
1.2.1 > 1.2
1.2 < 1.3_alpha
0.7.0 < 0.8_beta1
3.10.18-r1 > 2.3.0b-r1
2.3.0b-r1 < 2.3.0b-r2
0.12.3 > 0.12
0.12 < 0.13_beta1
1.2.12.1 < 1.2.13
3.1_p16 < 3.1_p17
3.1_p17 > 1.06-r6
1.06-r6 < 006
006 > 1.0.0
1.2.2-r1 > 1.2.2
2.59 < 20050718-r1
3.9.8-r5 > 2.01.01_alpha10
2.01.01_alpha10 > 0.94
1.0 > 0.99.3.20040818
1.39 > 1.00_beta2
4.2.52_p2-r1 < 4.2.52_p4-r2
4.2.52_p4-r2 > 1.02.07
9 > 2.18.3-r10
2.18.3-r10 > 1.05-r18
20060720 > 3.0.20060720
2.5.1-r8 < 2.5.1a-r1
1.3.5-r10 > 1.3.5-r8
20040401 > 2.0.0_rc3-r1
3.0.0-r2 < 021109-r3
3.9_pre20060124 > 0.01
1.1.7 < 6b-r7
0.10.0 < 0.10.1_rc1
2.0.2 > 1.1a
1.1a < 1.3a
1.0-r1 > 0.15.1b
0.15.1b-r2 > 0.15.1b
22.7-r1 < 22.7.3-r1
22.7.3-r1 > 22.7
2.1_pre20 < 2.1_pre26
2.10.1 > 02.08.01b
3.81 > 1.6d
1.6d > 1.2.07.8
1.2.07.8 < 1.2.12.04
4.20 > 0.20070118
0.20070118 < 0.20070207_rc1
0.20070207_rc1 < 1.0
4.5_p1-r1 > 4.5_p1
4.5_p1 > 0.9.8c-r1
0.9.8c-r1 < 0.9.8d
2.2.3-r2 < 013
013 < 014-r1
0.1.23 < 5b-r9
1.7 < 1.7b
1.8.5 < 1.8.5_p2
1.4.9-r2 < 2.9.11_pre20051101-r2
2.9.11_pre20051101-r3 > 2.9.11_pre20051101
1.6.8_p12-r1 > 1.6.8_p9-r2
0.9.28-r2 < 0.9.28.1
0.9.28.1 < 087-r1
104-r11 > 104-r9
1.2.5_rc2 > 0.1
20040406-r1 > 2.12r-r4
2.12r-r4 < 2.12r-r5
7.0.17 < 7.0.174
1.3-r0 < 1.3.1-r0
1.3_pre1-r1 < 1.3.2
1.0_p10-r0 > 1.0_p9-r0
0.1.0_alpha_pre2 < 0.1.0_alpha
1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
6.0_pre1 < 6.0
6.0_p1 > 6.0
8.2.0 < 8.2.001
8.2.0015 < 8.2.002
1.0~1234 < 1.0~2345
1.0~1234-r1 < 1.0~2345-r0
1.0~1234-r1 > 1.0~1234-r0
`;

const VALID = ['1.2', '0.1_pre2', '0.1_pre2~1234abcd', '0.1_p1_pre2', '0.1_alpha1_pre2', '0.1_git20240101_pre1'];
const INVALID = [
  '', '0.1bc', '0.1bc1', '0.1a1', '0.1a.1', '0.1_pre2~', '0.1_pre2~1234xbcd', '0.1_pre2~1234abcd_pre1',
  '0.1_pre2-r1~1234xbcd', '0.1_foobar', '0.1_foobar1', '0.1-pre1.1', '0.1-r', '0.1-r2_pre1',
  '0.1-r2_p3_pre1', '0.1-r2-r3', '0.1-r2.1', '.1', 'a', '_pre1', '-r1', '0.1_', '0.1_-r0',
  '0.1__alpha', '0.1_1_alpha',
];

const OP: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

describe('apk version order', () => {
  const rows = UPSTREAM_ROWS.trim().split('\n').map((l) => l.split(' ') as [string, string, string]);

  it.each(rows)('%s %s %s', (a, op, b) => {
    const want = OP[op]!;
    expect(compareApkVersions(a, b)).toBe(want);
    expect(compareApkVersions(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it('orders the suffixes alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p', () => {
    const chain = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p'];
    for (let i = 0; i + 1 < chain.length; i++) expect(compareApkVersions(chain[i]!, chain[i + 1]!)).toBe(-1);
  });

  it('orders revisions numerically and a letter above the bare number', () => {
    expect(compareApkVersions('1.2.3-r9', '1.2.3-r10')).toBe(-1);
    expect(compareApkVersions('1.2.3', '1.2.3-r0')).toBe(-1);
    expect(compareApkVersions('1.2.3a-r0', '1.2.3-r5')).toBe(1);
    expect(compareApkVersions('1.37.0-r12', '1.37.0-r13')).toBe(-1);
    expect(compareApkVersions('99999999999999999999', '99999999999999999998')).toBe(1);
  });

  it.each(VALID)('accepts %s as a version', (v) => expect(isValidApkVersion(v)).toBe(true));
  it.each(INVALID)('rejects %j as a version', (v) => expect(isValidApkVersion(v)).toBe(false));
});
