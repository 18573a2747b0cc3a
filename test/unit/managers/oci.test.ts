import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, podman, PULL_SCRIPT, STATUS_SCRIPT } from '../../../src/managers/oci.js';
import type { ExecResult } from '../../../src/managers/types.js';
import { loadFixture } from '../../helpers/fixture.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
/** A fixture as the transport would return it: stdout file (+ .stderr file), or a stderr-only documented file. */
function fx(engine: 'docker' | 'podman', name: string): ExecResult {
  const f = loadFixture(engine, `${name}.txt`);
  const errFile = path.join(FIX, engine, `${name}.stderr.txt`);
  const stderr = existsSync(errFile) ? loadFixture(engine, `${name}.stderr.txt`).text : '';
  if (f.meta.stream === 'stderr') return { code: f.exit ?? 0, signal: null, stdout: '', stderr: f.text, durationMs: 1 };
  return { code: f.exit ?? 0, signal: null, stdout: f.text, stderr, durationMs: 1 };
}

const D_APP_LOCAL = 'sha256:bb87327ad8d3b14165a2389764aaae1c4eb00a9c6145e128e612f1c5f23a58f8';
const D_APP_REMOTE = 'sha256:91113d9471b3326499803a93465fd165325f1d9e275c673dd8efb6098007acf3';
const D_TOOLS = 'sha256:30f1ea7b19fd67b3694813600b0b687f0942f51ba651adb51bfc262ef5edeb0a';
const D_NEW = 'sha256:dc077273d48b8aeb4f476affeed9557785a5d67b6a8f9247bd4d87659c69ebbb';
const D_BUILT = 'sha256:0b5658cecd588516d02844cc7631d286585359514c8d3f70a06a921b1614bd09';

describe('docker and podman: identity', () => {
  it('are image managers without security metadata', () => {
    expect([docker.id, docker.displayName, docker.kind, docker.binaries]).toEqual(['docker', 'Docker', 'image', ['docker']]);
    expect([podman.id, podman.displayName, podman.kind, podman.binaries]).toEqual(['podman', 'Podman', 'image', ['podman']]);
    for (const m of [docker, podman]) {
      expect(m.securityUpgrade).toBe('unsupported');
      expect(m.supportsVersionPin).toBe(false);
      expect(m.rebootCheck()).toBeNull();
      expect(m.refresh()).toEqual([]);
    }
  });
  it('parse docker:// references into normalised names', () => {
    expect(docker.parseSpec('docker://nginx:latest')).toEqual({ name: 'docker.io/library/nginx:latest' });
    expect(podman.parseSpec('docker://ghcr.io/acme/api')).toEqual({ name: 'ghcr.io/acme/api:latest' });
    expect(() => docker.parseSpec('docker://nginx;reboot')).toThrow(/invalid image reference/);
    expect(docker.validateName('docker.io/library/nginx:latest')).toBeNull();
    expect(docker.validateName('Nginx')).toMatch(/lowercase/);
    expect(docker.validateVersion('1.25-alpine')).toBeNull();
    expect(docker.validateVersion(`sha256:${'c'.repeat(64)}`)).toBeNull();
    expect(docker.validateVersion('$(id)')).toMatch(/invalid/);
  });
});

