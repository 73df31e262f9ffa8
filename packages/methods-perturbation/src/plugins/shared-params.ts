import { OptionError, type ParamsSchema } from '@loupe/core';
import { MAX_SEGMENTS } from '../limits.js';

/** Schema of a `fill`/`baseline` option (numbers and tensors are accepted besides the names). */
export function fillParam(name: 'fill' | 'baseline', help: string): ParamsSchema {
  return {
    [name]: {
      type: 'enum',
      default: 'zero',
      values: ['zero', 'mean', 'blur'],
      help: `${help} 'zero' (0), the example's per-channel 'mean', a Gaussian 'blur' of it (images), or pass a number or a tensor.`,
    },
    blurSigma: {
      type: 'number',
      default: 3,
      min: 0,
      step: 0.5,
      help: `Standard deviation in pixels of the '${name}: blur' reference.`,
      label: 'blur σ (px)',
    },
  };
}

/** Schema of the feature-group options (default superpixels on images). */
export const FEATURE_PARAMS: ParamsSchema = {
  featureMask: {
    type: 'tensor',
    optional: true,
    help: 'Integer feature id per input element (equal ids form one feature); the input shape, or with a last axis of 1 to share it across channels, optionally per example. Default: superpixels on images, single elements otherwise.',
  },
  segmentation: {
    type: 'enum',
    default: 'slic',
    values: ['slic', 'grid'],
    help: 'How images are cut into features when no featureMask is given: SLIC superpixels (colour and position) or a regular grid.',
  },
  segments: {
    type: 'number',
    default: 50,
    min: 1,
    max: MAX_SEGMENTS,
    integer: true,
    help: 'Approximate number of superpixels per image.',
  },
  compactness: {
    type: 'number',
    default: 10,
    min: 0,
    step: 1,
    help: 'SLIC compactness: higher gives squarer superpixels, lower follows colour edges more closely.',
  },
};

/** Parses a per-axis list like "4,4,1"; empty text means "not given". */
export function parseAxisList(name: string, text: unknown): number[] | undefined {
  if (text === undefined || text === '') return undefined;
  if (Array.isArray(text)) return text as number[];
  const values = String(text)
    .split(/[\s,x×]+/)
    .filter(Boolean)
    .map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v))) {
    throw new OptionError(`${name} must list whole numbers per axis, e.g. "4,4,1"; got "${String(text)}".`);
  }
  return values;
}
