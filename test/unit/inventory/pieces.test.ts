import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/inventory/duration.js';
import { expandHostRange } from '../../../src/inventory/host-range.js';
import { parseHop } from '../../../src/inventory/jump-spec.js';
import { readSshArgs, splitArgs } from '../../../src/inventory/ssh-args.js';

describe('parseDuration', () => {
  it.each([
    [30, 30_000],
    [1.5, 1_500],
    ['30', 30_000],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    [0, 0],
  ])('%j -> %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });
  it.each([['5 minutes'], ['-1'], [-5], ['m'], [''], ['1x'], [true], [null]])('%j is not a duration', (input) => {
    expect(parseDuration(input)).toBeNull();
  });
});

describe('expandHostRange', () => {
  it.each([
    ['web[01:03].example.com', ['web01.example.com', 'web02.example.com', 'web03.example.com']],
    ['db-[a:c]', ['db-a', 'db-b', 'db-c']],
    ['n[8:11]', ['n8', 'n9', 'n10', 'n11']],
    ['n[0:10:5]', ['n0', 'n5', 'n10']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
    ['[:2]x', ['0x', '1x', '2x']],
    ['plain.example.com', ['plain.example.com']],
  ])('%s', (input, expected) => {
    expect(expandHostRange(input)).toEqual(expected);
  });
  it.each([
    ['web[3:1]', "host range '[3:1]' starts after it ends"],
    ['web[01:3]', "host range '[01:3]' must have the same width at both ends"],
    ['web[1:c]', "host range '[1:c]' must be numbers or single letters"],
    ['web[1:]', "host range '[1:]' has no end"],
  ])('%s is refused', (input, message) => {
    expect(() => expandHostRange(input)).toThrow(message);
  });
});

describe('jump hops and ssh args', () => {
  it.each([
    ['bastion', { host: 'bastion' }],
    ['ops@bastion', { user: 'ops', host: 'bastion' }],
    ['ops@bastion:2222', { user: 'ops', host: 'bastion', port: 2222 }],
    ['[2001:db8::1]:22', { host: '2001:db8::1', port: 22 }],
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['ssh://me@gw.example.com:2200', { user: 'me', host: 'gw.example.com', port: 2200 }],
  ])('parseHop(%s)', (input, expected) => {
    expect(parseHop(input)).toEqual(expected);
  });
  it.each([['@host'], ['u@'], ['host:abc'], ['host:70000']])('parseHop(%s) throws', (input) => {
    expect(() => parseHop(input)).toThrow();
  });

  it('splits like a shell and reads ProxyJump in every spelling', () => {
    expect(splitArgs(`-o 'ProxyJump=a b' -o "X=\\"y\\"" plain\\ word`)).toEqual(['-o', 'ProxyJump=a b', '-o', 'X="y"', 'plain word']);
    expect(readSshArgs('-o ProxyJump=u@gw:2200,h2')).toEqual({ proxyJump: ['u@gw:2200', 'h2'], ignored: [] });
    expect(readSshArgs('-oProxyJump=gw')).toEqual({ proxyJump: ['gw'], ignored: [] });
    expect(readSshArgs('-o "ProxyJump gw"')).toEqual({ proxyJump: ['gw'], ignored: [] });
    expect(readSshArgs('-J gw -C')).toEqual({ proxyJump: ['gw'], ignored: ['-C'] });
    expect(readSshArgs('-o ProxyCommand="ssh -W %h:%p gw"')).toEqual({ ignored: ['-o ProxyCommand=ssh -W %h:%p gw'] });
    expect(readSshArgs('-o ProxyJump=none')).toEqual({ proxyJump: [], ignored: [] });
  });
});
