import * as tf from '@tensorflow/tfjs-core';
import { checkClassNames } from '../class-names.js';
import { UnknownLayerError, UnsupportedModelError } from '../errors.js';
import type { GraphFeed } from '../graph/run.js';
import {
  type ModelInputShape,
  type NormalizedInput,
  normalizeInput,
  normalizeInputAsync,
  restoreBatch,
} from '../input.js';
import { type ResolvedTarget, resolveTarget, resolveTargetAsync, type Target } from '../target.js';
import type { Forwarder } from './forwarder.js';
import { checkFunctionGradient } from './function-check.js';
import { InputLayout, inputSpecs, type ModelInput, type ModelInputSpec } from './input-layout.js';
import { assertTokenIds, assertTokenIdsAsync } from './token-ids.js';
import type {
  ExplainableModel,
  ForwardOptions,
  GradientResult,
  LayerGradientResult,
  LayerInfo,
  ModelLike,
  OutputView,
  WrapOptions,
} from './types.js';

/** The packed layout of several inputs; every non-batch dimension must be fixed. */
function packableLayout(inputs: readonly ModelInputSpec[]): InputLayout {
  const free = inputs.filter((i) => !Number.isFinite(i.size));
  if (free.length) {
    throw new UnsupportedModelError(
      `Input(s) ${free.map((i) => `"${i.name}" [${(i.shape ?? []).map((d) => d ?? 'N').join(', ')}]`).join(', ')} have free dimensions; a model with several inputs needs fixed ones. Pass inputShapes: [[...], ...] (one example's shape per input) to wrapModel.`,
    );
  }
  return new InputLayout(inputs);
}

/** The one implementation of `ExplainableModel`, over any `Forwarder`. */
export class WrappedModel implements ExplainableModel {
  readonly kind;
  readonly inputShape: ModelInputShape | null;
  readonly output: OutputView;
  readonly classNames;
  readonly inputRange;
  readonly inputs: readonly ModelInputSpec[];
  /** How several inputs pack into one tensor; null for single-input models. */
  private readonly layout: InputLayout | null;
  readonly wrapOptions: Readonly<WrapOptions>;
  private readonly preprocess: ((x: tf.Tensor) => tf.Tensor) | null;

  constructor(
    readonly source: ModelLike,
    private readonly fwd: Forwarder,
    options: WrapOptions,
    preprocess: ((x: tf.Tensor) => tf.Tensor) | null,
  ) {
    this.kind = fwd.kind;
    this.output = options.output ?? (fwd.endsWithSquash ? 'logits' : 'raw');
    this.classNames = options.classNames ?? null;
    this.inputRange = options.inputRange ?? null;
    this.wrapOptions = options;
    this.preprocess = preprocess;
    const classes = fwd.outputShape?.[fwd.outputShape.length - 1];
    checkClassNames(this.classNames, typeof classes === 'number' ? classes : null);
    this.inputs = inputSpecs(fwd.inputs);
    this.layout = this.inputs.length > 1 ? packableLayout(this.inputs) : null;
    const shape = fwd.inputs[0].shape;
    // With a resize in front, any image size is accepted.
    this.inputShape = this.layout
      ? [null, this.layout.size]
      : shape && typeof options.preprocess === 'object' && options.preprocess.resize
        ? shape.map((d, i) => (i === 0 || i === shape.length - 1 ? d : null))
        : shape;
  }

  /** The single input's vocabulary when it holds token ids. */
  private get vocabulary(): number | undefined {
    return this.layout ? undefined : this.inputs[0].vocabulary;
  }

  private get tokens(): boolean {
    return !this.layout && this.inputs[0].dtype === 'int32';
  }

  packInputs(x: ModelInput): tf.Tensor {
    if (x instanceof tf.Tensor) return x;
    if (this.layout) return this.layout.pack(x);
    const [only] = new InputLayout(this.inputs).order(x);
    return tf.clone(only);
  }

  unpackInputs(x: tf.Tensor): tf.Tensor[] {
    return this.layout ? this.layout.unpack(x) : [tf.clone(x)];
  }

  get outputShape(): readonly (number | null)[] | null {
    return this.fwd.outputShape;
  }

  get layers(): readonly LayerInfo[] {
    return this.fwd.layers;
  }
  get graph() {
    return this.fwd.graph;
  }
  get warnings(): readonly string[] {
    return this.fwd.graph?.warnings ?? [];
  }
  get unfoldedGraph() {
    return this.fwd.unfoldedGraph;
  }

