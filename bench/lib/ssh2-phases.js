// A preload (`node --import ./bench/lib/ssh2-phases.js TOOL …`) that timestamps every ssh2 connection
// of the process it is loaded into, pkgfleet and the bare ssh2 script alike, without touching their
// code: it wraps ssh2's Client.connect / hostVerifier / exec. When the process exits it writes a
// summary to $SSH2_PHASES_OUT (default: stderr): for each phase, min / median / p90 / max over the
// connections, both as a duration and as the time since the process started.
//   tcp        connect() called -> TCP connected
//   kex        TCP connected -> host key offered to hostVerifier (version exchange + key exchange)
//   hostkey    time spent inside hostVerifier (known_hosts lookup)
//   newkeys    host key accepted -> handshake done
//   auth       handshake -> ready (user authentication)
//   exec       exec() called -> channel closed (one per command; a tool running two commands per
//              host shows 2N execs)
//   close      end() called -> connection closed
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const ssh2 = require('ssh2');
const conns = [];
const execs = [];
const now = () => performance.now();

const { connect, exec, end } = ssh2.Client.prototype;

ssh2.Client.prototype.connect = function patchedConnect(config) {
  const t = { call: now() };
  conns.push(t);
  this.__phases = t;
  this.once('connect', () => { t.tcp = now(); });
  this.once('handshake', () => { t.handshake = now(); });
  this.once('ready', () => { t.ready = now(); });
  this.once('close', () => { t.closed = now(); });
  const verifier = config?.hostVerifier;
  if (typeof verifier === 'function') {
    const wrapped = verifier.length >= 2
      ? (key, cb) => { t.hostkeyStart = now(); return verifier(key, (ok) => { t.hostkeyEnd = now(); cb(ok); }); }
      : (key) => { t.hostkeyStart = now(); const ok = verifier(key); t.hostkeyEnd = now(); return ok; };
    config = { ...config, hostVerifier: wrapped };
  }
  return connect.call(this, config);
};

ssh2.Client.prototype.exec = function patchedExec(command, ...rest) {
  const e = { call: now() };
  execs.push(e);
  const cbIndex = rest.findIndex((a) => typeof a === 'function');
  if (cbIndex >= 0) {
    const cb = rest[cbIndex];
    rest[cbIndex] = (err, stream) => {
      e.open = now();
      stream?.once('close', () => { e.closed = now(); });
      return cb(err, stream);
    };
  }
  return exec.call(this, command, ...rest);
};

ssh2.Client.prototype.end = function patchedEnd(...args) {
  if (this.__phases && this.__phases.end === undefined) this.__phases.end = now();
  return end.apply(this, args);
};

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { n: v.length, min: v[0], p50: at(0.5), p90: at(0.9), max: v.at(-1) };
}

function row(label, s) {
  if (!s) return `${label.padEnd(10)} -`;
  const f = (x) => x.toFixed(0).padStart(6);
  return `${label.padEnd(10)} n=${String(s.n).padEnd(5)} min ${f(s.min)}  p50 ${f(s.p50)}  p90 ${f(s.p90)}  max ${f(s.max)} ms`;
}

process.on('exit', () => {
  const d = (a, b) => conns.map((t) => t[b] - t[a]);
  const lines = [
    `[ssh2-phases] pid ${process.pid}, ${conns.length} connections, ${execs.length} execs, process ran ${now().toFixed(0)} ms`,
    'durations:',
    row('tcp', stats(d('call', 'tcp'))),
    row('kex', stats(d('tcp', 'hostkeyStart'))),
    row('hostkey', stats(d('hostkeyStart', 'hostkeyEnd'))),
    row('newkeys', stats(d('hostkeyEnd', 'handshake'))),
    row('auth', stats(d('handshake', 'ready'))),
    row('exec', stats(execs.map((e) => e.closed - e.call))),
    row('close', stats(d('end', 'closed'))),
    'time since process start:',
    row('connect()', stats(conns.map((t) => t.call))),
    row('ready', stats(conns.map((t) => t.ready))),
    row('exec done', stats(execs.map((e) => e.closed))),
    row('closed', stats(conns.map((t) => t.closed))),
  ];
  const text = `${lines.join('\n')}\n`;
  if (process.env.SSH2_PHASES_OUT) writeFileSync(process.env.SSH2_PHASES_OUT, text);
  else process.stderr.write(text);
});
