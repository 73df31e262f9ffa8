import { getBackendPlugin, listBackends, useBackend } from '@loupe/core';
import { UsageError } from '../exit-codes.js';
import { registerEverything } from './register-plugins.js';

/** `--backend` value: 'auto', a registered backend's name as `loupe backends` lists it, or 'node' (= 'tensorflow'). */
export type BackendChoice = string;

/** Other names `--backend` accepts for a backend: `node` is tfjs-node, whose tfjs backend is 'tensorflow'. */
const ALIASES: Readonly<Record<string, string>> = { node: 'tensorflow' };

/** The names `--backend` accepts: 'auto', then every backend `loupe backends` lists (in its order). */
export async function backendChoices(): Promise<string[]> {
  registerEverything();
  return ['auto', ...(await listBackends()).map((b) => b.name)];
}

/** Checks a `--backend` value against the registered backends (availability is checked when it is used). */
export function parseBackend(text: string): BackendChoice {
  registerEverything();
  const name = ALIASES[text] ?? text;
  if (name === 'auto' || getBackendPlugin(name)) return text;
  throw new UsageError(
    `--backend must be auto or a backend \`loupe backends\` lists (cpu, wasm, webgpu, tensorflow; node = tensorflow); got '${text}'.`,
  );
}

/** Activates the chosen backend ('auto': the best available) and returns its tfjs name. */
export function activateBackend(choice: BackendChoice): Promise<string> {
  return useBackend(ALIASES[choice] ?? choice);
}

/** The tfjs name a choice stands for ('auto' stays 'auto' until activated). */
export function backendName(choice: BackendChoice): string {
  return ALIASES[choice] ?? choice;
}
