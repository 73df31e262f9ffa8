import type * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import type { NodeOp } from '../types.js';
import type { ConverterNode, InputValue } from './node-context.js';

/** A tensor an external op is fed: the converter name it replaces and the graph node computing it. */
export interface Feed {
  name: string;
  id: number;
}

const SHAPE_OPS = new Set(['Shape', 'ShapeN', 'Size', 'Rank']);

/**
 * The computed tensors a converter node reads: its own computed inputs, and the tensors whose run-time
 * shapes feed it through Shape/Size/Rank (the converter evaluates those shape computations itself).
 */
export function externalFeeds(node: ConverterNode, resolveInput: (inputName: string) => InputValue): Feed[] {
  const feeds = new Map<string, number>();
  const seen = new Set<string>();
  const walk = (n: ConverterNode, names: readonly string[]) => {
    names.forEach((inputName) => {
      if (inputName.startsWith('^')) return;
      const v = resolveInput(inputName);
      if (v.kind === 'node') {
        feeds.set(inputName, v.id);
        return;
      }
      // Shape computations (evaluated or not) read the shapes of computed tensors, which the converter needs fed.
      if (v.kind !== 'shape' && !(v.kind === 'const' && v.host)) return;
      const source = n.inputs.find((i) => i.name === inputName.split(':')[0]);
      if (!source || seen.has(source.name)) return;
      seen.add(source.name);
      walk(source, SHAPE_OPS.has(source.op) ? source.inputNames : source.inputNames);
    });
  };
  walk(node, node.inputNames);
  return [...feeds].map(([name, id]) => ({ name, id }));
}

/**
 * A node run as the converter's own op: `GraphModel.execute` fed with the node's computed inputs (the
 * executor cuts the graph at fed nodes), returning `output`. Differentiable through tfjs's autodiff of
 * whatever kernels the converter runs.
 */
export function externalOp(
  model: tfc.GraphModel,
  what: string,
  feedNames: readonly string[],
  output: string,
): NodeOp {
  return {
    kind: 'external',
    what,
    apply: (xs) => {
      const feed: Record<string, tf.Tensor> = {};
      feedNames.forEach((name, k) => {
        // Graph inputs declared as integers (image bytes) are fed the float tensor the explanation uses.
        const declared = model.inputs.find((i) => i.name === name)?.dtype;
        feed[name] = declared && declared !== xs[k].dtype ? tf.cast(xs[k], declared) : xs[k];
      });
      return model.execute(feed, output) as tf.Tensor;
    },
  };
}
