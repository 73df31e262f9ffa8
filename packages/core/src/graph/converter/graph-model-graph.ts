import type * as tfc from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';
import { OptionError, UnsupportedModelError } from '../../errors.js';
import { GraphEmitter } from '../emitter.js';
import type { ExplanationGraph } from '../types.js';
import { externalFeeds, externalOp } from './external.js';
import { type ConverterNode, type InputValue, NodeContext, NotTranslatable } from './node-context.js';
import { addN, binary, isBinary, isUnaryActivation, squaredDifference, unary } from './ops-elementwise.js';
import { batchNorm, convolution, depthwise, matMul, transposedConvolution } from './ops-linear.js';
import { STRUCTURE_RULES } from './ops-structure.js';
import { StaticValues } from './static-values.js';

interface ConverterGraph {
  nodes: Record<string, ConverterNode>;
  inputs: ConverterNode[];
  outputs: ConverterNode[];
}

type Rule = (ctx: NodeContext) => number | number[];

const RULES: Record<string, Rule> = {
  ...STRUCTURE_RULES,
  Conv2D: convolution,
  _FusedConv2D: convolution,
  DepthwiseConv2dNative: depthwise,
  DepthwiseConv2d: depthwise,
  FusedDepthwiseConv2dNative: depthwise,
  Conv2DBackpropInput: transposedConvolution,
  MatMul: matMul,
  BatchMatMul: matMul,
  BatchMatMulV2: matMul,
  _FusedMatMul: matMul,
  FusedBatchNorm: batchNorm,
  FusedBatchNormV2: batchNorm,
  FusedBatchNormV3: batchNorm,
  AddN: addN,
  SquaredDifference: squaredDifference,
};

const PASS_THROUGH = new Set(['Identity', 'StopGradient', 'Snapshot', 'PreventGradient', 'EnsureShape']);
const SHAPE_OPS = new Set(['Shape', 'ShapeN', 'Size', 'Rank']);
// Ops that need GraphModel.executeAsync (data-dependent control flow or output sizes).
const UNSUPPORTED = new Set([
  'Switch',
  'Merge',
  'Enter',
  'Exit',
  'NextIteration',
  'LoopCond',
  'While',
  'StatelessWhile',
  'If',
  'StatelessIf',
  'TensorArrayV3',
  'TensorListReserve',
  'TensorListFromTensor',
  'NonMaxSuppressionV2',
  'NonMaxSuppressionV3',
  'NonMaxSuppressionV4',
  'NonMaxSuppressionV5',
  'Where',
  'ListDiff',
]);

function executorGraph(model: tfc.GraphModel): ConverterGraph {
  return (model as unknown as { executor: { graph: ConverterGraph } }).executor.graph;
}

function parseName(name: string): [string, number] {
  const parts = name.split(':');
  return parts.length > 1 && /^\d+$/.test(parts[parts.length - 1])
    ? [parts.slice(0, -1).join(':'), Number(parts[parts.length - 1])]
    : [name, 0];
}

