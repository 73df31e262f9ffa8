import * as tfc from '@tensorflow/tfjs-converter';
import * as tfl from '@tensorflow/tfjs-layers';
import { InputValueError, OptionError } from '../errors.js';
import { buildGraphModelGraph } from '../graph/converter/graph-model-graph.js';
import { buildLayersGraph } from '../graph/layers-graph.js';
import type { ModelInputShape } from '../input.js';
import { WrappedModel } from './explainable-model.js';
import { FunctionForwarder } from './function-forwarder.js';
import { GraphForwarder, type GraphSource } from './graph-forwarder.js';
import { makePreprocess, resolvePreprocess } from './preprocess.js';
import type {
  ExplainableModel,
  ModelFunction,
  ModelLike,
  MultiInputModelFunction,
  WrapOptions,
} from './types.js';

/** True for values `wrapModel` has already wrapped. */
export function isExplainableModel(m: unknown): m is ExplainableModel {
  return m instanceof WrappedModel;
}

function checkOptions(options: WrapOptions): void {
  if (options.output !== undefined && !['logits', 'probabilities', 'raw'].includes(options.output)) {
    throw new OptionError(
      `output must be 'logits', 'probabilities' or 'raw'; got "${String(options.output)}". To choose one of several model outputs, pass outputNode.`,
    );
  }
  const r = options.inputRange;
  if (r && !(r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])) {
    throw new OptionError(`inputRange must be [min, max] with min < max; got [${r.join(', ')}].`);
  }
}

/** A batch dimension converters fix at 1 is free: the graph runs any batch. */
function freeBatch(shape: readonly (number | null)[] | undefined): ModelInputShape | null {
  return shape ? shape.map((d, i) => (i === 0 || d === null || d < 0 ? null : d)) : null;
}

/**
 * The inputs' shapes, with free dimensions fixed by `options.inputShapes` (checked against what the model
 * declares: a fixed dimension must agree).
 */
function declaredInputs(
  inputs: readonly { name: string; shape: ModelInputShape | null; dtype: string }[],
  options: WrapOptions,
): { name: string; shape: ModelInputShape | null; dtype: string }[] {
  const given = options.inputShapes;
  if (!given) return [...inputs];
  if (given.length !== inputs.length) {
    throw new OptionError(
      `inputShapes has ${given.length} shape(s); the model has ${inputs.length} input(s) (${inputs.map((i) => i.name).join(', ')}).`,
    );
  }
  return inputs.map((input, k) => {
    const shape = [null, ...given[k]];
    const fits =
      !input.shape ||
      (input.shape.length === shape.length &&
        input.shape.every((d, i) => i === 0 || d === null || d === shape[i]));
    if (!fits) {
      throw new OptionError(
        `inputShapes[${k}] = [${given[k].join(', ')}] does not fit input "${input.name}" [${(input.shape ?? []).map((d) => d ?? 'N').join(', ')}]; only free dimensions can be fixed.`,
      );
    }
    return { ...input, shape };
  });
}

function layersSource(model: tfl.LayersModel, options: WrapOptions): GraphSource {
  let output = 0;
  if (options.outputNode !== undefined) {
    output = model.outputNames.indexOf(options.outputNode);
    if (output < 0) {
      throw new OptionError(
        `outputNode "${options.outputNode}" is not an output of this model; its outputs: ${model.outputNames.join(', ')}.`,
      );
    }
  }
  return {
    kind: 'layers',
    inputs: declaredInputs(
      model.inputs.map((t, k) => ({ name: model.inputNames[k], shape: t.shape, dtype: t.dtype })),
      options,
    ),
    build: () => {
      const graph = buildLayersGraph(model, output);
      if (model.outputs.length > 1 && options.outputNode === undefined) {
        (graph.warnings as string[]).push(
          `The model has ${model.outputs.length} outputs (${model.outputNames.join(', ')}); explaining the first. Pass outputNode to wrapModel to choose.`,
        );
      }
      return { graph, owned: [] };
    },
    rebuildOnRefresh: false,
  };
}

function graphModelSource(model: tfc.GraphModel, options: WrapOptions): GraphSource {
  return {
    kind: 'graph',
    inputs: declaredInputs(
      model.inputs.map((i) => ({ name: i.name, shape: freeBatch(i.shape), dtype: String(i.dtype) })),
      options,
    ),
    build: () => buildGraphModelGraph(model, { output: options.outputNode }),
    rebuildOnRefresh: true,
  };
}

/**
 * Wraps a `tf.LayersModel` (sequential or functional, nested models included), a `tf.GraphModel`, or a
 * function `(x) => scores` for explanation. Models with several inputs are explained on their packed input
 * (`ExplainableModel.inputs`): methods take one tensor per input and return one attribution per input. LayersModels and GraphModels both become one op-level
 * explanation graph: plain ops on constant weights (an input gradient computes no weight gradient) with
 * BatchNorm and constant affine ops folded into the preceding linear op. An `ExplainableModel` passes
 * through unchanged.
 */
export function wrapModel(model: ModelLike | ExplainableModel, options?: WrapOptions): ExplainableModel;
/** A function of several inputs: `options.inputShapes` gives one example's shape per input. */
export function wrapModel(
  model: MultiInputModelFunction,
  options: WrapOptions & { inputShapes: readonly (readonly number[])[] },
): ExplainableModel;
export function wrapModel(
  model: ModelLike | MultiInputModelFunction | ExplainableModel,
  options: WrapOptions = {},
): ExplainableModel {
  if (isExplainableModel(model)) return model;
  checkOptions(options);
  let source: GraphSource | null = null;
  if (model instanceof tfl.LayersModel) source = layersSource(model, options);
  else if (model instanceof tfc.GraphModel) source = graphModelSource(model, options);
  else if (typeof model !== 'function') {
    throw new InputValueError(
      'wrapModel takes a tf.LayersModel, a tf.GraphModel or a function (x) => scores.',
    );
  }
  const shapes = options.inputShapes ?? [options.inputShape];
  const inputs = source?.inputs ?? shapes.map((s) => ({ shape: s ? [null, ...s] : null }));
  if (inputs.length > 1 && options.preprocess !== undefined) {
    throw new OptionError(
      `preprocess applies to models with one input; this model has ${inputs.length}. Preprocess each input yourself before explaining (attributions are then w.r.t. the preprocessed values).`,
    );
  }
  const preset = typeof options.preprocess === 'string';
  const preprocess = resolvePreprocess(options.preprocess, inputs[0].shape);
  const resolved: WrapOptions = {
    ...options,
    preprocess,
    inputRange: options.inputRange ?? (preset ? [0, 1] : undefined),
  };
  const forwarder = source
    ? new GraphForwarder(source, options.foldBatchNorm !== false)
    : new FunctionForwarder(model as ModelFunction | MultiInputModelFunction, shapes, options.inputNames);
  return new WrappedModel(model as ModelLike, forwarder, resolved, makePreprocess(preprocess));
}
