import type { Logger } from 'pino';
import { importEsm } from '../util/import-esm.js';

/** Paths pino removes from every log record: secrets never reach a log. */
export const REDACT_PATHS = [
  'password', '*.password', 'becomePassword', '*.becomePassword', 'passphrase', '*.passphrase',
  'stdin', '*.stdin', 'become_password', '*.become_password', 'headers.authorization',
];

/** A pino logger writing to --log-file; pino is loaded only when a log file is asked for. */
export async function createLogger(opts: { file?: string; level?: string }): Promise<Logger | undefined> {
  if (!opts.file) return undefined;
  const { default: pino } = await importEsm<typeof import('pino')>('pino');
  return pino(
    { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { pid: process.pid } },
    pino.destination({ dest: opts.file, sync: true, mkdir: true }),
  );
}
