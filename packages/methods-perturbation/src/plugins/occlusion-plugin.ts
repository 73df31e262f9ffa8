import type { ExplainerPlugin } from '@loupe/core';
import { MAX_WINDOW } from '../limits.js';
import { type OcclusionOptions, occlusion } from '../occlusion.js';
import { fillParam, parseAxisList } from './shared-params.js';

/** Options the occlusion plugin takes: the function's, with per-axis shapes also as text (for UIs and the CLI). */
export type OcclusionPluginOptions = OcclusionOptions & { windowShape?: string; strides?: string };

/** The `'occlusion'` explainer (see {@link occlusion}). Windows larger than the input are shrunk to it, with a warning. */
export const occlusionPlugin: ExplainerPlugin<OcclusionPluginOptions> = {
  id: 'occlusion',
  label: 'Occlusion',
  family: 'perturbation',
  description:
    'Slides a window filled with a baseline over the input; each element gets the mean drop in the target score over the windows covering it.',
  reference:
    'Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks" (Captum\'s Occlusion definition)',
  perInputOptions: ['fill'],
  params: {
    window: {
      type: 'number',
      default: 4,
      min: 1,
      max: MAX_WINDOW,
      integer: true,
      help: 'Window side on every axis except the last (channels/features), which is taken whole.',
    },
    stride: {
      type: 'number',
      default: 2,
      min: 1,
      max: MAX_WINDOW,
      integer: true,
      help: 'Step between windows on every axis except the last; at most the window.',
    },
    windowShape: {
      type: 'string',
      default: '',
      help: 'Per-axis window, channels included, e.g. "4,4,1" (overrides window).',
    },
    strides: {
      type: 'string',
      default: '',
      help: 'Per-axis stride, channels included, e.g. "2,2,1" (overrides stride).',
    },
    ...fillParam('fill', 'What fills the window:'),
  },
  // The text forms become `window`/`stride`; `seed`, common to every explainer, means nothing here.
  explain(model, x, { windowShape, strides, seed: _seed, ...options }) {
    return occlusion(model, x, {
      ...options,
      window: parseAxisList('windowShape', windowShape) ?? options.window,
      stride: parseAxisList('strides', strides) ?? options.stride,
      fitWindow: true,
    });
  },
};
