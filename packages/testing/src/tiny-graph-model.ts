import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';

const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: readonly number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });

/** One node of a TensorFlow GraphDef as tfjs-converter writes it in model.json. */
export interface GraphDefNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

/** A float Const node of the given shape (its value comes from the weights). */
export function constNode(
  name: string,
  shape: readonly number[],
  dtype: 'float32' | 'int32' = 'float32',
): GraphDefNode {
  const tfType = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
  return {
    name,
    op: 'Const',
    attr: { value: { tensor: { dtype: tfType, tensorShape: dims(shape) } }, dtype: { type: tfType } },
  };
}

/** A float Placeholder node of the given shape (-1 for a free batch). */
export function placeholderNode(name: string, shape: readonly number[]): GraphDefNode {
  return { name, op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims(shape) } } };
}

/**
 * A real `tf.GraphModel` loaded from memory from hand-written GraphDef nodes (as tfjs-converter emits
 * them) and the values of their Const nodes: how tests build converter graphs with exactly the ops they
 * exercise. `attr` values follow the GraphDef JSON (`{ i: '2' }`, `{ s: btoa('SAME') }`, `{ list: { i: [...] } }`).
 */
export async function graphModelFromNodes(
  nodes: readonly GraphDefNode[],
  weights: Readonly<Record<string, tf.Tensor>>,
): Promise<tfc.GraphModel> {
  const entries = Object.entries(weights);
  const specs = entries.map(([name, t]) => ({ name, shape: t.shape, dtype: t.dtype as 'float32' | 'int32' }));
  const parts = entries.map(([, t]) => new Uint8Array(t.dataSync().buffer.slice(0)));
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.byteLength;
  }
  const modelTopology = { node: nodes, versions: { producer: 1395 } };
  return tfc.loadGraphModel(
    tf.io.fromMemory({ modelTopology, weightSpecs: specs, weightData: data.buffer, format: 'graph-model' }),
  );
}

/**
 * A hand-written TensorFlow GraphDef (as tfjs-converter emits) for `softmax(relu(x·W1 + b1)·W2 + b2)` on
 * `[N, features]`, loaded as a real `tf.GraphModel` from memory. Weights are returned too, so tests can
 * compute the closed form. The relu node is named `hidden`, the pre-softmax node `logits`.
 */
export async function tinyGraphModel(
  options: { features?: number; hidden?: number; outputs?: number; seed?: number } = {},
): Promise<{
  model: tfc.GraphModel;
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}> {
  const { features = 4, hidden = 5, outputs = 3, seed = 5 } = options;
  const w1 = tf.randomUniform([features, hidden], -1, 1, 'float32', seed) as tf.Tensor2D;
  const b1 = tf.randomUniform([hidden], -0.2, 0.2, 'float32', seed + 1) as tf.Tensor1D;
  const w2 = tf.randomUniform([hidden, outputs], -1, 1, 'float32', seed + 2) as tf.Tensor2D;
  const b2 = tf.randomUniform([outputs], -0.2, 0.2, 'float32', seed + 3) as tf.Tensor1D;
  const matmul = (name: string, a: string, b: string) => ({
    name,
    op: 'MatMul',
    input: [a, b],
    attr: { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: false } },
  });
  const binary = (name: string, op: string, inputs: string[]) => ({
    name,
    op,
    input: inputs,
    attr: { T: FLOAT },
  });
  const model = await graphModelFromNodes(
    [
      placeholderNode('x', [-1, features]),
      constNode('w1', [features, hidden]),
      constNode('b1', [hidden]),
      constNode('w2', [hidden, outputs]),
      constNode('b2', [outputs]),
      matmul('mm1', 'x', 'w1'),
      binary('add1', 'AddV2', ['mm1', 'b1']),
      binary('hidden', 'Relu', ['add1']),
      matmul('mm2', 'hidden', 'w2'),
      binary('logits', 'AddV2', ['mm2', 'b2']),
      binary('probs', 'Softmax', ['logits']),
    ],
    { w1, b1, w2, b2 },
  );
  return { model, w1, b1, w2, b2 };
}

/**
 * A converter graph `x [N, 4] → MatMul → Atan (node "bend") → MatMul → [N, 2]` with seeded weights: Atan is
 * outside Loupe's op table, so it runs as the converter's own op (plain autodiff, a warning) and relevance
 * methods must refuse it. Dispose `weights` with the model.
 */
export async function unlistedOpGraphModel(): Promise<{ model: tfc.GraphModel; weights: tf.Tensor[] }> {
  const w1 = tf.randomUniform([4, 3], -1, 1, 'float32', 2);
  const w2 = tf.randomUniform([3, 2], -1, 1, 'float32', 3);
  const attr = { T: FLOAT, transpose_a: { b: false }, transpose_b: { b: false } };
  const model = await graphModelFromNodes(
    [
      placeholderNode('x', [-1, 4]),
      constNode('w1', [4, 3]),
      constNode('w2', [3, 2]),
      { name: 'mm1', op: 'MatMul', input: ['x', 'w1'], attr },
      { name: 'bend', op: 'Atan', input: ['mm1'], attr: { T: FLOAT } },
      { name: 'mm2', op: 'MatMul', input: ['bend', 'w2'], attr },
    ],
    { w1, w2 },
  );
  return { model, weights: [w1, w2] };
}
