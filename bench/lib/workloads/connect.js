// Workload 1: connect, run `true`, disconnect. pkgfleet has no "run true": its nearest is `detect`
// (connect + one fact-gathering round trip), which does slightly more work than `true`.

export const connectWorkload = {
  id: '1',
  key: 'connect',
  title: 'connect + true',
  script: 'true',
  pkgfleetArgs: ['detect'],
  expect() {
    return {};
  },
  checkOutput(text) {
    return text.replace(/\r/g, '').trim() === '' ? null : `expected no output, got ${JSON.stringify(text.slice(0, 80))}`;
  },
  checkPkgfleetHost(host) {
    return host.manager ? null : 'detect reported no manager';
  },
};
