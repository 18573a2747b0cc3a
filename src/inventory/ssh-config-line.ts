export interface ConfigToken {
  value: string;
  column: number;
}

export interface ConfigLine {
  keyword: string;
  column: number;
  args: ConfigToken[];
}

/**
 * Splits one ssh_config line into `Keyword [=] args...` with 1-based columns, like OpenSSH:
 * double or single quotes group words, an unquoted `#` starts a comment.
 * Returns null for blank and comment lines; throws Error(message, {cause: column}) on bad quoting.
 */
export function tokenizeConfigLine(line: string): ConfigLine | null {
  let i = 0;
  const ws = () => {
    while (i < line.length && /\s/.test(line[i]!)) i++;
  };
  ws();
  if (i >= line.length || line[i] === '#') return null;
  const kwStart = i;
  while (i < line.length && /[A-Za-z0-9]/.test(line[i]!)) i++;
  const keyword = line.slice(kwStart, i);
  if (keyword === '') throw new Error(`expected a keyword`, { cause: kwStart + 1 });
  ws();
  if (line[i] === '=') {
    i++;
    ws();
  }
  const args: ConfigToken[] = [];
  while (i < line.length) {
    ws();
    if (i >= line.length || line[i] === '#') break;
    const start = i;
    let value = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '"' || c === "'") {
        const end = line.indexOf(c, i + 1);
        if (end < 0) throw new Error(`unterminated quote`, { cause: i + 1 });
        value += line.slice(i + 1, end);
        i = end + 1;
      } else {
        value += c;
        i++;
      }
    }
    args.push({ value, column: start + 1 });
  }
  return { keyword, column: kwStart + 1, args };
}
