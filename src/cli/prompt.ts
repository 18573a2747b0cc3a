/**
 * Asks a question on the terminal without echoing the answer (passwords, passphrases). Node's
 * readline is loaded only here, when a question is asked, not at every start.
 */
export async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine(question);
  const { createInterface } = await import('node:readline');
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    let muted = false;
    out._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) process.stderr.write(muted ? '\n' : s);
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}

let stdinLines: Promise<string[]> | null = null;
let stdinIndex = 0;

/** Without a terminal, answers come from stdin, one line each (e.g. `printf 'pw\n' | pkgfleet -K ...`). */
function readStdinLine(question: string): Promise<string> {
  stdinLines ??= new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => (data += c));
    process.stdin.on('end', () => resolve(data.split(/\r?\n/)));
  });
  return stdinLines.then((lines) => {
    const line = lines[stdinIndex++];
    if (line === undefined || (line === '' && stdinIndex >= lines.length)) {
      throw new Error(`${question.trim()} no terminal and no line left on stdin to answer it`);
    }
    return line;
  });
}
