import * as tf from '@tensorflow/tfjs';
import { UnknownLayerError } from '../errors.js';
import {
  type ModelInputShape,
  type NormalizedInput,
  normalizeInput,
  normalizeInputAsync,
  restoreBatch,
} from '../input.js';
import { type ResolvedTarget, resolveTarget, resolveTargetAsync, type Target } from '../target.js';
import type { Forwarder } from './forwarder.js';
import type {
  ExplainableModel,
  GradientResult,
  LayerGradientResult,
  LayerInfo,
  ModelLike,
  OutputView,
  WrapOptions,
} from './types.js';

/** The one implementation of `ExplainableModel`, over any `Forwarder`. */
export class WrappedModel implements ExplainableModel {
  readonly kind;
  readonly inputShape: ModelInputShape | null;
  readonly outputShape;
  readonly output: OutputView;
  readonly classNames;
  readonly inputRange;
  private readonly preprocess: ((x: tf.Tensor) => tf.Tensor) | null;

  constructor(
    readonly source: ModelLike,
    private readonly fwd: Forwarder,
    options: WrapOptions,
    preprocess: ((x: tf.Tensor) => tf.Tensor) | null,
  ) {
    this.kind = fwd.kind;
    this.output = options.output ?? (fwd.endsWithSoftmax ? 'logits' : 'raw');
    this.classNames = options.classNames ?? null;
    this.inputRange = options.inputRange ?? null;
    this.preprocess = preprocess;
    this.outputShape = fwd.outputShape;
    const shape = fwd.inputShape;
    // With a resize in front, any image size is accepted.
    this.inputShape =
      shape && options.preprocess?.resize
        ? shape.map((d, i) => (i === 0 || i === shape.length - 1 ? d : null))
        : shape;
  }

  get layers(): readonly LayerInfo[] {
    return this.fwd.layers;
  }
  get graph() {
    return this.fwd.graph;
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
    return normalizeInput(x, this.inputShape, checkFinite);
  }

  numOutputs(xBatched?: tf.Tensor): number | null {
    const known = this.outputShape?.[this.outputShape.length - 1];
    if (typeof known === 'number') return known;
    if (!xBatched) return null;
    const out = tf.tidy(() => this.forwardBatched(tf.slice(xBatched, 0, 1)));
    const n = out.shape[out.rank - 1] ?? 1;
    out.dispose();
    return n;
  }

  private pre(x: tf.Tensor): tf.Tensor {
    return this.preprocess ? this.preprocess(x) : x;
  }

  forwardBatched(xBatched: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.pre(xBatched);
      if (this.output === 'logits') return this.fwd.forward(x, this.fwd.endsWithSoftmax);
      const raw = this.fwd.forward(x, false);
      return this.output === 'probabilities' && !this.fwd.endsWithSoftmax ? tf.softmax(raw) : raw;
    });
  }

  private preSoftmax(): boolean {
    return this.output === 'logits' && this.fwd.endsWithSoftmax;
  }

  activationBatched(xBatched: tf.Tensor, layer: string): tf.Tensor {
    this.layer(layer);
    return tf.tidy(() => this.fwd.activations(this.pre(xBatched), [layer])[0]);
  }

  forwardFromLayerBatched(xBatched: tf.Tensor, layer: string, activation: tf.Tensor): tf.Tensor {
    this.layer(layer);
    return tf.tidy(() => {
      const out = this.fwd.forwardFrom(this.pre(xBatched), layer, activation, this.preSoftmax());
      return this.output === 'probabilities' && !this.fwd.endsWithSoftmax ? tf.softmax(out) : out;
    });
  }

  async prepare(x: tf.Tensor, target?: Target): Promise<{ input: NormalizedInput; target: ResolvedTarget }> {
    const input = await normalizeInputAsync(x, this.inputShape);
    try {
      return { input, target: await this.resolveTargetAsync(input.batched, target) };
    } catch (err) {
      if (!input.hadBatch) input.batched.dispose();
      throw err;
    }
  }

  resolveTarget(xBatched: tf.Tensor, target?: Target): ResolvedTarget {
    const n = xBatched.shape[0];
    let scores: tf.Tensor | null = null;
    const scoresFor = () => {
      scores = scores ?? this.forwardBatched(xBatched);
      return scores;
    };
    const numOutputs =
      this.numOutputs() ??
      (typeof target === 'function'
        ? 0
        : scoresFor()
            .shape.slice(1)
            .reduce((a, b) => a * b, 1));
    const resolved = resolveTarget(target, n, numOutputs, scoresFor);
    const s = scores as tf.Tensor | null;
    if (s && !s.isDisposed) s.dispose();
    // Check a target function once outside any gradient tape: an error thrown mid-gradient strands the
    // tape's tensors.
    if (typeof target === 'function') tf.tidy(() => resolved.select(this.forwardBatched(xBatched)));
    return resolved;
  }

  async resolveTargetAsync(xBatched: tf.Tensor, target?: Target): Promise<ResolvedTarget> {
    const numOutputs = this.numOutputs(xBatched) ?? 0;
    const resolved = await resolveTargetAsync(target, xBatched.shape[0], numOutputs, () =>
      this.forwardBatched(xBatched),
    );
    // As in resolveTarget: a target function is checked once outside any gradient tape.
    if (typeof target === 'function') tf.tidy(() => resolved.select(this.forwardBatched(xBatched)));
    return resolved;
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

  dispose(): void {
    this.fwd.dispose();
  }
}
