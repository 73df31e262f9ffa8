import { useBackend } from '@loupe/core';
import { UsageError } from '../exit-codes.js';

/** Backends `--backend` accepts. */
export const BACKEND_CHOICES = ['auto', 'cpu', 'wasm', 'webgpu', 'node'] as const;

/** `--backend` value (node is tfjs-node, whose tfjs backend is named 'tensorflow'). */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Checks a `--backend` value. */
export function parseBackend(text: string): BackendChoice {
  const choice = BACKEND_CHOICES.find((c) => c === text);
  if (!choice) throw new UsageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}; got '${text}'.`);
  return choice;
}

/** Activates the chosen backend (`node` is tfjs-node, named 'tensorflow' in tfjs) and returns its tfjs name. */
export function activateBackend(choice: BackendChoice): Promise<string> {
  return useBackend(choice === 'node' ? 'tensorflow' : choice);
}
