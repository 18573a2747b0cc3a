import type { Command, ExecResult } from './types.js';

/**
 * Reboot heuristic for distributions without a reboot flag (Arch, Alpine): upgrading the kernel
 * package deletes the module tree of the replaced kernel, so a missing
 * /usr/lib/modules/$(uname -r) (or /lib/modules/...) while other module trees exist means the
 * running kernel is no longer installed. No module trees at all (containers) says nothing.
 * Fixed text: no input is interpolated.
 */
export const KERNEL_MODULES_SCRIPT = [
  'k=$(uname -r)',
  'if [ -d "/usr/lib/modules/$k" ] || [ -d "/lib/modules/$k" ]; then echo "modules-present $k"; exit 0; fi',
  'for d in /usr/lib/modules/*/ /lib/modules/*/; do',
  '  if [ -d "$d" ]; then echo "modules-missing $k"; exit 0; fi',
  'done',
  'echo "modules-none $k"',
].join('\n');

export function kernelModulesCheck(): Command {
  return { argv: ['sh', '-c', KERNEL_MODULES_SCRIPT], root: false };
}

export function parseKernelModulesCheck(r: ExecResult): boolean {
  return /^modules-missing /m.test(r.stdout);
}
