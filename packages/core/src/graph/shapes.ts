import * as tf from '@tensorflow/tfjs-core';
import { runGraphValues } from './run.js';
import type { ExplanationGraph } from './types.js';

/**
 * Output shape of every node (`null` batch), found by running the graph once on zeros of batch 1. Shapes
 * of converter nodes are not stored in model.json, and data-dependent ops make them hard to derive
 * statically; one forward pass gives them exactly. Returns null when an input has an unknown
 * non-batch dimension.
 */
export function inferShapes(
  graph: ExplanationGraph,
  inputShapes: readonly (readonly (number | null)[])[],
): ((number | null)[] | null)[] | null {
  if (inputShapes.some((s) => s.slice(1).some((d) => d === null || d < 0))) return null;
  let shapes: ((number | null)[] | null)[] = [];
  tf.tidy(() => {
    const feeds = inputShapes.map((s) => tf.zeros([1, ...(s.slice(1) as number[])]));
    const values = runGraphValues(graph, feeds);
    shapes = graph.nodes.map((n) => {
      const v = values.get(n.id);
      return v ? [null, ...v.shape.slice(1)] : null;
    });
  });
  return shapes;
}
