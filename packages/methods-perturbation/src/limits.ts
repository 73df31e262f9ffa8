/**
 * Maxima of the counts users set: each is far past any useful value (RISE's paper uses 4,000–8,000 masks,
 * LIME and KernelSHAP converge within a few thousand samples), so reaching one is a typo or a units
 * mix-up, refused with an `OptionError` instead of a run that never ends.
 */

/** Most RISE masks per example. */
export const MAX_MASKS = 100_000;
/** Most RISE grid cells per image side. */
export const MAX_GRID_SIZE = 1024;
/** Most LIME / KernelSHAP samples (coalitions) per example. */
export const MAX_SAMPLES = 100_000;
/** Most superpixels (SLIC segments or grid cells) per image. */
export const MAX_SEGMENTS = 10_000;
/** Largest occlusion window side and stride, pixels or elements. */
export const MAX_WINDOW = 4096;
