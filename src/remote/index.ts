export { quote, renderCommand, type RenderOptions } from './quote.js';
export {
  ConnectError,
  type ConnectErrorKind,
  type ExecOptions,
  type Transport,
  type TransportExecResult,
} from './transport.js';
export type { TransportContext } from './context.js';
export { createTransport } from './factory.js';
export { SshTransport } from './ssh-transport.js';
export { LocalTransport } from './local-transport.js';
export { KeyLoader, sharedKeyLoader } from './key-loader.js';
export { resolveSecret, type PromptFn } from './secret-source.js';
export {
  classifyBecomeFailure,
  detectBecomeFailure,
  decideSudo,
  prepareExec,
  type BecomeFailure,
  type BecomeFailureReason,
  type BecomeSettings,
  type PreparedExec,
  type SudoMode,
} from './become.js';
export { verifyHostKey, type HostKeyCheck, type HostKeyVerdict } from './host-key-verifier.js';
export { fingerprintSha256 } from './host-key.js';
