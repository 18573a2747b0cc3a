import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/remote/output-tail.js';

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const t = new OutputTail(100);
    t.push(Buffer.from('hello '));
    t.push('world');
    expect(t.text()).toBe('hello world');
    expect(t.truncatedBytes).toBe(0);
  });

  it('keeps the last maxBytes across chunk boundaries and counts the rest', () => {
    const t = new OutputTail(10);
    for (const c of ['aaaa', 'bbbb', 'cccc', 'dddd']) t.push(c);
    expect(t.text()).toBe('bbccccdddd');
    expect(t.truncatedBytes).toBe(6);
  });

  it('does not start with half a UTF-8 character after truncation', () => {
    const whole = new OutputTail(5);
    whole.push(Buffer.from('ab☃cd')); // 7 bytes, ☃ is 3 of them: the last 5 hold all of it
    expect(whole.text()).toBe('☃cd');
    const cut = new OutputTail(4);
    cut.push(Buffer.from('ab☃cd')); // the last 4 start inside ☃
    expect(cut.text()).toBe('cd');
    expect(cut.truncatedBytes).toBe(3);
  });

  it('decodes characters split across chunks for live callbacks and the result', () => {
    const seen: string[] = [];
    const t = new OutputTail(100, (s) => seen.push(s));
    const snow = Buffer.from('☃');
    t.push(snow.subarray(0, 1));
    t.push(Buffer.concat([snow.subarray(1), Buffer.from('!')]));
    expect(seen.join('')).toBe('☃!');
    expect(t.text()).toBe('☃!');
  });
});
