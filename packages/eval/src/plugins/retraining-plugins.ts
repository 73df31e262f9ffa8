import { OptionError } from '@loupe/core';
import { isMethod } from '../attribution-source.js';
import { trapezoid } from '../curve.js';
import type { EvaluationData, EvaluatorPlugin } from '../evaluator.js';
import { type RetrainingOptions, type RetrainingResult, retrainingBenchmark } from '../metrics/retraining.js';
import { mnistCnnTrainer, type Trainer } from '../training/trainer.js';

function retrainingData(data: EvaluationData) {
  if (!data.train || !data.labels)
    throw new OptionError(
      'ROAR and KAR need data.train = { x, labels } and data.labels for data.x (the test set).',
    );
  return { train: data.train, test: { x: data.x, labels: data.labels } };
}

/** Mean accuracy over the fractions, minus the random row's (negative: the method's ranking hurts more). */
function gapToRandom(result: RetrainingResult): number {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const [method, random] = result.rows;
  return random
    ? mean(method.accuracies) - mean(random.accuracies)
    : trapezoid(result.fractions, method.accuracies);
}

function plugin(kind: 'roar' | 'kar'): EvaluatorPlugin {
  return {
    id: kind,
    label: kind === 'roar' ? 'ROAR (accuracy − random)' : 'KAR (accuracy − random)',
    description:
      kind === 'roar'
        ? 'Remove the top-ranked features of every image, retrain, test; compared with a random ranking.'
        : 'Keep only the top-ranked features of every image, retrain, test; compared with a random ranking.',
    reference: 'Hooker et al. 2019, A benchmark for interpretability methods in deep neural networks',
    params: {
      epochs: {
        type: 'number',
        default: 3,
        min: 1,
        max: 1000,
        integer: true,
        help: 'Epochs of the default trainer.',
      },
    },
    codeOptions: ['fractions', 'trainer', 'numClasses', 'rank', 'randomBaseline', 'batchSize'],
    better: kind === 'roar' ? 'lower' : 'higher',
    needs: 'method',
    requires: ['labels', 'train'],
    async evaluate(model, data, source, options) {
      if (!isMethod(source))
        throw new OptionError(`${kind} explains every training image, so it needs a method.`);
      // epochs configures the default trainer; the target is each image's label, so it is not passed on.
      const { epochs, target: _labels, ...rest } = options;
      const trainer = (rest.trainer as Trainer | undefined) ?? mnistCnnTrainer({ epochs: epochs as number });
      const result = await retrainingBenchmark(kind, model, retrainingData(data), source, {
        ...(rest as RetrainingOptions),
        trainer,
      });
      return { value: gapToRandom(result), details: result };
    },
  };
}

/** ROAR as a plugin; value: mean accuracy minus the random baseline's (lower is better). */
export const roarEvaluator = plugin('roar');
/** KAR as a plugin; value: mean accuracy minus the random baseline's (higher is better). */
export const karEvaluator = plugin('kar');
