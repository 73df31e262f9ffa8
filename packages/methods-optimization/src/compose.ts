import { OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from './objective.js';

/** The sum of several objectives (each per image), e.g. a class logit plus a diversity term. */
export function sumObjectives(...objectives: readonly Objective[]): Objective {
  if (objectives.length === 0) throw new OptionError('sumObjectives needs at least one objective.');
  return {
    label: objectives.map((o) => o.label).join(' + '),
    bind(model, numOutputs, batch) {
      const bound = objectives.map((o) => o.bind(model, numOutputs, batch));
      return (context) => tf.tidy(() => tf.addN(bound.map((f) => f(context))) as tf.Tensor1D);
    },
  };
}

/** `factor` times an objective (units: the objective's own, scaled). */
export function scaleObjective(objective: Objective, factor: number): Objective {
  if (!Number.isFinite(factor)) throw new OptionError(`scaleObjective needs a finite factor; got ${factor}.`);
  return {
    label: `${factor}·${objective.label}`,
    bind(model, numOutputs, batch) {
      const f = objective.bind(model, numOutputs, batch);
      return (context) => tf.tidy(() => tf.mul(f(context), factor) as tf.Tensor1D);
    },
  };
}

/** The negative of an objective: minimise what it measures (e.g. suppress a class or a unit). */
export function negateObjective(objective: Objective): Objective {
  return {
    label: `−${objective.label}`,
    bind(model, numOutputs, batch) {
      const f = objective.bind(model, numOutputs, batch);
      return (context) => tf.tidy(() => tf.neg(f(context)) as tf.Tensor1D);
    },
  };
}
