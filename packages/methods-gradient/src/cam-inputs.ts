import { type ExplainableModel, mapInputs, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { upsampleToInput } from './cam-maps.js';

/** Positions (in `model.inputs`) of the inputs a layer's value depends on. */
export function inputsFeeding(model: ExplainableModel, layer: string): number[] {
  const graph = model.unfoldedGraph;
  const root = graph?.byName.get(layer);
  if (!graph || root === undefined) return model.inputs.map((_, k) => k);
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  return graph.inputs.flatMap((id, k) => (seen.has(id) ? [k] : []));
}

/**
 * The input a class activation map of `layer` is drawn over: an image input `[N, H, W, C]` for an image
 * feature map, a sequence input `[N, L, C]` (or token ids `[N, L]`) for a 1-D one (Conv1D); for several inputs, the first such input
 * the layer depends on. Throws `OptionError` when there is none (or the single input has another rank).
 */
export function camInput(model: ExplainableModel, layer: string, x?: tf.Tensor): number {
  const rank = model.layer(layer).outputShape.length;
  const kind = rank === 3 ? 'sequence input [N, L, C]' : 'image input [N, H, W, C]';
  const describe = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? 'N').join(', ')}]`;
  if (model.inputs.length < 2) {
    // Token ids [N, L] are a sequence with one value per position (their embedding makes the channels).
    const tokens = rank === 3 && model.inputs[0].dtype === 'int32' && x?.rank === 2;
    if (x && x.rank !== rank && !tokens) {
      throw new OptionError(
        `Upsampling a Grad-CAM map of layer "${layer}" needs a ${kind}; the input has shape ${describe(x.shape)}. Pass upsample: false for the map at the layer's resolution.`,
      );
    }
    return 0;
  }
  const fits = inputsFeeding(model, layer).filter((k) => model.inputs[k].shape?.length === rank);
  if (fits.length === 0) {
    throw new OptionError(
      `Layer "${layer}" reads no ${kind} (inputs: ${model.inputs.map((s) => `${s.name} ${describe(s.shape ?? [])}`).join(', ')}); Grad-CAM maps need one. Name a layer of that branch, or pass upsample: false.`,
    );
  }
  return fits[0];
}

/**
 * Maps `[N, h, w]` resized onto the input `camInput` picks (repeated over its channels); for a model with
 * several inputs the result is packed like the input, zero on the other inputs (the map says nothing about
 * them).
 */
export function upsampleToInputs(
  model: ExplainableModel,
  layer: string,
  maps: tf.Tensor,
  x: tf.Tensor,
): tf.Tensor {
  const target = camInput(model, layer);
  return mapInputs(model, x, (part, k) => (k === target ? upsampleToInput(maps, part) : tf.zerosLike(part)));
}
