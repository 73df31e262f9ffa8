import { Command } from 'commander';
import { runBackends } from './commands/backends.js';
import type { CommandContext, DataSetFlags, ModelFlags } from './commands/context.js';
import { type EvaluateFlags, runEvaluate, throwIfCellsFailed } from './commands/evaluate.js';
import {
  EXPLAIN_FORMATS,
  type ExplainFlags,
  parseFormats,
  runExplain,
  throwIfSomeFailed,
} from './commands/explain.js';
import { type PrototypeFlags, runPrototypes } from './commands/prototypes.js';
import { parseChannel, REGIMES, runVisualize } from './commands/visualize.js';
import { UsageError } from './exit-codes.js';
import {
  parseCount,
  parseIdList,
  parseInteger,
  parsePositiveInt,
  parsePositiveNumber,
} from './input/plugin-options.js';
import {
  addBackendOption,
  addDataSetOptions,
  addPreprocessOptions,
  addSeedTargetOptions,
  collect,
  type PreprocessValues,
  preprocessOf,
} from './options.js';
import { addRenderOptions, type RenderFlagValues } from './output/render-flags.js';
import { addQueueCommands, enqueue } from './queue/cli-commands.js';
import { addEnqueueOptions, withoutQueueFlags } from './queue/cli-options.js';
import type { BackendChoice } from './setup/backend.js';
import { cliVersion } from './version.js';

type Flags = Record<string, unknown> & PreprocessValues;

/** The backend, preprocessing and data-set flags (--workers, --batch-size) the data-set commands share. */
function commonFlags(f: Flags): Omit<ModelFlags, 'model'> & DataSetFlags {
  return {
    backend: f.backend as BackendChoice,
    preprocess: preprocessOf(f),
    workers: f.workers as number,
    batchSize: f.batchSize as number,
  };
}

function parseClasses(text: string): number[] {
  return parseIdList('--class', text).map((c) => {
    const n = Number(c);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`--class takes class indices, e.g. --class 3 or --class 0,7; got '${text}'.`);
    return n;
  });
}

function parseRegime(text: string): keyof typeof REGIMES {
  if (!Object.hasOwn(REGIMES, text))
    throw new UsageError(`--regime must be score, prior or code; got '${text}'.`);
  return text as keyof typeof REGIMES;
}

/**
 * Builds the `loupe` command tree (commander). Each action hands its parsed flags to a run function and
 * the result to `emit`, which prints it as JSON or as a human summary.
 */
