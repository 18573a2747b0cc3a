#!/usr/bin/env node
// The floor for any Node tool: N ssh2 connections opened at once, one exec each, host key verified
// against known_hosts, output collected. No queue, no retries, no parsing.
// usage: node bench/bare-ssh2.js HOSTS_FILE COMMAND_FILE OUT_DIR --port 22 --user root --key KEY --known-hosts FILE
// Writes OUT_DIR/out/HOST, OUT_DIR/err/HOST and OUT_DIR/rc.txt ("HOST EXIT_CODE" per line; -1 = no exit code).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '22' }, user: { type: 'string', default: 'root' }, key: { type: 'string' }, 'known-hosts': { type: 'string' } },
});
const [hostsFile, commandFile, outDir] = positionals;
const port = Number(values.port);
const hosts = readFileSync(hostsFile, 'utf8').split('\n').filter(Boolean);
const command = readFileSync(commandFile, 'utf8');
const privateKey = readFileSync(values.key);

/** known_hosts name (plain address, or [address]:port) -> raw host key blob. */
function loadKnownHosts(path) {
  const keys = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [names, , blob] = line.trim().split(/\s+/);
    if (!blob || names.startsWith('#')) continue;
    for (const name of names.split(',')) keys.set(name, Buffer.from(blob, 'base64'));
  }
  return keys;
}
const known = loadKnownHosts(values['known-hosts']);

function runOne(address) {
  const expected = known.get(port === 22 ? address : `[${address}]:${port}`);
  return new Promise((resolve) => {
    const conn = new ssh2.Client();
    const out = [];
    const err = [];
    let code = -1;
    const finish = (message) => {
      if (message) err.push(Buffer.from(`${message}\n`));
      conn.end();
      resolve({ address, code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    };
    conn.on('ready', () => {
      conn.exec(command, (e, stream) => {
        if (e) return finish(`exec: ${e.message}`);
        stream.on('data', (d) => out.push(d));
        stream.stderr.on('data', (d) => err.push(d));
        stream.on('exit', (c) => { code = c ?? -1; });
        stream.on('close', () => finish());
      });
    });
    conn.on('error', (e) => finish(`connection: ${e.message}`));
    conn.connect({
      host: address,
      port,
      username: values.user,
      privateKey,
      // ssh2 accepts any host key unless told otherwise: compare with the known_hosts entry.
      hostVerifier: (key) => expected !== undefined && expected.equals(key),
      algorithms: { serverHostKey: ['ssh-ed25519'] },
      readyTimeout: 300000,
    });
  });
}

mkdirSync(`${outDir}/out`, { recursive: true });
mkdirSync(`${outDir}/err`, { recursive: true });
const results = await Promise.all(hosts.map(runOne));
for (const r of results) {
  writeFileSync(`${outDir}/out/${r.address}`, r.stdout);
  writeFileSync(`${outDir}/err/${r.address}`, r.stderr);
}
writeFileSync(`${outDir}/rc.txt`, results.map((r) => `${r.address} ${r.code}\n`).join(''));
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