describe('docker and podman: commands', () => {
  it('pull one image directly, several through the fixed pull script', () => {
    expect(docker.install([docker.parseSpec('nginx:1.25')])).toEqual({ argv: ['docker', 'pull', 'docker.io/library/nginx:1.25'], root: true });
    expect(podman.install([podman.parseSpec('nginx')])).toEqual({ argv: ['podman', 'pull', 'docker.io/library/nginx:latest'], root: false });
    expect(docker.install([{ name: 'nginx' }, { name: 'redis:7' }])).toEqual({
      argv: ['sh', '-c', PULL_SCRIPT, 'sh', 'docker', 'docker.io/library/nginx:latest', 'docker.io/library/redis:7'],
      root: true,
    });
    expect(docker.install([{ name: 'docker.io/library/nginx', version: '1.27' }]).argv.at(-1)).toBe('docker.io/library/nginx:1.27');
  });
  it('remove with image rm and upgrade by pulling again', () => {
    expect(docker.remove(['docker.io/library/nginx:latest'])).toEqual({ argv: ['docker', 'image', 'rm', 'docker.io/library/nginx:latest'], root: true });
    expect(podman.remove(['nginx:1'])).toEqual({ argv: ['podman', 'image', 'rm', 'docker.io/library/nginx:1'], root: false });
    expect(docker.upgrade([])).toEqual({ argv: ['sh', '-c', PULL_SCRIPT, 'sh', 'docker'], root: true });
    expect(podman.upgrade([{ name: 'nginx' }])).toEqual({ argv: ['podman', 'pull', 'docker.io/library/nginx:latest'], root: false });
    expect(() => docker.upgrade([], { security: true })).toThrow(/security/);
  });
  it('list, check and plan without changing anything', () => {
    expect(docker.listInstalled()).toEqual({ argv: ['docker', 'image', 'ls', '--digests', '--format', '{{json .}}'], root: false });
    expect(podman.listInstalled()).toEqual({ argv: ['podman', 'image', 'ls', '--format', 'json'], root: false });
    expect(podman.listUpgradable()).toEqual([{ argv: ['sh', '-c', STATUS_SCRIPT, 'sh', 'podman', 'status'], root: false }]);
    expect(docker.install([{ name: 'nginx' }], { check: true }).argv).toEqual(['sh', '-c', STATUS_SCRIPT, 'sh', 'docker', 'status', 'docker.io/library/nginx:latest']);
    expect(docker.remove(['nginx'], { check: true }).argv).toEqual(['sh', '-c', STATUS_SCRIPT, 'sh', 'docker', 'remove', 'docker.io/library/nginx:latest']);
    expect(podman.upgrade([], { check: true }).argv).toEqual(['sh', '-c', STATUS_SCRIPT, 'sh', 'podman', 'status']);
    for (const script of [STATUS_SCRIPT, PULL_SCRIPT]) expect(script).not.toMatch(/nginx|docker\.io/);
    expect(STATUS_SCRIPT).not.toMatch(/\bpull\b|\brm\b/);
  });
  it('search and inspect', () => {
    expect(docker.search('nginx')).toEqual({ argv: ['docker', 'search', '--format', '{{json .}}', 'nginx'], root: false });
    expect(podman.search('127.0.0.1:5055/demo')).toEqual({ argv: ['podman', 'search', '--format', 'json', '127.0.0.1:5055/demo'], root: false });
    expect(podman.info('127.0.0.1:5055/demo/app:1.0')).toEqual({ argv: ['podman', 'image', 'inspect', '127.0.0.1:5055/demo/app:1.0'], root: false });
    expect(() => docker.search('--help')).toThrow();
  });
  it('refuse hostile references everywhere', () => {
    for (const bad of ['nginx; rm -rf /', '$(id)', '`id`', 'a\nb', '-oRootDir=/', '', 'a b']) {
      expect(() => docker.install([{ name: bad }])).toThrow();
      expect(() => podman.remove([bad])).toThrow();
      expect(() => docker.info(bad)).toThrow();
      expect(() => docker.upgrade([{ name: bad }], { check: true })).toThrow();
    }
    expect(() => docker.install([{ name: 'nginx', version: '1;id' }])).toThrow();
  });
});

describe('podman: parsers on recorded output', () => {
  it('reads podman image ls --format json, one entry per name, dangling skipped, duplicates dropped', () => {
    expect(podman.parseInstalled(fx('podman', 'image-ls').stdout)).toEqual([
      { name: 'localhost/built:dev', version: D_BUILT },
      { name: '127.0.0.1:5055/demo/tools:2.1', version: D_TOOLS },
      { name: '127.0.0.1:5055/demo/app:1.0', version: D_APP_LOCAL },
    ]);
    expect(podman.parseInstalled(fx('podman', 'image-ls-after').stdout).map((p) => p.name)).toEqual([
      '127.0.0.1:5055/demo/new:0.1',
      '127.0.0.1:5055/demo/app:1.0',
      'localhost/built:dev',
      '127.0.0.1:5055/demo/tools:2.1',
    ]);
  });
  it('reports an update only where the registry digest is known and differs', () => {
    expect(podman.parseUpgradable([fx('podman', 'status-all')])).toEqual([
      { name: '127.0.0.1:5055/demo/app:1.0', from: D_APP_LOCAL, to: D_APP_REMOTE },
    ]);
    expect(podman.parseUpgradable([fx('podman', 'status-no-skopeo')])).toEqual([]);
  });
  it('plans pulls (install, upgrade) and removals from the status script', () => {
    expect(podman.parsePlan(fx('podman', 'status-refs'), [])).toEqual([
      { name: '127.0.0.1:5055/demo/app:1.0', action: 'upgrade', from: D_APP_LOCAL, to: D_APP_REMOTE, manager: 'podman' },
      { name: '127.0.0.1:5055/demo/new:0.1', action: 'install', from: null, to: D_NEW, manager: 'podman' },
    ]);
    expect(podman.parsePlan(fx('podman', 'status-remove'), [])).toEqual([
      { name: '127.0.0.1:5055/demo/app:1.0', action: 'remove', from: D_APP_LOCAL, to: null, manager: 'podman' },
    ]);
  });
  it('reads podman image inspect', () => {
    const info = podman.parseInfo(fx('podman', 'inspect').stdout, '127.0.0.1:5055/demo/app:1.0');
    expect(info).toMatchObject({
      name: '127.0.0.1:5055/demo/app:1.0',
      installedVersion: 'sha256:0b5658cecd588516d02844cc7631d286585359514c8d3f70a06a921b1614bd09',
      candidateVersion: null,
      repo: '127.0.0.1:5055',
    });
    expect(info?.fields.Architecture).toBe('amd64');
    expect(info?.fields.Id).toBe('fff4c24db27aafca2f9fc4264f26e6b86508acc064075a3a0f8428d949e87b8c');
    expect(podman.parseInfo(fx('podman', 'inspect-unknown').stdout, '127.0.0.1:5055/demo/missing:1')).toBeNull();
  });
  it('reads podman search --format json', () => {
    expect(podman.parseSearch(fx('podman', 'search').stdout)).toEqual([
      { name: '127.0.0.1:5055/demo/app:latest', repo: '127.0.0.1:5055' },
      { name: '127.0.0.1:5055/demo/new:latest', repo: '127.0.0.1:5055' },
      { name: '127.0.0.1:5055/demo/tools:latest', repo: '127.0.0.1:5055' },
    ]);
  });
  it('reads exit codes: pulls, missing manifests, unknown images', () => {
    expect(podman.interpretExit('install', fx('podman', 'pull-script'))).toEqual({ ok: true });
    expect(podman.interpretExit('install', fx('podman', 'pull-one'))).toEqual({ ok: true });
    expect(podman.interpretExit('remove', fx('podman', 'rm'))).toEqual({ ok: true });
    expect(podman.interpretExit('install', fx('podman', 'pull-not-found'))).toMatchObject({ ok: false, notFound: true });
    expect(podman.interpretExit('install', fx('podman', 'pull-not-found')).message).toContain('manifest unknown');
    expect(podman.interpretExit('remove', fx('podman', 'rm-unknown'))).toEqual({
      ok: false,
      notFound: true,
      message: '127.0.0.1:5055/demo/missing:1: image not known',
    });
    expect(podman.interpretExit('info', fx('podman', 'inspect-unknown'))).toMatchObject({ notFound: true });
  });
});

