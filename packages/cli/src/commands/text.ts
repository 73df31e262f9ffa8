import { type Attribution, explain, fitSequence, getExplainer, tokenize } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../exit-codes.js';
import { parsePluginOptions } from '../input/plugin-options.js';
import { readVocabulary } from '../input/vocabulary.js';
import type { BackendChoice } from '../setup/backend.js';
import { modelFor, prepareRuntime } from '../workers/runtime.js';
import type { CommandContext } from './context.js';

/** Flags of `loupe text`. */
export interface TextFlags {
  model: string;
  text: string;
  vocab: string;
  /** Id of unknown words (default: the vocabulary's [UNK], else 1). */
  unknown?: number;
  method: string;
  target: number | 'predicted';
  opts: string[];
  seed: number;
  backend: BackendChoice;
}

/** What `loupe text` found: each token with its id and score. */
export interface TextResult {
  method: string;
  target: number | null;
  predicted: number;
  tokens: { token: string; id: number; score: number }[];
  /** Pad positions added to reach the model's sequence length (not shown as tokens). */
  padded: number;
}

/**
 * `loupe text`: token attribution for a text input. The text is split into words and punctuation, mapped to ids
 * through --vocab, padded to the model's sequence length with the pad token, explained (default method
 * `token-attribution`), and printed one token per line with its score (bar of # for the magnitude).
 */
export async function runText(flags: TextFlags, ctx: CommandContext): Promise<TextResult> {
  await prepareRuntime(flags.backend);
  const plugin = getExplainer(flags.method);
  const options = parsePluginOptions(flags.opts, [plugin])[plugin.id] ?? {};
  const vocabulary = await readVocabulary(flags.vocab, flags.unknown);
  const model = await modelFor(flags.model);
  const input = model.inputs[0];
  if (model.inputs.length !== 1 || input.dtype !== 'int32')
    throw new UsageError(
      `'${flags.model}' does not read token ids (its input is not an embedding lookup); use loupe explain.`,
    );
  const { tokens, ids } = tokenize(flags.text, vocabulary);
  if (tokens.length === 0) throw new UsageError('The text holds no tokens.');
  const length = input.shape?.[1] ?? null;
  const pad = typeof options.padToken === 'number' ? options.padToken : 0;
  let row: number[];
  try {
    row = fitSequence(ids, length, pad);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const x = tf.tensor2d([row], [1, row.length], 'int32');
  let a: Attribution | null = null;
  try {
    const predicted = tf.tidy(() => tf.argMax(tf.reshape(model.predict(x), [1, -1]), 1).dataSync()[0]);
    a = await explain(model, x, { ...options, method: plugin.id, target: flags.target, seed: flags.seed });
    const values = await a.data();
    if (values.length !== row.length)
      throw new UsageError(
        `Method '${plugin.id}' gives ${values.length} values, not one per token; use token-attribution.`,
      );
    const result: TextResult = {
      method: plugin.id,
      target: typeof a.target[0] === 'number' ? a.target[0] : null,
      predicted,
      tokens: tokens.map((token, i) => ({ token, id: ids[i], score: values[i] })),
      padded: row.length - tokens.length,
    };
    if (!ctx.json) ctx.print(formatTokens(result));
    return result;
  } finally {
    a?.dispose();
    x.dispose();
  }
}

/** One line per token: the token, its id, its score and a bar of `#` (+) or `-` (−) scaled to the largest |score|. */
export function formatTokens(result: TextResult): string {
  const largest = Math.max(1e-12, ...result.tokens.map((t) => Math.abs(t.score)));
  const width = Math.max(5, ...result.tokens.map((t) => t.token.length));
  const lines = result.tokens.map(({ token, id, score }) => {
    const bar = (score >= 0 ? '#' : '-').repeat(Math.round((20 * Math.abs(score)) / largest));
    return `${token.padEnd(width)}  ${String(id).padStart(6)}  ${score.toExponential(3).padStart(11)}  ${bar}`;
  });
  return [
    `${result.method} for class ${result.target ?? '(function)'} (predicted ${result.predicted})`,
    `${'token'.padEnd(width)}  ${'id'.padStart(6)}  ${'score'.padStart(11)}`,
    ...lines,
  ].join('\n');
}
