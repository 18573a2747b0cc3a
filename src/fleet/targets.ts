import type { PackageSpec } from '../managers/types.js';

/** A package request as the user typed it, checked against a conservative universal grammar. */
export interface Target {
  raw: string;
  /** native = the host's OS manager; flatpak:// and docker:// go to the managers beside it. */
  scheme: 'native' | 'flatpak' | 'image';
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

// Names and pins: letters, digits and the punctuation real package names/versions use.
// Everything else (spaces, ; $ ` ' " \ | & newlines...) is refused before any host is contacted;
// each manager then applies its own, stricter grammar.
const NATIVE = /^[A-Za-z0-9_][A-Za-z0-9._+@~:-]*(=[A-Za-z0-9._+~:^*-]+)?$/;
const REF_BODY = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

export function parseTarget(raw: string): Target {
  const m = /^([a-z]+):\/\/(.*)$/s.exec(raw);
  if (m) {
    const [, scheme, body] = m as unknown as [string, string, string];
    if (!REF_BODY.test(body)) throw new InputError(`invalid reference ${JSON.stringify(raw)}: only letters, digits and . _ / : @ - are allowed`);
    if (scheme === 'flatpak') return { raw, scheme: 'flatpak' };
    if (scheme === 'docker' || scheme === 'oci' || scheme === 'podman') return { raw, scheme: 'image' };
    throw new InputError(`unknown reference scheme ${JSON.stringify(scheme + '://')} in ${JSON.stringify(raw)} (known: docker://, flatpak://)`);
  }
  if (!NATIVE.test(raw)) {
    throw new InputError(
      `invalid package ${JSON.stringify(raw)}: a package is NAME or NAME=VERSION made of letters, digits and . _ + @ ~ : - (version may end in *)`,
    );
  }
  return { raw, scheme: 'native' };
}

export function parseTargets(raws: string[]): Target[] {
  return raws.map(parseTarget);
}

export function describeSpec(spec: PackageSpec): string {
  return spec.version ? `${spec.name}=${spec.version}` : spec.name;
}
