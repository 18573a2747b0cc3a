import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, NextAuthHandler } from 'ssh2';
import type { BecomePasswordSource } from '../inventory/types.js';
import type { KeyLoader } from './key-loader.js';
import { resolveSecret, type PromptFn } from './secret-source.js';

const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** ~/.ssh/id_ed25519, id_ecdsa, id_rsa: those that exist, in that order. */
export function defaultKeyFiles(homeDir: string): string[] {
  return DEFAULT_KEY_NAMES.map((n) => join(homeDir, '.ssh', n)).filter((f) => existsSync(f));
}

export interface AuthRequest {
  username: string;
  /** ssh-agent socket (SSH_AUTH_SOCK); undefined = no agent. */
  agentSocket?: string;
  /** Key files to try after the agent, in order. */
  keyFiles: string[];
  /** Set only when the host asks for password auth explicitly. */
  passwordSource?: BecomePasswordSource;
  keyLoader: KeyLoader;
  prompt?: PromptFn;
  /** `user@host:port`, used in prompts and messages. */
  label: string;
}

interface AuthStep {
  /** What the server must allow for this step to be tried. */
  needs: AuthenticationType;
  /** Shown in the failure message: `agent`, `key /path`, `password`. */
  label: string;
  method: AnyAuthMethod;
}

export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** Steps actually sent to the server. */
  tried(): string[];
  /** Methods the server said it accepts (after the first `none` probe). */
  serverMethods(): string[];
  /** Keys skipped before connecting (unreadable, wrong passphrase). */
  skipped: string[];
}

/**
 * Resolves everything interactive BEFORE connecting (key passphrases, an explicit password), so
 * no prompt runs inside the connect timeout, then builds ssh2's authHandler: agent first, then
 * each key file, then password / keyboard-interactive only if a password source was given.
 */
export async function prepareAuth(req: AuthRequest): Promise<AuthPlan> {
  const { username } = req;
  const steps: AuthStep[] = [];
  const skipped: string[] = [];
  if (req.agentSocket) {
    steps.push({ needs: 'publickey', label: 'agent', method: { type: 'agent', username, agent: req.agentSocket } });
  }
  for (const file of req.keyFiles) {
    const loaded = await req.keyLoader.load(file);
    if (loaded.key) steps.push({ needs: 'publickey', label: `key ${file}`, method: { type: 'publickey', username, key: loaded.key } });
    else skipped.push(`key ${file}: ${loaded.error ?? 'unusable'}`);
  }
  if (req.passwordSource) {
    const password = await resolveSecret(req.passwordSource, `Password for ${req.label}: `, req.prompt);
    steps.push({ needs: 'password', label: 'password', method: { type: 'password', username, password } });
    steps.push({
      needs: 'keyboard-interactive',
      label: 'keyboard-interactive',
      method: {
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map((p) => (p.echo ? '' : password))),
      },
    });
  }
  return buildPlan(username, steps, skipped);
}

function buildPlan(username: string, steps: AuthStep[], skipped: string[]): AuthPlan {
  const tried: string[] = [];
  let methods: string[] = [];
  let next = 0;
  const handler = (authsLeft: AuthenticationType[] | null, _partial: boolean | null, cb: NextAuthHandler): void => {
    if (authsLeft == null) {
      cb({ type: 'none', username });
      return;
    }
    methods = [...authsLeft];
    while (next < steps.length) {
      const step = steps[next++] as AuthStep;
      if (!authsLeft.includes(step.needs)) continue;
      tried.push(step.label);
      cb(step.method);
      return;
    }
    cb(false as unknown as AuthenticationType);
  };
  return {
    handler: handler as AuthHandlerMiddleware,
    tried: () => [...tried],
    serverMethods: () => [...methods],
    skipped,
  };
}
