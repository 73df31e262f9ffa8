import type { PreprocessPreset } from '@loupe/core';
import type { ModelSettings } from '../state/app-state.js';

/** A choice of the model panel's preprocessing menu. */
export interface PreprocessChoice {
  id: 'none' | PreprocessPreset | 'custom';
  label: string;
}

/**
 * The usual conventions of trained image models: pixels in [0, 1] as they are; core's presets (applied
 * inside the wrapped model, so attributions stay in pixel space): MobileNet-style [-1, 1], raw bytes
 * [0, 255], ImageNet's channel mean and standard deviation; or a custom value range and mean/std.
 */
export const PREPROCESS_CHOICES: readonly PreprocessChoice[] = [
  { id: 'none', label: 'pixels in [0, 1]' },
  { id: '[-1,1]', label: '[-1, 1] (MobileNet)' },
  { id: '[0,255]', label: '[0, 255]' },
  { id: 'imagenet', label: 'ImageNet mean/std' },
  { id: 'custom', label: 'custom range, mean, std' },
];

/** The menu choice settings correspond to. */
export function choiceOf(settings: ModelSettings): PreprocessChoice['id'] {
  if (settings.preset) return settings.preset;
  const plain = settings.range[0] === 0 && settings.range[1] === 1 && !settings.mean && !settings.std;
  return plain ? 'none' : 'custom';
}
