import { describe, expect, it } from 'vitest';
import { parseDpkgQuery } from '../../../src/managers/apt-parse.js';
import { loadFixture } from '../../helpers/fixture.js';

// The rules of parseDpkgQuery written the plain way (split into lines, then fields): the
// indexOf scanner must read every text exactly like this.
function reference(stdout: string) {
  const out: Array<{ name: string; version: string; arch?: string }> = [];
  for (const raw of stdout.split('\n')) {
    const [full, version, arch, status] = raw.replace(/\r$/, '').split('\t');
    if (!full || !version || status === undefined || !['i', 't', 'W'].includes(status.charAt(1))) continue;
    const name = full.includes(':') ? full.slice(0, full.indexOf(':')) : full;
    out.push(arch ? { name, version, arch } : { name, version });
  }
  return out;
}

const edgeCases = [
  'libc6:amd64\t2.36-9+deb12u10\tamd64\tii \n',
  'bash\t5.2.15-2+b7\tamd64\tii \r\njq\t1.6-2.1\tamd64\tii \r\n',
  'epoch\t1:1.9.2-1\tall\tii \n', // an epoch: the colon in the version is not an arch qualifier
  'conf\t1.0\tall\trc \nhalf\t1.0\tall\tiF \ntrig\t1.0\tall\tit \nawait\t1.0\tall\tiW \n',
  'noarch\t1.0\t\tii \n',
  'short\t1.0\tall\ti\n', // a one-letter status says nothing about the installed state
  'extra\t1.0\tall\tii \tmore\tfields\n',
  'three\t1.0\tall\n\tnoname\tall\tii \nnover\t\tall\tii \n\n\n',
  'last\t2.0\tamd64\tii ', // no final newline
  ':weird\t1\tall\tii \n',
  'cr\t1\tall\ti\r\n',
  '',
];

describe('parseDpkgQuery scanner', () => {
  it.each(edgeCases.map((t) => [JSON.stringify(t).slice(0, 60), t]))('reads %s like a split does', (_label, text) => {
    expect(parseDpkgQuery(text)).toEqual(reference(text));
  });

  it('reads the recorded host output like a split does', () => {
    for (const name of ['dpkg-query-host.txt', 'dpkg-query-states.txt']) {
      const text = loadFixture('apt', name).text;
      const rows = parseDpkgQuery(text);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(reference(text));
    }
  });

  it('reads random mixes of the edge cases like a split does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 1 + (next() % 8) }, () => edgeCases[next() % edgeCases.length]).join('');
      expect(parseDpkgQuery(text)).toEqual(reference(text));
    }
  });
});
