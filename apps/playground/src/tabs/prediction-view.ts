import type { Prediction } from '@loupe/ui-components';
import { h, replace } from '../ui/dom.js';

/** The top classes as labelled bars ("7 · 98.2%"). */
export function renderPrediction(
  target: HTMLElement,
  prediction: Prediction,
  classNames: readonly string[],
): void {
  const top = prediction.probabilities
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  replace(
    target,
    h(
      'p',
      { class: 'prediction', 'data-class': prediction.index },
      'Prediction: ',
      h('strong', {}, classNames[prediction.index] ?? String(prediction.index)),
      ` (${(prediction.probability * 100).toFixed(1)}%)`,
    ),
    h(
      'ul',
      { class: 'bars', 'aria-label': 'Top classes' },
      ...top.map(({ p, i }) =>
        h(
          'li',
          {},
          h('span', { class: 'bar-label' }, classNames[i] ?? String(i)),
          h('meter', { min: 0, max: 1, value: p }),
          ` ${(p * 100).toFixed(1)}%`,
        ),
      ),
    ),
  );
}
