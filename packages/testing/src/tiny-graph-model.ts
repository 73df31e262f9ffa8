import * as tf from '@tensorflow/tfjs';

const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: readonly number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });

function constNode(name: string, shape: readonly number[]) {
  return {
    name,
    op: 'Const',
    attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } }, dtype: FLOAT },
  };
}

/**
 * A hand-written TensorFlow GraphDef (as tfjs-converter emits) for `softmax(relu(x·W1 + b1)·W2 + b2)` on
 * `[N, features]`, loaded as a real `tf.GraphModel` from memory. Weights are returned too, so tests can
 * compute the closed form. The relu node is named `hidden`, the pre-softmax node `logits`.
 */
export async function tinyGraphModel(
  options: { features?: number; hidden?: number; outputs?: number; seed?: number } = {},
): Promise<{
  model: tf.GraphModel;
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
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims([-1, features]) } } },
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
    versions: { producer: 1395 },
  };
  const specs = [
    { name: 'w1', shape: [features, hidden], dtype: 'float32' as const },
    { name: 'b1', shape: [hidden], dtype: 'float32' as const },
    { name: 'w2', shape: [hidden, outputs], dtype: 'float32' as const },
    { name: 'b2', shape: [outputs], dtype: 'float32' as const },
  ];
  const parts = [w1, b1, w2, b2].map((t) => t.dataSync() as Float32Array);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({ modelTopology, weightSpecs: specs, weightData: data.buffer, format: 'graph-model' }),
  );
  return { model, w1, b1, w2, b2 };
}
