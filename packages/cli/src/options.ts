import { type Command, Option } from 'commander';
import { DEFAULT_BATCH_SIZE, DEFAULT_WORKERS } from './commands/context.js';
import { parseInteger, parsePositiveInt, parseTarget } from './input/plugin-options.js';
import {
  DEFAULT_PREPROCESS,
  PRESETS,
  type Preprocess,
  type PreprocessPreset,
  parseChannelValues,
  parsePreset,
  parseRange,
  parseSize,
} from './input/preprocess.js';
import { type BackendChoice, parseBackend } from './setup/backend.js';

/** Collects a repeatable flag's values. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Raw values of the preprocessing flags, as commander hands them over. */
export interface PreprocessValues {
  preprocess?: PreprocessPreset;
  size?: [number, number];
  range?: [number, number];
  mean?: number[];
  std?: number[];
  invert?: boolean;
}

/** Adds --preprocess, --size, --range, --mean, --std and --invert/--no-invert. */
export function addPreprocessOptions(cmd: Command): Command {
  return cmd
    .option(
      '--preprocess <preset>',
      "the model's input normalisation: imagenet (RGB mean/std), [-1,1] or [0,255]; --range, --mean and --std override its parts",
      parsePreset,
    )
    .option('--size <HxW>', "resize images to HEIGHTxWIDTH (default: the model's input size)", parseSize)
    .option('--range <min,max>', 'map pixels [0, 1] onto this input range', parseRange)
    .option('--mean <m[,m,m]>', 'subtract per-channel means after --range', (v) =>
      parseChannelValues('--mean', v),
    )
    .option('--std <s[,s,s]>', 'divide by per-channel standard deviations after --mean', (v) =>
      parseChannelValues('--std', v),
    )
    .option('--invert', 'always use 1 − pixel (dark-on-light images → MNIST-style light-on-dark)')
    .option(
      '--no-invert',
      'never invert (default: for 1-channel models, invert each image whose border is light)',
    );
}

/** The Preprocess of the parsed flags. */
export function preprocessOf(values: PreprocessValues): Preprocess {
  return {
    ...DEFAULT_PREPROCESS,
    ...(values.preprocess ? { preset: values.preprocess, ...PRESETS[values.preprocess] } : {}),
    ...(values.size ? { size: values.size } : {}),
    ...(values.range ? { range: values.range } : {}),
    ...(values.mean ? { mean: values.mean } : {}),
    ...(values.std ? { std: values.std } : {}),
    invert: values.invert ?? 'auto',
  };
}

/** Adds --backend. */
export function addBackendOption(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--backend <name>',
      "tfjs backend: 'auto' (the best available) or a name `loupe backends` lists (cpu, wasm, webgpu, tensorflow = node)",
    )
      .default('auto' as BackendChoice)
      .argParser(parseBackend),
  );
}

/** Adds --workers and --batch-size. */
export function addDataSetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--workers <n>',
      'worker threads for data-set work',
      (v) => parsePositiveInt('--workers', v),
      DEFAULT_WORKERS,
    )
    .option(
      '--batch-size <n>',
      'examples per chunk (bounds memory per worker)',
      (v) => parsePositiveInt('--batch-size', v),
      DEFAULT_BATCH_SIZE,
    );
}

/** Adds --seed and --target. */
export function addSeedTargetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--seed <n>',
      'seed of every random draw (same seed, same output)',
      (v) => parseInteger('--seed', v),
      0,
    )
    .option('--target <class|predicted>', 'class to explain', parseTarget, 'predicted' as const);
}