export function buildProgram(
  ctx: CommandContext,
  argv: readonly string[],
  emit: (command: string, result: unknown) => void,
  output: { writeOut(text: string): void; writeErr(text: string): void },
): Command {
  const program = new Command('loupe')
    // Before any .command(): subcommands copy the output settings when they are created.
    .configureOutput(output)
    .description('Explain, evaluate and visualise TensorFlow.js models from the terminal.')
    .version(cliVersion(), '-V, --version', 'print the version of @loupe/cli')
    .option('--json', 'print one JSON document on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress bars, notes or backend messages')
    // Every subcommand's --help lists --json and --quiet too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  const explain = program
    .command('explain')
    .description('heatmap PNG and raw attribution per image and method')
    .argument('<model>', "model.json path, its folder, an http(s) URL, or 'mnist' (the shipped CNN)")
    .argument('<images...>', 'PNG/JPEG files, folders of them, or mnist-samples[:N]')
    .requiredOption(
      '-m, --method <ids>',
      'method id(s), comma-separated (an unknown id lists the registered ones)',
      (v) => parseIdList('--method', v),
    )
    .option('-o, --out <dir>', 'output folder', 'loupe-out')
    .option('--format <list>', `outputs: ${EXPLAIN_FORMATS.join(', ')}`, parseFormats, ['png', 'json'])
    .option(
      '--opt <key=value>',
      'method option, validated against its params (repeatable; method.key=value for one method)',
      collect,
      [],
    )
    .option('--scale <n>', 'heatmap upscaling factor (default: short side ≥ 224 px)', (v) =>
      parsePositiveInt('--scale', v),
    );
  for (const add of [
    addSeedTargetOptions,
    addBackendOption,
    addDataSetOptions,
    addPreprocessOptions,
    addRenderOptions,
  ])
    add(explain);
  addEnqueueOptions(explain);
  explain.action(async (model: string, images: string[], f: Flags) => {
    const flags: ExplainFlags = {
      model,
      images,
      methods: f.method as string[],
      target: f.target as number | 'predicted',
      out: f.out as string,
      formats: f.format as ('png' | 'json' | 'npy')[],
      opts: f.opt as string[],
      seed: f.seed as number,
      scale: (f.scale as number | undefined) ?? null,
      render: {
        view: f.view as RenderFlagValues['view'],
        sign: f.sign as RenderFlagValues['sign'],
        colormap: f.colormap as RenderFlagValues['colormap'],
        percentile: f.percentile as number | undefined,
      },
      ...commonFlags(f),
    };
    if (f.queue) return emit('enqueue', await enqueue({ command: 'explain', flags }, f, ctx));
    const result = await runExplain(flags, ctx);
    emit('explain', result);
    throwIfSomeFailed(result);
  });

  const evaluate = program
    .command('evaluate')
    .description('score methods with faithfulness metrics on a data set; writes a Markdown or HTML report')
    .argument('<model>', "model.json path, its folder, an http(s) URL, or 'mnist'")
    .requiredOption(
      '-d, --data <source...>',
      'mnist-samples[:N], or image files/folders (class-named sub-folders give labels)',
    )
    .requiredOption('-m, --methods <ids>', 'method ids, comma-separated', (v) => parseIdList('--methods', v))
    .requiredOption(
      '--metrics <ids>',
      'metric ids, comma-separated (deletion, insertion, pixel-flipping, sanity, infidelity, max-sensitivity, …)',
      (v) => parseIdList('--metrics', v),
    )
    .option('-o, --out <report>', 'report path: .md (SVG charts beside it) or .html', 'loupe-report.md')
    .option('--limit <n>', 'use the first N examples', (v) => parsePositiveInt('--limit', v))
    .option('--opt <key=value>', 'method option (repeatable; method.key=value for one method)', collect, [])
    .option(
      '--metric-opt <key=value>',
      'metric option (repeatable; metric.key=value for one metric)',
      collect,
      [],
    );
  for (const add of [addSeedTargetOptions, addBackendOption, addDataSetOptions, addPreprocessOptions])
    add(evaluate);
  addEnqueueOptions(evaluate);
  evaluate.action(async (model: string, f: Flags) => {
    const flags: EvaluateFlags = {
      model,
      data: f.data as string[],
      limit: f.limit as number | undefined,
      methods: f.methods as string[],
      metrics: f.metrics as string[],
      target: f.target as number | 'predicted',
      seed: f.seed as number,
      out: f.out as string,
      opts: f.opt as string[],
      metricOpts: f.metricOpt as string[],
      // A queued run's report quotes the command that would give it locally.
      command: `loupe ${withoutQueueFlags(argv).join(' ')}`,
      ...commonFlags(f),
    };
    if (f.queue) return emit('enqueue', await enqueue({ command: 'evaluate', flags }, f, ctx));
    const result = await runEvaluate(flags, ctx);
    emit('evaluate', result);
    throwIfCellsFailed(result.table);
  });

  const visualize = program
    .command('visualize')
    .description('activation maximization: the input a class or channel responds to most')
    .argument('<model>', "model.json path, its folder, an http(s) URL, or 'mnist'")
    .option('--class <n[,n…]>', 'class(es) to maximise', parseClasses)
    .option('--channel <layer:c>', 'maximise the mean activation of channel c of a layer', parseChannel)
    .option(
      '--regime <score|prior|code>',
      'score only, expert image prior, or a generator code space',
      parseRegime,
      'prior' as const,
    )
    .option('--steps <n>', 'optimisation steps', (v) => parsePositiveInt('--steps', v))
    .option('--lr <rate>', "Adam's learning rate", (v) => parsePositiveNumber('--lr', v))
    .option('--frames <n>', 'frames in the strip and the GIF', (v) => parsePositiveInt('--frames', v), 8)
    .option('--generator <model>', "generator of the code regime ('mnist': the shipped VAE decoder)", 'mnist')
    .option(
      '--seed <n>',
      'seed of the start and of random transformations',
      (v) => parseInteger('--seed', v),
      0,
    )
    .option('--scale <n>', 'image upscaling factor', (v) => parsePositiveInt('--scale', v))
    .option('-o, --out <dir>', 'output folder', 'loupe-out');
  for (const add of [addBackendOption, addPreprocessOptions]) add(visualize);
  visualize.action(async (model: string, f: Flags) => {
    const result = await runVisualize(
      {
        model,
        classes: (f.class as number[] | undefined) ?? null,
        channel: (f.channel as { layer: string; index: number } | undefined) ?? null,
        regime: f.regime as 'prior',
        steps: f.steps as number | undefined,
        learningRate: f.lr as number | undefined,
        seed: f.seed as number,
        frames: f.frames as number,
        generator: f.generator as string,
        out: f.out as string,
        scale: (f.scale as number | undefined) ?? null,
        backend: f.backend as 'cpu',
        preprocess: preprocessOf(f),
      },
      ctx,
    );
    emit('visualize', result);
  });

  const prototypes = program
    .command('prototypes')
    .description('MMD-critic prototypes and criticisms of a data set: a gallery PNG and JSON')
    .argument('[model]', 'embed with this model (omit for raw pixels)')
    .requiredOption('-d, --data <source...>', 'mnist-samples[:N], or image files/folders')
    .option('--layer <name>', 'layer whose activations are the features (default: the one before the output)')
    .option(
      '--prototypes <m>',
      'prototypes (per class with --per-class)',
      (v) => parsePositiveInt('--prototypes', v),
      10,
    )
    .option(
      '--criticisms <k>',
      'criticisms (per class with --per-class)',
      (v) => parseCount('--criticisms', v),
      5,
    )
    .option('--per-class', 'select within each class (needs labels)')
    .option('--limit <n>', 'use the first N examples', (v) => parsePositiveInt('--limit', v))
    .option('--seed <n>', 'seed of sampling in large data sets', (v) => parseInteger('--seed', v), 0)
    .option('--scale <n>', 'tile upscaling in the gallery', (v) => parsePositiveInt('--scale', v), 2)
    .option('-o, --out <dir>', 'output folder', 'loupe-out');
  for (const add of [addBackendOption, addDataSetOptions, addPreprocessOptions]) add(prototypes);
  addEnqueueOptions(prototypes);
  prototypes.action(async (model: string | undefined, f: Flags) => {
    const flags: PrototypeFlags = {
      model: model ?? null,
      layer: (f.layer as string | undefined) ?? null,
      data: f.data as string[],
      limit: f.limit as number | undefined,
      prototypes: f.prototypes as number,
      criticisms: f.criticisms as number,
      perClass: f.perClass === true,
      seed: f.seed as number,
      out: f.out as string,
      scale: f.scale as number,
      ...commonFlags(f),
    };
    if (f.queue) return emit('enqueue', await enqueue({ command: 'prototypes', flags }, f, ctx));
    emit('prototypes', await runPrototypes(flags, ctx));
  });

  program
    .command('backends')
    .description('which tfjs backends can run here, and why the others cannot')
    .action(async () => emit('backends', await runBackends(ctx)));
  addQueueCommands(program, ctx, emit);
  return program;
}
