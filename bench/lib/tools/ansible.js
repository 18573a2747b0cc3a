// Tools: ansible ad hoc with -m shell and with -m raw (forks = N), strict host key checking.
// Ansible keeps its own defaults (ControlMaster=auto, ControlPersist=60s, sftp transfers, no pipelining)
// except that known_hosts, the ControlPath directory and ANSIBLE_HOME point into the benchmark's dirs.
// The ControlPersist masters daemonize out of the process tree: measure.js finds them by the per-run
// ControlPath directory in their command line, adds their CPU and stops them after each run.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const HEADER = /^(\S+) \| (CHANGED|SUCCESS|FAILED!?|UNREACHABLE!?|SKIPPED)(?: \| rc=(-?\d+))?(?: (>>|=>))?/;
// ssh's own message when a multiplexed session with a pty (-m raw) ends: not host output.
const SSH_NOTICE = /^Shared connection to \S+ closed\.$/;

/** ansible's minimal callback output -> Map(host -> [{state, rc, text}]). */
export function parseAdHocOutput(stdout) {
  const blocks = new Map();
  let cur = null;
  for (const line of stdout.split('\n')) {
    const m = HEADER.exec(line);
    if (m && m[2] && (m[4] || m[2] === 'SKIPPED')) {
      cur = { state: m[2], rc: m[3] === undefined ? null : Number(m[3]), lines: [] };
      blocks.set(m[1], [...(blocks.get(m[1]) ?? []), cur]);
    } else if (cur) cur.lines.push(line);
  }
  for (const list of blocks.values()) {
    for (const b of list) {
      const lines = b.lines.map((l) => l.replace(/\r/g, '')).filter((l) => !SSH_NOTICE.test(l));
      b.text = `${lines.join('\n').replace(/\n+$/, '')}\n`;
      delete b.lines;
    }
  }
  return blocks;
}

function writeInventory(path, fleet, hosts) {
  const inv = {
    all: {
      vars: {
        ansible_user: fleet.user,
        ansible_port: fleet.port,
        ansible_ssh_private_key_file: fleet.clientKey,
        // explicit, so every run skips interpreter discovery (the hosts are this Debian 12 machine)
        ansible_python_interpreter: '/usr/bin/python3',
      },
      hosts: Object.fromEntries(hosts.map((h) => [h.name, { ansible_host: h.address }])),
    },
  };
  writeFileSync(path, YAML.stringify(inv));
}

function makeAnsibleTool(module) {
  return {
    id: `ansible-${module}`,
    label: `ansible -m ${module}`,
    needs: [{ binary: '/usr/bin/ansible', package: 'ansible-core' }],
    unavailable() {
      return null;
    },
    prepare(ctx, hosts, dir) {
      const inventory = join(dir, 'inventory.yml');
      writeInventory(inventory, ctx.fleet, hosts);
      const config = join(dir, 'ansible.cfg');
      writeFileSync(config, '# empty: ansible defaults, everything else comes from the environment\n');
      const home = join(dir, 'ansible-home');
      mkdirSync(join(home, 'tmp'), { recursive: true });
      return { inventory, config, home, count: hosts.length };
    },
    command(ctx, prepared, workload, runDir) {
      const cp = join(runDir, 'cp');
      mkdirSync(cp, { recursive: true });
      const f = ctx.fleet;
      const sshArgs = ['-C', '-o ControlMaster=auto', '-o ControlPersist=60s', `-o UserKnownHostsFile=${f.knownHosts}`,
        '-o GlobalKnownHostsFile=/dev/null', '-o IdentitiesOnly=yes'];
      return {
        argv: ['/usr/bin/ansible', 'all', '-i', prepared.inventory, '-m', module, '-a', workload.script, '-f', String(prepared.count)],
        cwd: runDir,
        env: {
          ANSIBLE_CONFIG: prepared.config,
          ANSIBLE_HOME: prepared.home,
          ANSIBLE_LOCAL_TEMP: join(prepared.home, 'tmp'),
          ANSIBLE_HOST_KEY_CHECKING: 'True',
          ANSIBLE_SSH_ARGS: sshArgs.join(' '),
          ANSIBLE_SSH_CONTROL_PATH_DIR: cp,
          ANSIBLE_TIMEOUT: '300',
          ANSIBLE_NOCOLOR: '1',
        },
        detachedMarker: `${cp}/`,
      };
    },
    verify(ctx, prepared, hosts, workload, runDir, expected) {
      const blocks = parseAdHocOutput(readFileSync(join(runDir, 'stdout'), 'utf8'));
      const problems = [];
      let answered = 0;
      for (const h of hosts) {
        const list = blocks.get(h.name) ?? [];
        blocks.delete(h.name);
        if (list.length !== 1) {
          problems.push(`${h.name}: answered ${list.length} times`);
          continue;
        }
        const b = list[0];
        if (!['CHANGED', 'SUCCESS'].includes(b.state) || b.rc !== 0) {
          problems.push(`${h.name}: ${b.state} rc=${b.rc}: ${b.text.trim().split('\n').slice(0, 3).join(' ')}`);
          continue;
        }
        const bad = workload.checkOutput(b.text, expected);
        if (bad) problems.push(`${h.name}: ${bad}`);
        else answered++;
      }
      for (const extra of blocks.keys()) problems.push(`unexpected host ${extra}`);
      return { answered, problems };
    },
  };
}

export const ansibleShellTool = makeAnsibleTool('shell');
export const ansibleRawTool = makeAnsibleTool('raw');
