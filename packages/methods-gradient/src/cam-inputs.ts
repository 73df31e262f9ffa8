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
 * The input a class activation map of `layer` is drawn over: for one input, that input; for several, the
 * image input `[N, H, W, C]` the layer depends on. Throws `OptionError` when the layer reads no image input.
 */
export function camInput(model: ExplainableModel, layer: string): number {
  if (model.inputs.length < 2) return 0;
  const images = inputsFeeding(model, layer).filter((k) => model.inputs[k].shape?.length === 4);
  if (images.length === 0) {
    throw new OptionError(
      `Layer "${layer}" reads no image input (inputs: ${model.inputs.map((s) => `${s.name} [${(s.shape ?? []).map((d) => d ?? 'N').join(', ')}]`).join(', ')}); Grad-CAM maps need one. Name a layer of the image branch, or pass upsample: false.`,
    );
  }
  return images[0];
}

/**
 * Maps `[N, h, w]` resized onto the input `camInput` picks (repeated over its channels); for a model with
 * several inputs the result is packed like the input, zero on the other inputs (the map says nothing about
 * them).
 */
export function upsampleToInputs(
  model: ExplainableModel,
  layer: string,
  maps: tf.Tensor3D,
  x: tf.Tensor,
): tf.Tensor {
  const target = camInput(model, layer);
  return mapInputs(model, x, (part, k) => (k === target ? upsampleToInput(maps, part) : tf.zerosLike(part)));
}
