import * as tfl from '@tensorflow/tfjs-layers';
import { GraphEmitter } from './emitter.js';
import { layerToOps } from './layer-to-ops.js';
import { isRecurrentLayer, unrollRecurrent } from './recurrent.js';
import type { ExplanationGraph } from './types.js';

type SymbolicTensor = tfl.SymbolicTensor & {
  sourceLayer: tfl.layers.Layer;
  inputs: SymbolicTensor[];
  nodeIndex: number;
  tensorIndex?: number;
  id: number;
};

interface Builder {
  e: GraphEmitter;
  /** Node ids of each output of a (prefixed) layer call, keyed `name` → tensor index → id. */
  memo: Map<string, number[]>;
  /** How often each (prefixed) layer has been called so far in this graph. */
  calls: Map<string, Map<number, number>>;
  /** Model input tensors (by symbolic id) → their position among the model's inputs. */
  inputIndex: Map<number, number>;
}

function isNestedModel(layer: tfl.layers.Layer): layer is tfl.LayersModel {
  return layer instanceof tfl.LayersModel;
}

/** Emits one layer call's nodes and returns the ids of its output tensors. */
function emitLayer(b: Builder, t: SymbolicTensor, base: string, inputs: number[]): number[] {
  const layer = t.sourceLayer;
  const cls = layer.getClassName();
  if (cls === 'InputLayer') {
    const index = b.inputIndex.get(t.id) ?? 0;
    return [b.e.emit(base, cls, [], { kind: 'input', index }, [...t.shape])];
  }
  const steps = t.inputs[0]?.shape[1];
  if (isRecurrentLayer(layer)) {
    if (typeof steps === 'number' && inputs.length === 1) {
      return unrollRecurrent({ emitter: b.e, base, input: inputs[0], steps }, layer);
    }
    b.e.warnOnce(
      `Layer "${base}" (${cls}) runs as the tfjs layer itself: its inputs have no fixed sequence length (or carry initial states), so it is not unrolled. Give the model input a fixed length to use LRP or DeepLIFT through it.`,
    );
  }
  let feed = inputs;
  let id = -1;
  for (const part of layerToOps(layer)) {
    const shape = [...t.shape];
    if (part.channels !== undefined) shape[shape.length - 1] = part.channels;
    id = b.e.emit(base + part.suffix, cls, feed, part.op, shape);
    feed = [id];
  }
  const op = b.e.nodes[id].op;
  if (op.kind === 'layer') {
    b.e.warnOnce(
      `Layer "${base}" (${cls}) has no op-level translation; it runs as the tfjs layer with plain autodiff, and LRP/DeepLIFT cannot pass through it.`,
    );
  }
  return [id];
}

function visit(b: Builder, t: SymbolicTensor, prefix: string, bound: Map<number, number>): number {
  const known = bound.get(t.id);
  if (known !== undefined) return known;
  const layer = t.sourceLayer;
  // Name repeated calls of a shared layer by their order in this model, not tfjs's global node index
  // (a nested model's first call inside the outer model is its node 1).
  const calls = b.calls.get(prefix + layer.name) ?? new Map<number, number>();
  b.calls.set(prefix + layer.name, calls);
  if (!calls.has(t.nodeIndex)) calls.set(t.nodeIndex, calls.size);
  const call = calls.get(t.nodeIndex) as number;
  const base = prefix + layer.name + (call > 0 ? `:${call}` : '');
  const index = t.tensorIndex ?? 0;
  const seen = b.memo.get(base);
  if (seen) return seen[index] ?? seen[0];
  const inputs = t.inputs.map((i) => visit(b, i, prefix, bound));
  let ids: number[];
  if (isNestedModel(layer)) {
    // Inline the nested model: its input tensors are bound to the outer nodes that feed it.
    const inner = new Map<number, number>();
    for (const [k, input] of (layer.inputs as SymbolicTensor[]).entries()) inner.set(input.id, inputs[k]);
    ids = (layer.outputs as SymbolicTensor[]).map((o) => visit(b, o, `${base}/`, inner));
    b.e.byName.set(base, ids[0]);
  } else {
    ids = emitLayer(b, t, base, inputs);
  }
  b.memo.set(base, ids);
  return ids[index] ?? ids[0];
}

/**
 * Rewrites a (sequential or functional) LayersModel as an explanation graph of plain ops that read the
 * layers' own weights. Nested models are inlined with `outer/inner` names; recurrent layers with a fixed
 * sequence length are unrolled. `output` picks one of several model outputs (default the first).
 */
export function buildLayersGraph(model: tfl.LayersModel, output = 0): ExplanationGraph {
  const inputIndex = new Map<number, number>();
  (model.inputs as SymbolicTensor[]).forEach((input, k) => {
    inputIndex.set(input.id, k);
  });
  const b: Builder = { e: new GraphEmitter(), memo: new Map(), calls: new Map(), inputIndex };
  const out = visit(b, model.outputs[output] as SymbolicTensor, '', new Map());
  const inputs = (model.inputs as SymbolicTensor[]).map((input) => visit(b, input, '', new Map()));
  return b.e.finish(inputs, out);
}
