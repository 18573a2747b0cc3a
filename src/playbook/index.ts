export { loadPlaybook, parsePlaybook } from './load.js';
export { PlaybookError } from './errors.js';
export { resolvePlays, type PlayTarget, type PlaybookTargets } from './resolve-plays.js';
export { runPlaybook, type PlaybookRun, type PlaybookRunOptions } from './run-playbook.js';
export { renderDiff } from './diff-view.js';
export type { StepRecord, StepLog } from './step-record.js';
export type { Playbook, Play, Step, StepAction, PackageItem, Condition, RebootSpec, HealthCheck, SerialEntry } from './types.js';
