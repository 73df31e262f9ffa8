import * as tf from '@tensorflow/tfjs-core';

/** Adam's settings (Kingma & Ba 2015). */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Adam over one parameter tensor, as plain tensors (no tf.Variable, nothing registered globally): each
 * step returns the new parameter and replaces the moment estimates, disposing the old ones.
 */
export class Adam {
  private m: tf.Tensor;
  private v: tf.Tensor;
  private t = 0;

  constructor(
    shape: readonly number[],
    private readonly settings: AdamSettings,
  ) {
    this.m = tf.zeros([...shape]);
    this.v = tf.zeros([...shape]);
  }

  /** One descent step on `parameter` with `gradient` of the loss; the caller keeps ownership of both. */
  step(parameter: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
    this.t += 1;
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    const correction1 = 1 - beta1 ** this.t;
    const correction2 = 1 - beta2 ** this.t;
    const [m, v, next] = tf.tidy(() => {
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(gradient, 1 - beta1));
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
      const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
      return [m, v, tf.sub(parameter, tf.mul(update, learningRate))];
    });
    this.m.dispose();
    this.v.dispose();
    this.m = m;
    this.v = v;
    return next;
  }

  /** Frees the moment estimates. */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
