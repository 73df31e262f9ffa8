import { join, resolve } from 'node:path';
import { type ExplainableModel, ModelLoadError, wrapModel } from '@loupe/core';
import {
  type ActivationMaximizationOptions,
  activationMaximization,
  channel,
  classLogit,
  type Objective,
} from '@loupe/methods-optimization';
import { loadMnistGenerator } from '@loupe/models';
import { UsageError } from '../exit-codes.js';
import { loadModel, SHIPPED_MNIST } from '../input/load-model.js';
import type { Preprocess } from '../input/preprocess.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { encodeGif, horizontalStrip } from '../output/gif.js';
import { checkOutputDir } from '../output/output-path.js';
import { pixelsToRgb, rgbToPng } from '../output/png.js';
import { defaultScale, type RgbImage } from '../output/rgb-image.js';
import { modelFor, prepareRuntime } from '../workers/runtime.js';
import type { CommandContext, ModelFlags } from './context.js';

/** Regimes of `--regime`: the class score alone, with an expert image prior, or in a generator's code space. */
export const REGIMES = { score: 'score-only', prior: 'expert-prior', code: 'code-space' } as const;

/** Flags of `loupe visualize`. */
export interface VisualizeFlags extends ModelFlags {
  /** Classes to visualise (one image each), or null when `channel` is given. */
  classes: number[] | null;
  /** `layer:c`: the mean activation of channel c of a layer. */
  channel: { layer: string; index: number } | null;
  regime: keyof typeof REGIMES;
  steps?: number;
  learningRate?: number;
  seed: number;
  /** Frames in the strip and GIF. */
  frames: number;
  /** Generator for the code regime: 'mnist' (the shipped VAE decoder) or a model path/URL. */
  generator: string;
  out: string;
  scale: number | null;
}

/** Parses `--channel conv2:3`. */
export function parseChannel(text: string): { layer: string; index: number } {
  const colon = text.lastIndexOf(':');
  const index = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(index) || index < 0) {
    throw new UsageError(`--channel takes LAYER:INDEX, e.g. --channel conv2:3; got '${text}'.`);
  }
  return { layer: text.slice(0, colon), index };
}

async function generatorFor(spec: string): Promise<{ model: ExplainableModel; latentDim: number }> {
  if (spec === SHIPPED_MNIST) {
    const g = await loadMnistGenerator();
    return { model: wrapModel(g.model, { output: 'raw' }), latentDim: g.latentDim };
  }
  const model = await loadModel(spec, { output: 'raw' });
  const latentDim = model.inputShape?.length === 2 ? model.inputShape[1] : null;
  if (typeof latentDim !== 'number') {
    model.dispose();
    throw new ModelLoadError(`The generator ${spec} must take codes [N, latentDim].`);
  }
  return { model, latentDim };
}

/** Model input back to pixels in [0, 1] (undoing std, mean and range), for pictures. */
function toPixels(values: Float32Array, channels: number, p: Preprocess): Float32Array {
  const out = new Float32Array(values.length);
  const [lo, hi] = p.range;
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    let v = values[i];
    if (p.std) v *= p.std.length === 1 ? p.std[0] : p.std[c];
    if (p.mean) v += p.mean.length === 1 ? p.mean[0] : p.mean[c];
    out[i] = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
  }
  return out;
}

/** What `loupe visualize` wrote. */
export interface VisualizeResult {
  objective: string;
  regime: string;
  history: number[];
  files: string[];
}

/**
 * `loupe visualize`: activation maximization — the input that maximises a class logit or a channel —
 * in one of three regimes. Writes the final image(s), a strip of intermediate frames and an animated GIF.
 */
export async function runVisualize(flags: VisualizeFlags, ctx: CommandContext): Promise<VisualizeResult> {
  await checkOutputDir(flags.out, '-o');
  await prepareRuntime(flags.backend);
  const model = await modelFor(flags.model);
  const { classes, channel: unit } = flags;
  let objective: Objective;
  let names: string[];
  if (classes && !unit) {
    objective = classLogit(classes);
    names = classes.map((k) => `class-${k}`);
  } else if (unit && !classes) {
    objective = channel(unit.layer, unit.index);
    names = [`channel-${unit.layer}-${unit.index}`];
  } else {
    throw new UsageError('Give either --class N[,N…] or --channel LAYER:INDEX (not both).');
  }
  const generator = flags.regime === 'code' ? await generatorFor(flags.generator) : undefined;
  const steps = flags.steps ?? 128;
  const every = Math.max(1, Math.floor(steps / flags.frames));
  const frames: Float32Array[] = [];
  const p = flags.preprocess;
  const options: ActivationMaximizationOptions = {
    objective,
    preset: REGIMES[flags.regime],
    steps,
    learningRate: flags.learningRate,
    batch: names.length,
    seed: flags.seed,
    signal: ctx.signal,
    inputRange: p.mean || p.std ? undefined : p.range,
    generator,
    every,
    onStep: async (frame) => {
      frames.push((await frame.image.data()) as Float32Array);
      ctx.progress.update(frame.step);
    },
  };
  ctx.progress.start(steps, `visualize ${names.join(',')}`);
  let result: Awaited<ReturnType<typeof activationMaximization>>;
  try {
    result = await activationMaximization(model, options);
  } finally {
    ctx.progress.stop();
    generator?.model.dispose();
  }
  const [n, h, w, c] = result.image.shape as number[];
  const final = (await result.image.data()) as Float32Array;
  result.image.dispose();
  result.latent?.dispose();
  const scale = flags.scale ?? defaultScale(h, w);
  const size = h * w * c;
  const picture = (values: Float32Array, i: number): RgbImage =>
    pixelsToRgb(toPixels(values.slice(i * size, (i + 1) * size), c, p), h, w, c, scale);
  const files: string[] = [];
  const out = resolve(flags.out);
  for (let i = 0; i < n; i++) {
    const frameImages = frames.map((f) => picture(f, i));
    const outputs: [string, Uint8Array][] = [
      [join(out, `${names[i]}.png`), await rgbToPng(picture(final, i))],
      [join(out, `${names[i]}-frames.png`), await rgbToPng(horizontalStrip(frameImages))],
      [join(out, `${names[i]}.gif`), encodeGif(frameImages, c === 1)],
    ];
    for (const [path, bytes] of outputs) {
      await writeFileAtomic(path, bytes);
      files.push(path);
    }
  }
  const summary = {
    objective: objective.label,
    regime: REGIMES[flags.regime],
    history: Array.from(result.history),
    files,
  };
  const jsonPath = join(out, 'visualize.json');
  await writeFileAtomic(jsonPath, `${JSON.stringify(summary, null, 1)}\n`);
  return { ...summary, files: [...files, jsonPath] };
}
