import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderComplianceHtml } from '../../../src/report/html-compliance.js';
import { RunStore } from '../../../src/store/run-store.js';
import { countColour, decodePng, findChromium, renderInChromium } from './html-chromium.js';
import { sampleCompliance } from './html-sample.js';

const section = (html: string, id: string) => {
  const m = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  if (!m) throw new Error(`no section ${id}`);
  return m[1]!;
};
const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Views read from a real index, not hand-made. */
function viewsFromStore() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-compliance-'));
  const store = new RunStore({
    path: path.join(dir, 'db.sqlite'),
    comparators: { apt: numeric },
    hostname: 'c1',
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
  try {
    const scan = (host: string, version: string, day: string, security: boolean, reboot: boolean) =>
      store.recordScan(host, {
        manager: 'apt',
        installed: [{ name: 'openssl', version, arch: 'amd64' }, { name: 'bash', version: '5.2.15-2+b7', arch: 'amd64' }],
        upgradable: security ? [{ name: 'openssl', from: version, to: '3.0.15-1~deb12u1', arch: 'amd64', security: true }] : [],
        rebootRequired: reboot,
        scannedAt: new Date(`2026-11-${day}T06:00:00Z`),
      });
    scan('web-1', '3.0.11-1~deb12u2', '25', true, false);
    scan('web-2', '3.0.15-1~deb12u1', '25', false, true);
    scan('web-3', '3.0.15-1~deb12u1', '25', false, false);
    scan('<b>evil</b>', '3.0.13-1~deb12u1', '02', true, false);
    return store.complianceViews({
      staleBefore: new Date('2026-11-18T12:00:00Z'),
      spreadPackages: ['openssl'],
      inventory: ['web-1', 'web-4'],
    });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('renderComplianceHtml', () => {
  const html = renderComplianceHtml(viewsFromStore());

  it('is self-contained and escapes host data', () => {
    expect(html).not.toMatch(/<script|<img|<link/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)\s*=/i);
    expect(html).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(html).not.toContain('<b>evil</b>');
  });

  it('shows the four views the index answered', () => {
    const security = section(html, 'security');
    expect(security).toContain('<td>web-1</td>');
    expect(security).toContain('3.0.15-1~deb12u1');
    expect(security).not.toContain('<td>web-2</td>');
    expect(section(html, 'reboot')).toContain('<td>web-2</td>');
    const stale = section(html, 'stale');
    expect(stale).toContain('<td>web-4</td>'); // in the inventory, never scanned
    expect(stale).toContain('never scanned');
    expect(stale).toContain('<td>&lt;b&gt;evil&lt;/b&gt;</td>');
    expect(stale).toContain('23 days ago');
    const spread = section(html, 'spread');
    expect(spread).toContain('(apt, 4 hosts, 3 versions)');
    // Newest first: 2 hosts on 3.0.15, then 3.0.13, then 3.0.11.
    const versions = [...spread.matchAll(/<span class="v">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(versions).toEqual(['3.0.15-1~deb12u1', '3.0.13-1~deb12u1', '3.0.11-1~deb12u2']);
    expect(spread).toContain('50.0 %');
  });

  it('says so when a view is empty', () => {
    const empty = renderComplianceHtml({
      generatedAt: '2026-11-25T12:00:00.000Z',
      hostsIndexed: 0,
      pendingSecurity: [],
      rebootRequired: [],
      stale: { since: '2026-11-18T12:00:00.000Z', hosts: [] },
      spread: [],
    });
    expect(empty).toContain('No host has a pending security update.');
    expect(empty).toContain('No host waits for a reboot.');
    expect(empty).toContain('Every host was scanned recently.');
  });
});

const chromium = findChromium();
describe.skipIf(!chromium)('renderComplianceHtml in headless Chromium', () => {
  it('lays out every section and paints the bars', () => {
    const { dom, png } = renderInChromium(chromium!, renderComplianceHtml(sampleCompliance()), 1280, 1800);
    for (const id of ['security', 'reboot', 'stale', 'spread']) expect(dom).toContain(`<section id="${id}">`);
    expect((dom.match(/<tr><td>web-\d+<\/td><td>apt<\/td>/g) ?? []).length).toBe(14);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([1280, 1800]);
    expect(countColour(img, '#c62828')).toBeGreaterThan(5_000); // pending-security bars
    expect(countColour(img, '#2e7d32')).toBeGreaterThan(5_000); // newest-version segments
    expect(countColour(img, '#f3f5f8', 2) / (1280 * 1800)).toBeLessThan(0.9);
  }, 120_000);
});