/** Converter nodes the output depends on, inputs before consumers. */
function needed(output: ConverterNode): ConverterNode[] {
  const order: ConverterNode[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: [ConverterNode, number][] = [[output, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next === 0) state.set(node.name, 'open');
    if (next < node.inputs.length) {
      top[1]++;
      const child = node.inputs[next];
      if (!state.has(child.name)) stack.push([child, 0]);
      continue;
    }
    stack.pop();
    state.set(node.name, 'done');
    order.push(node);
  }
  return order;
}

/** The node and output index to explain: `options.output` (a node name, `name:k`, or a signature key) or the first output. */
function outputOf(
  model: tfc.GraphModel,
  graph: ConverterGraph,
  requested: string | undefined,
  warnings: string[],
): [ConverterNode, number] {
  const names = model.outputs.map((o) => o.name);
  if (requested === undefined && names.length > 1) {
    warnings.push(
      `The model has ${names.length} outputs (${names.join(', ')}); explaining the first. Pass output: '<name>' to wrapModel to choose.`,
    );
  }
  const signature = (model as unknown as { signature?: { outputs?: Record<string, { name?: string }> } })
    .signature;
  const wanted = requested === undefined ? names[0] : (signature?.outputs?.[requested]?.name ?? requested);
  const [name, index] = parseName(wanted);
  const node = graph.nodes[name];
  if (!node) {
    throw new OptionError(
      `The GraphModel has no node "${requested}". Its outputs: ${names.join(', ')}; any node name works too.`,
    );
  }
  return [node, index];
}

/**
 * Translates a converter GraphModel into the explanation graph: every node the output needs becomes graph
 * ops on the model's constant weights (fused convolutions and matmuls split into linear op + activation,
 * BatchNorm-as-Mul/Add into affine ops, data movement into `move` ops). Identity-like nodes are aliases.
 * Ops outside Loupe's table run as the converter's own op (`external`), recorded in `warnings`.
 * Control-flow and other asynchronous graphs get an `UnsupportedModelError`.
 */
export function buildGraphModelGraph(
  model: tfc.GraphModel,
  options: { output?: string } = {},
): { graph: ExplanationGraph; owned: tf.Tensor[] } {
  const graph = executorGraph(model);
  const e = new GraphEmitter();
  const owned: tf.Tensor[] = [];
  const [outNode, outIndex] = outputOf(model, graph, options.output, e.warnings);
  const order = needed(outNode);
  const blocked = order.filter((n) => UNSUPPORTED.has(n.op));
  if (blocked.length > 0) {
    throw new UnsupportedModelError(
      `This GraphModel uses ${[...new Set(blocked.map((n) => n.op))].join(', ')} (e.g. node "${blocked[0].name}"): control flow or data-dependent shapes, which need GraphModel.executeAsync. Loupe explains graphs that run with execute(); export the model without these ops (e.g. without the post-processing), or explain a function model around executeAsync with a perturbation method.`,
    );
  }
  const values = new Map<string, InputValue[]>();
  // The highest output index read of each node (multi-output ops run externally need one node per output).
  const usedOutputs = new Map<string, number>();
  for (const n of order) {
    for (const inputName of n.inputNames) {
      const [name, index] = parseName(inputName.replace(/^\^/, ''));
      usedOutputs.set(name, Math.max(usedOutputs.get(name) ?? 0, index));
    }
  }
  usedOutputs.set(outNode.name, Math.max(usedOutputs.get(outNode.name) ?? 0, outIndex));
  const resolveInput = (inputName: string): InputValue => {
    const [name, index] = parseName(inputName.startsWith('^') ? inputName.slice(1) : inputName);
    const known = values.get(name);
    if (!known) throw new Error(`Converter node "${name}" was not translated before its consumer.`);
    return known[index] ?? known[0];
  };
  const statics = new StaticValues(model, order, owned);
  for (const node of order) {
    const inputs = node.inputNames.filter((n) => !n.startsWith('^')).map(resolveInput);
    if (node.op === 'Placeholder') {
      const index = graph.inputs.findIndex((i) => i.name === node.name);
      values.set(node.name, [
        {
          kind: 'node',
          id: e.emit(node.name, 'Placeholder', [], { kind: 'input', index: Math.max(index, 0) }),
        },
      ]);
    } else if (node.op === 'Const') {
      values.set(
        node.name,
        (model.weights[node.name] ?? []).map((tensor) => ({ kind: 'const', tensor })),
      );
    } else if (
      PASS_THROUGH.has(node.op) ||
      (node.op === 'Cast' && inputs[0]?.kind === 'node' && node.attrParams.dtype?.value === 'float32')
    ) {
      values.set(node.name, inputs);
      const first = inputs[0];
      if (first?.kind === 'node') e.byName.set(node.name, first.id);
    } else if (node.op === 'IdentityN') {
      values.set(node.name, inputs);
    } else if (SHAPE_OPS.has(node.op) || (inputs.length > 0 && inputs.every((v) => v.kind !== 'node'))) {
      values.set(node.name, [statics.valueOf(node, inputs)]);
    } else {
      values.set(
        node.name,
        translateNode(model, node, inputs, e, owned, resolveInput, usedOutputs.get(node.name) ?? 0),
      );
    }
  }
  const out = resolveInput(`${outNode.name}:${outIndex}`);
  if (out.kind !== 'node')
    throw new OptionError(`Output "${outNode.name}" does not depend on the model input.`);
  const inputIds = graph.inputs.map((i) => e.byName.get(i.name) ?? -1).filter((id) => id >= 0);
  return { graph: e.finish(inputIds, out.id), owned };
}

function translateNode(
  model: tfc.GraphModel,
  node: ConverterNode,
  inputs: InputValue[],
  e: GraphEmitter,
  owned: tf.Tensor[],
  resolveInput: (inputName: string) => InputValue,
  lastOutput: number,
): InputValue[] {
  const rule =
    RULES[node.op] ?? (isUnaryActivation(node.op) ? unary : isBinary(node.op) ? binary : undefined);
  if (rule) {
    const mark = e.nodes.length;
    const ctx = new NodeContext(node, inputs, e, owned, (k) => {
      const name = node.inputNames.filter((n) => !n.startsWith('^'))[k];
      const source = node.inputs.find((n) => n.name === name.split(':')[0]);
      if (!source) throw new NotTranslatable('an operand without a source node');
      const feeds = externalFeeds(source, resolveInput);
      return e.emit(
        name,
        source.op,
        feeds.map((f) => f.id),
        externalOp(
          model,
          source.op,
          feeds.map((f) => f.name),
          name,
        ),
      );
    });
    try {
      const ids = rule(ctx);
      return (Array.isArray(ids) ? ids : [ids]).map((id) => ({ kind: 'node', id }));
    } catch (err) {
      if (!(err instanceof NotTranslatable)) throw err;
      // Drop anything the rule emitted before it gave up.
      e.nodes.length = mark;
      for (const [name, id] of e.byName) if (id >= mark) e.byName.delete(name);
      e.warnOnce(
        `Node "${node.name}" (${node.op}) runs as the converter's own op (${err.message}); LRP and DeepLIFT cannot pass through it.`,
      );
    }
  } else {
    e.warnOnce(
      `Op ${node.op} (node "${node.name}") is outside Loupe's op table; it runs as the converter's own op with plain autodiff, and LRP and DeepLIFT cannot pass through it.`,
    );
  }
  const feeds = externalFeeds(node, resolveInput);
  const ids = feeds.map((f) => f.id);
  const names = feeds.map((f) => f.name);
  return Array.from({ length: lastOutput + 1 }, (_, k) => {
    const output = k === 0 ? node.name : `${node.name}:${k}`;
    return { kind: 'node', id: e.emit(output, node.op, ids, externalOp(model, node.op, names, output)) };
  });
}
