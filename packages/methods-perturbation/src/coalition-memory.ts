import { assertWithinMemory } from '@loupe/core';

/**
 * Refuses a coalition design that cannot fit before it is drawn: `samples` rows of one flag byte per
 * feature, plus a float64 weight, score and regression residual per row (`MemoryBudgetError` with the
 * estimate). LIME and KernelSHAP hold one design per distinct feature count.
 */
export function checkDesignMemory(method: string, samples: number, features: number): void {
  assertWithinMemory({
    bytes: samples * (features + 3 * 8),
    what: `${method} with ${samples} samples of ${features} features`,
    fix: 'Lower samples, or use fewer features (fewer segments, a coarser featureMask).',
  });
}