  layer(name: string): LayerInfo {
    const found = this.fwd.layers.find((l) => l.name === name);
    if (!found)
      throw new UnknownLayerError(
        name,
        this.fwd.layers.map((l) => l.name),
      );
    return found;
  }

  normalize(x: tf.Tensor, checkFinite = true): NormalizedInput {
    const input = normalizeInput(x, this.inputShape, checkFinite, this.tokens);
    const vocabulary = this.vocabulary;
    if (checkFinite && vocabulary !== undefined) {
      try {
        assertTokenIds(input.batched, vocabulary);
      } catch (err) {
        if (!input.hadBatch) input.batched.dispose();
        throw err;
      }
    }
    return input;
  }

  numOutputs(xBatched?: tf.Tensor): number | null {
    const known = this.outputShape?.[this.outputShape.length - 1];
    if (typeof known === 'number') return known;
    if (!xBatched) return null;
    const out = tf.tidy(() => this.forwardBatched(tf.slice(xBatched, 0, 1)));
    const n = out.shape[out.rank - 1] ?? 1;
    out.dispose();
    checkClassNames(this.classNames, n);
    return n;
  }

  /** What the forwarder is fed: the preprocessed input, or one tensor per input of a packed one. */
  private pre(x: tf.Tensor): GraphFeed {
    if (this.layout) return this.layout.unpack(x);
    return this.preprocess ? this.preprocess(x) : x;
  }

  forwardBatched(xBatched: tf.Tensor, options: ForwardOptions = {}): tf.Tensor {
    return tf.tidy(() => this.view(this.fwd.forward(this.pre(xBatched), this.preSoftmax(), options.rules)));
  }

  private preSoftmax(): boolean {
    return this.output === 'logits' && this.fwd.endsWithSquash;
  }

  /**
   * Turns the forwarder's output into the requested view: a model without softmax/sigmoid gets one for
   * 'probabilities' (a sigmoid for one channel, whose softmax would be 1 everywhere).
   */
  private view(out: tf.Tensor): tf.Tensor {
    if (this.output !== 'probabilities' || this.fwd.endsWithSquash) return out;
    return out.shape[out.rank - 1] === 1 ? tf.sigmoid(out) : tf.softmax(out);
  }

  get maskThreshold(): number {
    return this.output === 'probabilities' || (this.output === 'raw' && this.fwd.endsWithSquash) ? 0.5 : 0;
  }

  activationBatched(xBatched: tf.Tensor, layer: string): tf.Tensor {
    this.layer(layer);
    return tf.tidy(() => this.fwd.activations(this.pre(xBatched), [layer])[0]);
  }

  forwardFromLayerBatched(
    xBatched: tf.Tensor,
    layer: string,
    activation: tf.Tensor,
    options: ForwardOptions = {},
  ): tf.Tensor {
    this.layer(layer);
    return tf.tidy(() =>
      this.view(
        this.fwd.forwardFrom(this.pre(xBatched), layer, activation, this.preSoftmax(), options.rules),
      ),
    );
  }

  async prepare(x: tf.Tensor, target?: Target): Promise<{ input: NormalizedInput; target: ResolvedTarget }> {
    const input = await normalizeInputAsync(x, this.inputShape, this.tokens);
    try {
      const vocabulary = this.vocabulary;
      if (vocabulary !== undefined) await assertTokenIdsAsync(input.batched, vocabulary);
      return { input, target: await this.resolveTargetAsync(input.batched, target) };
    } catch (err) {
      if (!input.hadBatch) input.batched.dispose();
      throw err;
    }
  }

  resolveTarget(xBatched: tf.Tensor, target?: Target): ResolvedTarget {
    return this.resolveTargetWith(xBatched, target, (numOutputs, scoresFor) =>
      resolveTarget(target, xBatched.shape[0], numOutputs, scoresFor, this.maskThreshold),
    );
  }

  async resolveTargetAsync(xBatched: tf.Tensor, target?: Target): Promise<ResolvedTarget> {
    return this.resolveTargetWith(xBatched, target, (numOutputs, scoresFor) =>
      resolveTargetAsync(target, xBatched.shape[0], numOutputs, scoresFor, this.maskThreshold),
    );
  }

