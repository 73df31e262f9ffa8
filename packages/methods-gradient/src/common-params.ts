import { MAX_BATCH_SIZE, type ParamSpec } from '@loupe/core';

/** `batchSize`: points (steps × examples, samples × examples) evaluated per gradient call; bounds memory. */
export const BATCH_SIZE_PARAM: ParamSpec = {
  type: 'number',
  default: 64,
  min: 1,
  max: MAX_BATCH_SIZE,
  integer: true,
  help: 'Points (steps × examples, or samples × examples) evaluated per gradient call. Bounds memory; the result does not depend on it.',
  label: 'Batch size',
};

/** `seed`: seeds the sampling of methods that draw random numbers. */
export const SEED_PARAM: ParamSpec = {
  type: 'number',
  default: 0,
  integer: true,
  help: 'Seed of the random draws; the same seed gives the same result on any batch size.',
  label: 'Seed',
};
