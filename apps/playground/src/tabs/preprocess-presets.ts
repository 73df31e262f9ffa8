import type { ModelSettings } from '../state/app-state.js';

/** A named way of preparing pixels in [0, 1] for a model; `settings` fills the range and mean/std fields. */
export interface PreprocessPreset {
  id: string;
  label: string;
  settings?: Pick<ModelSettings, 'range' | 'mean' | 'std'>;
}

/**
 * The usual conventions of trained image models (core's preprocess presets): pixels as they are,
 * Keras/TF-Hub MobileNet's [-1, 1], raw bytes [0, 255], and ImageNet's per-channel mean and standard
 * deviation (torchvision's values, applied after scaling to [0, 1]).
 */
export const PRESETS: readonly PreprocessPreset[] = [
  { id: 'custom', label: 'custom (the fields below)' },
  { id: '[0,1]', label: '[0, 1]', settings: { range: [0, 1] } },
  { id: '[-1,1]', label: '[-1, 1]', settings: { range: [-1, 1] } },
  { id: '[0,255]', label: '[0, 255]', settings: { range: [0, 255] } },
  {
    id: 'imagenet',
    label: 'ImageNet mean/std',
    settings: { range: [0, 1], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  },
];

const same = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === b?.[i]);

/** The preset that settings match, or `custom`. */
export function presetOf(settings: ModelSettings): string {
  const match = PRESETS.find(
    (p) =>
      p.settings &&
      same(p.settings.range, settings.range) &&
      same(p.settings.mean, settings.mean) &&
      same(p.settings.std, settings.std),
  );
  return match?.id ?? 'custom';
}
