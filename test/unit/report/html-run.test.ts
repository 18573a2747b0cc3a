import { describe, expect, it } from 'vitest';
import type { HostResult } from '../../../src/fleet/result.js';
import { escapeHtml } from '../../../src/report/html-escape.js';
import { groupChanges, groupProblems } from '../../../src/report/html-groups.js';
import { renderRunHtml } from '../../../src/report/html-run.js';
import { countColour, decodePng, findChromium, renderInChromium } from './html-chromium.js';
import { hostileHost, sampleRun } from './html-sample.js';

const count = (html: string, needle: RegExp) => (html.match(needle) ?? []).length;
/** The text of one <section id=...>. */
const section = (html: string, id: string) => {
  const m = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  if (!m) throw new Error(`no section ${id}`);
  return m[1]!;
};

describe('escapeHtml', () => {
  it('escapes the five characters that matter, in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('groupChanges', () => {
  const up = (name: string, from: string, to: string) => ({ name, action: 'upgrade' as const, from, to });
  const host = (name: string, changes: HostResult['changes'], status: HostResult['status'] = 'changed'): HostResult => ({
    host: name,
    status,
    changes,
    durationMs: 1,
  });

  it('groups hosts whose change sets are the same in any order, largest group first', () => {
    const groups = groupChanges([
      host('web-10', [up('openssl', '3.0.11', '3.0.13'), up('libssl3', '3.0.11', '3.0.13')]),
      host('web-2', [up('libssl3', '3.0.11', '3.0.13'), up('openssl', '3.0.11', '3.0.13')]),
      host('web-3', [up('openssl', '3.0.9', '3.0.13'), up('libssl3', '3.0.9', '3.0.13')], 'failed'),
      host('web-4', []),
    ]);
    expect(groups.map((g) => [g.hosts, g.changes.map((c) => `${c.name} ${c.from}`), g.failed])).toEqual([
      [['web-2', 'web-10'], ['libssl3 3.0.11', 'openssl 3.0.11'], 0],
      [['web-3'], ['libssl3 3.0.9', 'openssl 3.0.9'], 1],
    ]);
  });

  it('groups failures by status, kind, message and stderr', () => {
    const result = sampleRun();
    const groups = groupProblems(result.hosts, ['failed', 'unreachable']);
    expect(groups.map((g) => [g.status, g.kind, g.hosts.length])).toEqual([
      ['failed', 'lock', 1],
      ['failed', 'command', 1],
      ['unreachable', 'timeout', 6],
      ['unreachable', 'auth', 1],
    ]);
  });
});

describe('renderRunHtml', () => {
  const result = sampleRun([hostileHost]);
  const html = renderRunHtml(result);

  it('is one self-contained page: no script, no external resource, a CSP that forbids fetches', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href|action)\s*=/i); // no tag fetches anything
    expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//i);
  });

  it('escapes every value that came from a host', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;stderr&quot;)&lt;/script&gt;');
    expect(html).toContain('pkg&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('2.0&amp;amp;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
  });

  it('draws one coloured cell per host, with a legend that counts them', () => {
    const grid = section(html, 'hosts');
    expect(count(grid, /class="cell /g)).toBe(result.hosts.length);
    expect(count(grid, /class="cell changed"/g)).toBe(235);
    expect(count(grid, /class="cell failed"/g)).toBe(3);
    expect(count(grid, /class="cell unreachable"/g)).toBe(7);
    expect(grid).toContain('<li class="changed"><span>changed <b>235</b></span></li>');
    expect(grid).toContain('<li class="failed"><span>failed <b>3</b></span></li>');
    // Natural order: web-2 before web-10.
    expect(grid.indexOf('>web-002<')).toBeLessThan(grid.indexOf('>web-010<'));
  });

  it('groups identical change sets: "212 hosts: libssl3 ... openssl ..."', () => {
    const changes = section(html, 'changes');
    const headings = [...changes.matchAll(/<h3>([\s\S]*?)<\/h3>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(headings[0]).toBe('212 hosts: libssl3 3.0.11-1~deb12u2→3.0.13-1~deb12u1, openssl 3.0.11-1~deb12u2→3.0.13-1~deb12u1');
    expect(headings[1]).toBe('20 hosts: openssl 1:3.0.7-27.el9→1:3.0.7-28.el9_4, openssl-libs 1:3.0.7-27.el9→1:3.0.7-28.el9_4');
    expect(headings[2]).toBe('3 hosts: 5 package changes');
    expect(changes).toContain('linux-image-6.1.0-28-amd64');
    expect(changes).toContain('… and 206 more hosts');
  });

  it('lists failures with their stderr tail, and skipped hosts with their reason', () => {
    const failures = section(html, 'failures');
    expect(failures).toContain('the dpkg lock was still held after 60 s');
    expect(failures).toContain('<pre>E: Could not get lock /var/lib/dpkg/lock-frontend.');
    expect(failures).toContain('6 hosts unreachable');
    expect(section(html, 'skipped')).toContain('pacman has no security metadata');
  });

  it('shows timings with the slowest host first', () => {
    const timings = section(html, 'timings');
    expect(timings).toContain('<b>4 min 18 s</b><span>total</span>');
    const firstRow = /<tbody><tr><td>([^<]+)<\/td><td>([^<]+)<\/td><td class="num">([^<]+)</.exec(timings);
    expect(firstRow?.slice(1)).toEqual(['mail-01', 'failed', '1 min 2 s']);
  });

  it('says "would change" in check mode and marks an interrupted run', () => {
    const page = renderRunHtml({ ...sampleRun(), check: true, interrupted: true });
    expect(page).toContain('Changes that would be made');
    expect(page).toContain('<span class="badge check">check mode</span>');
    expect(page).toContain('<span class="badge interrupted">interrupted</span>');
  });

  it('drops the names from the grid for large fleets', () => {
    const hosts: HostResult[] = Array.from({ length: 2000 }, (_, i) => ({
      host: `node-${i}`,
      status: i % 50 === 0 ? 'failed' : 'ok',
      changes: [],
      durationMs: 1000 + i,
    }));
    const big = renderRunHtml({ ...sampleRun(), hosts, counts: { ok: 1960, changed: 0, failed: 40, unreachable: 0, skipped: 0 } });
    const grid = section(big, 'hosts');
    expect(grid).toContain('<div class="grid dense">');
    expect(count(grid, /<div class="cell failed" title="node-\d+: failed"><\/div>/g)).toBe(40);
    expect(section(big, 'timings')).toContain('… and 1,960 faster hosts.');
  });
});

const chromium = findChromium();
describe.skipIf(!chromium)('renderRunHtml in headless Chromium', () => {
  it('builds the expected DOM and paints a non-blank, coloured page', () => {
    const result = sampleRun([hostileHost]);
    const { dom, png } = renderInChromium(chromium!, renderRunHtml(result), 1280, 1400);
    // The browser parsed it into the structure we meant: every host a cell, no injected element.
    expect(count(dom, /<div class="cell /g)).toBe(result.hosts.length);
    expect(dom).not.toMatch(/<script|<img/i);
    expect(dom).toContain('<section id="timings">');
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([1280, 1400]);
    const total = img.width * img.height;
    const background = countColour(img, '#f3f5f8', 2);
    expect(background / total).toBeGreaterThan(0.05); // the page background is there...
    expect(background / total).toBeLessThan(0.9); // ...but most of it is content
    // The grid is painted in the outcome colours (cells, legend and tiles).
    expect(countColour(img, '#1565c0')).toBeGreaterThan(100_000); // changed: 235 blue cells
    expect(countColour(img, '#c62828')).toBeGreaterThan(500); // failed
    expect(countColour(img, '#ef6c00')).toBeGreaterThan(1_000); // unreachable
    expect(countColour(img, '#2e7d32')).toBeGreaterThan(1_000); // ok
  }, 120_000);
});
