import {
  type ExplainableModel,
  isExplainableModel,
  type ModelLike,
  OptionError,
  SeededRandom,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from './adam.js';
import { codeSpace } from './code-space.js';
import { fourierParameterization } from './fourier-parameterization.js';
import { l2Penalty, totalVariation } from './image-priors.js';
import type { BoundObjective } from './objective.js';
import { objectiveContext } from './objective-context.js';
import type { ActivationMaximizationOptions } from './options.js';
import type { ImageShape, Parameterization } from './parameterization.js';
import { pixelParameterization } from './pixel-parameterization.js';
import { resolveSettings, type Settings } from './settings.js';
import { hasRobustness, randomTransform } from './transform-robustness.js';
import { rangeCentre } from './value-range.js';

/** The model's input shape `[N, ...]` for a batch of `batch`; every non-batch dimension must be known. */
function imageShapeOf(model: ExplainableModel, batch: number): number[] {
  const shape = model.inputShape;
  if (!shape || shape.slice(1).some((d) => d === null)) {
    throw new OptionError(
      'Activation maximisation needs a fixed input shape; wrap the model with wrapModel(model, { inputShape: [...] }) (one example, no batch).',
    );
  }
  return [batch, ...(shape.slice(1) as number[])];
}

/**
 * One activation-maximisation run, set up and checked: the wrapped model, the bound objective, the
 * parameterization (pixels, Fourier or a generator's code), the optimiser and the current parameter.
 * Everything it allocates is freed by `dispose()`.
 */
export class OptimizationRun {
  readonly settings: Settings;
  readonly model: ExplainableModel;
  private readonly ownsModel: boolean;
  private readonly objective: BoundObjective;
  private readonly source: Parameterization;
  private readonly adam: Adam;
  private readonly random: SeededRandom;
  private readonly centre: number;
  private parameter: tf.Tensor;
  private readonly objectiveValues: tf.Scalar[] = [];
  private steps = 0;

  constructor(modelLike: ModelLike | ExplainableModel, options: ActivationMaximizationOptions) {
    this.settings = resolveSettings(options);
    const s = this.settings;
    this.ownsModel = !isExplainableModel(modelLike);
    this.model = wrapModel(modelLike);
    const cleanup: (() => void)[] = [() => this.ownsModel && this.model.dispose()];
    try {
      const shape = imageShapeOf(this.model, s.batch);
      const range = options.inputRange ?? this.model.inputRange;
      if (range && !(range.length === 2 && range[0] < range[1]))
        throw new OptionError(`inputRange must be [min, max] with min < max; got [${range.join(', ')}].`);
      const spatial = shape.length === 4;
      const p = s.prior;
      if (!spatial && (p.tv.weight > 0 || p.blur || hasRobustness(p) || s.parameterization === 'fourier')) {
        throw new OptionError(
          `Total variation, blur, jitter/scale/rotate and the Fourier parameterization need image inputs [N, H, W, C]; this model takes [${shape.join(', ')}].`,
        );
      }
      if (s.range === 'sigmoid' && !range && s.preset !== 'code-space') {
        throw new OptionError(
          "range: 'sigmoid' needs the input range: pass inputRange (e.g. [0, 1]) here or to wrapModel.",
        );
      }
      const pixels = shape.slice(1).reduce((a, b) => a * b, 1);
      if (p.density && p.density.model.dim !== pixels) {
        throw new OptionError(
          `prior.density was fitted on ${p.density.model.dim} values per example but the model's inputs have ${pixels}; fit it on data of the model's input shape.`,
        );
      }
      if (s.preset === 'code-space' && p.blur) {
        throw new OptionError(
          "prior.blur acts on pixels; in 'code-space' the image is always exactly g(z), so remove the blur.",
        );
      }
      this.source =
        options.generator && s.preset === 'code-space'
          ? codeSpace(options.generator, shape)
          : s.parameterization === 'fourier'
            ? fourierParameterization(shape as unknown as ImageShape, range, s.range, {
                decorrelate: s.decorrelate,
                decay: 1,
              })
            : pixelParameterization(shape as unknown as ImageShape, range, s.range);
      cleanup.push(() => this.source.dispose());
      const probe = tf.zeros(shape);
      try {
        const numOutputs = this.model.numOutputs(probe) ?? 1;
        this.objective = options.objective.bind(this.model, numOutputs, s.batch);
      } finally {
        probe.dispose();
      }
      this.random = new SeededRandom(s.seed);
      this.centre = rangeCentre(range);
      this.parameter = this.source.init(this.random.tensorSeed());
      cleanup.push(() => this.parameter.dispose());
      this.adam = new Adam(this.parameter.shape, {
        learningRate: s.learningRate,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
      });
    } catch (err) {
      for (const f of cleanup.reverse()) f();
      throw err;
    }
  }

  /** −objective − Σ λ·log p(x) summed over the batch; records the batch-mean objective. */
  private loss(parameter: tf.Tensor): tf.Scalar {
    const p = this.settings.prior;
    const image = this.source.decode(parameter);
    const seen = hasRobustness(p) ? randomTransform(image as tf.Tensor4D, p, this.random) : image;
    const objective = this.objective(objectiveContext(this.model, seen));
    this.objectiveValues.push(tf.keep(tf.mean(objective)) as tf.Scalar);
    const terms: tf.Tensor[] = [tf.neg(tf.sum(objective))];
    if (p.l2 > 0) terms.push(tf.mul(tf.sum(l2Penalty(image, this.centre)), p.l2));
    if (p.tv.weight > 0)
      terms.push(tf.mul(tf.sum(totalVariation(image as tf.Tensor4D, p.tv.beta)), p.tv.weight));
    if (p.density && p.density.weight > 0)
      terms.push(tf.mul(tf.sum(p.density.model.logProb(image)), -p.density.weight));
    if (this.settings.preset === 'code-space' && p.latent > 0)
      terms.push(tf.mul(tf.sum(tf.square(parameter)), 0.5 * p.latent));
    return tf.addN(terms) as tf.Scalar;
  }

  /** Steps taken so far. */
  get done(): number {
    return this.steps;
  }

  /** One Adam step on the loss, then the projection and (every few steps) the blur. No readback. */
  step(): void {
    const gradient = tf.tidy(() => tf.grad((v: tf.Tensor) => this.loss(v))(this.parameter));
    const updated = this.adam.step(this.parameter, gradient);
    gradient.dispose();
    this.parameter.dispose();
    this.parameter = this.source.project(updated);
    updated.dispose();
    this.steps += 1;
    const blur = this.settings.prior.blur;
    if (blur && this.steps % blur.every === 0) {
      const blurred = this.source.blur(this.parameter, blur.sigma);
      this.parameter.dispose();
      this.parameter = blurred;
    }
  }

  /** The current images (a new tensor the caller owns). */
  image(): tf.Tensor {
    return tf.tidy(() => {
      const image = this.source.decode(this.parameter);
      return image === this.parameter ? image.clone() : image;
    });
  }

  /** The current code (code space only; a new tensor the caller owns). */
  latent(): tf.Tensor2D | undefined {
    return this.settings.preset === 'code-space' ? (this.parameter.clone() as tf.Tensor2D) : undefined;
  }

  /** The last step's batch-mean objective, read back (one scalar). */
  async lastObjective(): Promise<number> {
    const last = this.objectiveValues[this.objectiveValues.length - 1];
    return last ? (await last.data())[0] : Number.NaN;
  }

  /** Every step's batch-mean objective, read back in one transfer. */
  async history(): Promise<Float32Array> {
    if (this.objectiveValues.length === 0) return new Float32Array(0);
    const stacked = tf.stack(this.objectiveValues);
    try {
      return (await stacked.data()) as Float32Array;
    } finally {
      stacked.dispose();
    }
  }

  dispose(): void {
    for (const v of this.objectiveValues) v.dispose();
    this.objectiveValues.length = 0;
    this.adam.dispose();
    this.parameter.dispose();
    this.source.dispose();
    if (this.ownsModel) this.model.dispose();
  }
}