describe('docker: parsers on recorded and documented output', () => {
  it('reads docker image ls JSON lines', () => {
    expect(docker.parseInstalled(fx('docker', 'image-ls').stdout)).toEqual([
      { name: 'docker.io/library/ubuntu:latest', version: '4dd97cefde62' },
      { name: 'docker.io/library/alpine:latest', version: '28f6e2705743' },
    ]);
    expect(docker.parseInstalled(fx('docker', 'image-ls-digests').stdout)).toEqual([
      { name: 'docker.io/library/nginx:alpine', version: 'sha256:df221db836e1754089190208cee7eeda94f233197056426eda74a43ab1abeac2' },
      {
        name: 'ghcr.io/acme/api@sha256:294b683cb724975bec92580e1e685676bd4b50bda910ddb8c51d4cabeaec77e6',
        version: 'sha256:294b683cb724975bec92580e1e685676bd4b50bda910ddb8c51d4cabeaec77e6',
      },
    ]);
  });
  it('reads docker search JSON lines', () => {
    expect(docker.parseSearch(fx('docker', 'search').stdout)).toEqual([
      { name: 'docker.io/library/nginx:latest', summary: 'Official build of Nginx.' },
      { name: 'docker.io/bitnami/nginx:latest', summary: 'Bitnami container image for NGINX' },
    ]);
  });
  it('explains a missing daemon and a socket without access (recorded with the real docker CLI)', () => {
    expect(docker.interpretExit('list-installed', fx('docker', 'image-ls-no-daemon'))).toEqual({
      ok: false,
      message: 'the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    });
    expect(docker.interpretExit('install', fx('docker', 'pull-no-daemon')).ok).toBe(false);
    expect(docker.interpretExit('list-installed', fx('docker', 'image-ls-permission-denied'))).toEqual({
      ok: false,
      message: 'no access to the docker socket: run as root (become) or join the docker group',
    });
  });
  it('sees images that do not exist', () => {
    expect(docker.interpretExit('install', fx('docker', 'pull-manifest-unknown'))).toEqual({
      ok: false,
      notFound: true,
      message: 'manifest for xxx/test:latest not found: manifest unknown: manifest unknown',
    });
    expect(docker.interpretExit('install', fx('docker', 'pull-access-denied'))).toMatchObject({ notFound: true });
    expect(docker.interpretExit('remove', fx('docker', 'rm-no-such-image'))).toMatchObject({ notFound: true, message: 'No such image: nothere:latest' });
  });
  it('orders tags for display', () => {
    expect(docker.compareVersions('1.25.3', '1.25.10')).toBe(-1);
    expect(podman.compareVersions('2.0', '10.0')).toBe(-1);
  });
});
