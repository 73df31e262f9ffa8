import type { ExplainerPlugin } from '@loupe/core';
import { MAX_GRID_SIZE, MAX_MASKS } from '../limits.js';
import { type RiseOptions, rise } from '../rise.js';
import { fillParam } from './shared-params.js';

/** The `'rise'` explainer (see {@link rise}). */
export const risePlugin: ExplainerPlugin<RiseOptions> = {
  id: 'rise',
  label: 'RISE',
  family: 'perturbation',
  description:
    "Scores the image under many random smooth masks; a pixel's saliency is the score-weighted mean of the masks, divided by the keep probability.",
  reference:
    'Petsiuk, Das & Saenko 2018, "RISE: Randomized Input Sampling for Explanation of Black-box Models"',
  perInputOptions: ['fill'],
  params: {
    masks: {
      type: 'number',
      default: 2000,
      min: 1,
      max: MAX_MASKS,
      integer: true,
      help: 'Number of random masks per image (more = smoother, slower).',
    },
    gridSize: {
      type: 'number',
      default: 7,
      min: 1,
      max: MAX_GRID_SIZE,
      integer: true,
      help: 'Grid cells per image side; a cell covers ⌈H/s⌉×⌈W/s⌉ pixels (the cell size).',
      label: 'grid cells per side',
    },
    p: {
      type: 'number',
      default: 0.5,
      min: 0.01,
      max: 1,
      step: 0.05,
      help: 'Probability that a grid cell is kept.',
    },
    ...fillParam('fill', 'What masked-out pixels become:'),
  },
  explain: (model, x, options) => rise(model, x, options),
};
