import { describe, expect, it } from 'vitest';
import { formatImageRef, normalizeImageRef, parseImageRef } from '../../../src/managers/oci-ref.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('image reference normalisation (distribution/reference rules)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:latest', 'docker.io/library/nginx:latest'],
    ['nginx:1.25-alpine', 'docker.io/library/nginx:1.25-alpine'],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis:7.2'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['ghcr.io/acme/api:v2', 'ghcr.io/acme/api:v2'],
    ['localhost/built:dev', 'localhost/built:dev'],
    ['localhost:5000/foo/bar', 'localhost:5000/foo/bar:latest'],
    ['127.0.0.1:5055/demo/app:1.0', '127.0.0.1:5055/demo/app:1.0'],
    ['[::1]:5000/foo:1', '[::1]:5000/foo:1'],
    ['quay.io/prometheus/node-exporter:v1.8.1', 'quay.io/prometheus/node-exporter:v1.8.1'],
    ['my__repo/a.b_c--d:x', 'docker.io/my__repo/a.b_c--d:x'],
    [`nginx@${D}`, `docker.io/library/nginx@${D}`],
    [`nginx:1.25@${D}`, `docker.io/library/nginx@${D}`], // the digest wins
  ])('%s -> %s', (raw, want) => {
    expect(formatImageRef(parseImageRef(raw))).toBe(want);
  });

  it('splits registry, path, tag and digest', () => {
    expect(parseImageRef('registry.example:443/team/app:2')).toEqual({ domain: 'registry.example:443', path: 'team/app', tag: '2' });
    expect(parseImageRef(`app@${D}`)).toEqual({ domain: 'docker.io', path: 'library/app', digest: D });
  });

  it.each([
    ['', /empty/],
    ['Nginx', /lowercase/],
    ['docker.io/Library/nginx', /lowercase/],
    ['nginx:', /bad tag/],
    ['nginx:-x', /bad tag/],
    [`nginx:${'t'.repeat(129)}`, /bad tag/],
    ['nginx@sha256:abc', /bad digest/],
    [`nginx@sha256:${'b'.repeat(40)}`, /64 hex/],
    ['nginx@md5', /bad digest/],
    ['a'.repeat(64).replace(/a/g, 'f'), /image id/],
    ['-x/nginx', /bad repository path/],
    ['foo//bar', /bad repository path/],
    ['foo/-bar', /bad repository path/],
    ['nginx; rm -rf /', /./],
    ['$(id)', /./],
    ['`id`', /./],
    ['a\nb', /./],
    ["a'b", /./],
    ['-oRootDir=/', /./],
    ['--help', /./],
    [`r.io/${'a'.repeat(260)}`, /255/],
  ])('refuses %j', (raw, why) => {
    expect(() => parseImageRef(raw)).toThrow(why);
    expect(normalizeImageRef(raw)).toBeNull();
  });
});
