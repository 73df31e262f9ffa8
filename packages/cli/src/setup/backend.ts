import { useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
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

/**
 * Activates the chosen backend and returns the tfjs backend name. The "Hi, looks like you are running
 * TensorFlow.js in Node.js" banner is silenced: the CLI says which backend it uses itself.
 */
export async function activateBackend(choice: BackendChoice): Promise<string> {
  tf.env().set('PROD', true);
  const name = await useBackend(choice === 'node' ? 'tensorflow' : choice);
  return name;
}
