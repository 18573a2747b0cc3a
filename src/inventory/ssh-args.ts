/** Splits a command-line string like a POSIX shell would (quotes and backslashes; no expansion). */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export interface SshArgsInfo {
  /** Hops from `-o ProxyJump=...` or `-J ...`; undefined when absent. */
  proxyJump?: string[];
  /** Everything else, which pkgfleet does not apply. */
  ignored: string[];
}

/** Reads ssh command-line options (Ansible's ansible_ssh_common_args); only ProxyJump is used. */
export function readSshArgs(s: string): SshArgsInfo {
  const args = splitArgs(s);
  const info: SshArgsInfo = { ignored: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let option: string | undefined;
    if (a === '-o') option = args[++i];
    else if (a.startsWith('-o')) option = a.slice(2);
    else if (a === '-J') option = `ProxyJump=${args[++i] ?? ''}`;
    else if (a.startsWith('-J')) option = `ProxyJump=${a.slice(2)}`;
    if (option === undefined) {
      info.ignored.push(a);
      continue;
    }
    const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(option);
    if (m && m[1]!.toLowerCase() === 'proxyjump') {
      const value = m[2]!.trim();
      info.proxyJump = value === 'none' ? [] : value.split(',').map((h) => h.trim()).filter(Boolean);
    } else {
      info.ignored.push(`-o ${option}`);
    }
  }
  return info;
}