  /**
   * What `resolveTarget` and `resolveTargetAsync` share. When the output shape is unknown, the classes are
   * counted (product of the non-batch output dims) from one forward pass, which 'predicted' then reuses.
   */
  private resolveTargetWith(
    xBatched: tf.Tensor,
    target: Target | undefined,
    resolve: (numOutputs: number, scoresFor: () => tf.Tensor) => ResolvedTarget,
  ): ResolvedTarget;
  private resolveTargetWith(
    xBatched: tf.Tensor,
    target: Target | undefined,
    resolve: (numOutputs: number, scoresFor: () => tf.Tensor) => Promise<ResolvedTarget>,
  ): Promise<ResolvedTarget>;
  private resolveTargetWith(
    xBatched: tf.Tensor,
    target: Target | undefined,
    resolve: (numOutputs: number, scoresFor: () => tf.Tensor) => ResolvedTarget | Promise<ResolvedTarget>,
  ): ResolvedTarget | Promise<ResolvedTarget> {
    let scores: tf.Tensor | null = null;
    const scoresFor = () => {
      scores = scores ?? this.forwardBatched(xBatched);
      return scores;
    };
    // The resolvers dispose the scores they read; this frees them when nothing did.
    const release = () => {
      const s = scores as tf.Tensor | null;
      if (s && !s.isDisposed) s.dispose();
    };
    const finish = (resolved: ResolvedTarget): ResolvedTarget => {
      release();
      // Check a target function once outside any gradient tape: an error thrown mid-gradient strands the
      // tape's tensors.
      if (typeof target === 'function')
        tf.tidy(() => {
          resolved.select(this.forwardBatched(xBatched));
        });
      return resolved;
    };
    let result: ResolvedTarget | Promise<ResolvedTarget>;
    try {
      const numOutputs =
        this.numOutputs() ??
        (typeof target === 'function'
          ? 0
          : scoresFor()
              .shape.slice(1)
              .reduce((a, b) => a * b, 1));
      if (numOutputs > 0) checkClassNames(this.classNames, numOutputs);
      result = resolve(numOutputs, scoresFor);
    } catch (err) {
      release();
      throw err;
    }
    if (!(result instanceof Promise)) return finish(result);
    return result.then(finish, (err: unknown) => {
      release();
      throw err;
    });
  }

  /** Runs `fn` on the validated, batched input and frees the batch dimension added for an unbatched one. */
  private withInput<T>(x: tf.Tensor, fn: (input: NormalizedInput) => T): T {
    const input = this.normalize(x);
    try {
      return fn(input);
    } finally {
      if (!input.hadBatch) input.batched.dispose();
    }
  }

  predict(x: tf.Tensor): tf.Tensor {
    return this.withInput(x, (input) =>
      tf.tidy(() => restoreBatch(this.forwardBatched(input.batched), input)),
    );
  }

  activations(x: tf.Tensor, layer: string): tf.Tensor {
    this.layer(layer);
    return this.withInput(x, (input) =>
      tf.tidy(() => restoreBatch(this.activationBatched(input.batched, layer), input)),
    );
  }

  inputGradient(x: tf.Tensor, target?: Target): GradientResult {
    return this.withInput(x, (input) => this.inputGradientOf(input, target));
  }

  private inputGradientOf(input: NormalizedInput, target?: Target): GradientResult {
    const resolved = this.resolveTarget(input.batched, target);
    checkFunctionGradient(this, input.batched);
    const [gradient, scores] = tf.tidy(() => {
      const f = (v: tf.Tensor) => resolved.select(this.forwardBatched(v));
      const { value, grad } = tf.valueAndGrad(f)(input.batched, tf.ones([input.batched.shape[0]]));
      return [restoreBatch(grad, input), value as tf.Tensor1D];
    });
    return { gradient, scores: scores as tf.Tensor1D, target: resolved };
  }

  layerGradient(x: tf.Tensor, layer: string, target?: Target): LayerGradientResult {
    this.layer(layer);
    return this.withInput(x, (input) => this.layerGradientOf(input, layer, target));
  }

  private layerGradientOf(input: NormalizedInput, layer: string, target?: Target): LayerGradientResult {
    const resolved = this.resolveTarget(input.batched, target);
    const [activation, gradient, scores] = tf.tidy(() => {
      const a = this.activationBatched(input.batched, layer);
      const f = (v: tf.Tensor) => resolved.select(this.forwardFromLayerBatched(input.batched, layer, v));
      const { value, grad } = tf.valueAndGrad(f)(a, tf.ones([input.batched.shape[0]]));
      return [restoreBatch(a, input), restoreBatch(grad, input), value];
    });
    return { activation, gradient, scores: scores as tf.Tensor1D, target: resolved };
  }

  refresh(): void {
    this.fwd.refresh();
  }

  private adopted: { dispose(): void } | null = null;

  /** Makes `dispose()` free the source model too (models `loadModel` loaded). */
  adopt(model: { dispose(): void }): void {
    this.adopted = model;
  }

  dispose(): void {
    this.fwd.dispose();
    this.adopted?.dispose();
    this.adopted = null;
  }
}
