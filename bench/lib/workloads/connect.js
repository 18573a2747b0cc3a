// Workload 1: connect, run `true`, disconnect. pkgfleet's command for it is `ping`, which does
// exactly that (host key verified, login, one `true`). The extra tool `pkgfleet-detect` measures
// `detect` on the same workload: connect plus the fact-gathering round trip, more work than `true`.

export const connectWorkload = {
  id: '1',
  key: 'connect',
  title: 'connect + true',
  script: 'true',
  pkgfleetArgs: ['ping'],
  expect() {
    return {};
  },
  checkOutput(text) {
    return text.replace(/\r/g, '').trim() === '' ? null : `expected no output, got ${JSON.stringify(text.slice(0, 80))}`;
  },
  checkPkgfleetHost(host) {
    if (host.manager !== undefined) return host.manager ? null : 'detect reported no manager';
    return host.messages?.includes('[PKG] pong') ? null : `no pong: ${JSON.stringify(host.messages ?? [])}`;
  },
};
