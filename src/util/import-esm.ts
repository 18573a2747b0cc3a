/** Where bin/pkgfleet.js puts its import() for the CLI bundle (see importEsm). */
export const IMPORT_ESM = Symbol.for('pkgfleet.importEsm');

/**
 * import() of a dependency that is an ES module only (execa, pino), loaded on request. The CLI
 * bundle runs in a vm.Script compiled with V8's code cache (bin/pkgfleet.js), and there Node 20
 * loses the import() callback of code restored from the cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING):
 * bin/pkgfleet.js then provides an import() of its own, from the same package folder.
 */
export function importEsm<T>(specifier: string): Promise<T> {
  const provided = (globalThis as Record<symbol, unknown>)[IMPORT_ESM] as ((s: string) => Promise<T>) | undefined;
  return provided ? provided(specifier) : (import(specifier) as Promise<T>);
}
