import { OptionError, type ParamsSchema } from '@loupe/core';

/** How regions are ranked: 'full' re-scores every region against what is covered so far; 'fast' scores each once. */
export type XraiAlgorithm = 'full' | 'fast';

/** The algorithms, default first. */
export const XRAI_ALGORITHMS: readonly XraiAlgorithm[] = ['full', 'fast'];

/** XRAI's segmentation options, with the authors' defaults (Felzenszwalb at six scales on a 224² image). */
export const XRAI_SEGMENTATION_PARAMS: ParamsSchema = {
  scales: {
    type: 'string',
    default: '50,100,150,250,500,1200',
    help: 'Felzenszwalb scales k, comma-separated: one segmentation each (larger k, larger segments).',
    label: 'Scales',
  },
  sigma: {
    type: 'number',
    default: 0.8,
    min: 0,
    max: 10,
    step: 0.1,
    help: 'Gaussian σ in pixels applied before segmenting.',
  },
  minSize: {
    type: 'number',
    default: 150,
    min: 0,
    max: 1_000_000,
    integer: true,
    help: 'Smallest segment, in pixels of the image as segmented (after resizing).',
  },
  resize: {
    type: 'number',
    default: 224,
    min: 0,
    max: 2048,
    integer: true,
    help: 'Side the image is resized to before segmenting, so the scales mean the same at any size; 0 segments it as it is.',
  },
  dilation: {
    type: 'number',
    default: 5,
    min: 0,
    max: 100,
    integer: true,
    help: 'Radius in input pixels by which each segment is dilated to take in its edges.',
    label: 'Dilation',
  },
};

/** Parses '50,100,150' into scales; throws `OptionError` unless it is one or more positive numbers. */
export function parseScales(text: string): number[] {
  const scales = text.split(',').map((s) => Number(s.trim()));
  if (text.trim() === '' || scales.some((s) => !Number.isFinite(s) || s <= 0) || scales.length > 32)
    throw new OptionError(
      `scales must be 1 to 32 positive numbers separated by commas, e.g. '50,100,150,250,500,1200'; got '${text}'.`,
    );
  return scales;
}
