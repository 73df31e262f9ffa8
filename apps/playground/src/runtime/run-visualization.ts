import { activationMaximization, channel, classLogit, type Preset } from '@loupe/methods-optimization';
import { type FeatureVizFrame, predictClass } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import type { VizTarget } from '../state/app-state.js';
import { generatorFor } from './generator.js';
import type { ModelSession } from './session.js';

/** What a finished run produced: how the model classifies the image it ended on. */
export interface VisualizationOutcome {
  predicted: number;
  probability: number;
  /** Probability of the targeted class (class targets only). */
  targetProbability?: number;
  steps: number;
}

/**
 * Activation maximization of a class logit or a layer channel in one regime (preset), sending a frame
 * (mapped to [0, 1] for display) every few steps; ends by classifying the final image.
 */
export async function runVisualization(request: {
  session: ModelSession;
  target: VizTarget;
  preset: Preset;
  steps: number;
  signal: AbortSignal;
  onFrame(frame: FeatureVizFrame): Promise<void>;
}): Promise<VisualizationOutcome> {
  const { session, target } = request;
  const [low, high] = session.range;
  const objective =
    target.kind === 'class' ? classLogit(target.index) : channel(target.layer, target.channel);
  const generator = request.preset === 'code-space' ? await generatorFor(session) : undefined;
  const every = Math.max(1, Math.round(request.steps / 24));
  const result = await activationMaximization(session.model, {
    objective,
    preset: request.preset,
    steps: request.steps,
    seed: 0,
    signal: request.signal,
    every,
    ...(generator ? { generator } : {}),
    onStep: async (frame) => {
      const shown = tf.tidy(() =>
        frame.image
          .sub(low)
          .div(high - low)
          .clipByValue(0, 1),
      );
      try {
        await request.onFrame({ image: shown, step: frame.step, total: frame.steps, score: frame.objective });
      } finally {
        shown.dispose();
      }
    },
  });
  try {
    const image = tf.tidy(() => result.image.reshape(session.inputSize) as tf.Tensor3D);
    const prediction = await predictClass(session.model, image);
    image.dispose();
    return {
      predicted: prediction.index,
      probability: prediction.probability,
      ...(target.kind === 'class' ? { targetProbability: prediction.probabilities[target.index] } : {}),
      steps: request.steps,
    };
  } finally {
    result.image.dispose();
    result.latent?.dispose();
  }
}
