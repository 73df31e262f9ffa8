import type { Command } from 'commander';
import { parseInteger } from '../input/plugin-options.js';
import { addBackendOption, addSeedTargetOptions, collect } from '../options.js';
import type { BackendChoice } from '../setup/backend.js';
import type { CommandContext } from './context.js';
import { runText } from './text.js';

type Flags = Record<string, unknown>;

/** Adds `loupe text <model> <text...>` (token attribution printed per token) to the program. */
export function addTextCommand(
  program: Command,
  ctx: CommandContext,
  emit: (command: string, result: unknown) => void,
): void {
  const text = program
    .command('text')
    .description('token attribution for a text: each token with its score (models whose input is token ids)')
    .argument(
      '<model>',
      'model.json path, its folder, or an http(s) URL of a model that starts with an Embedding',
    )
    .argument('<text...>', 'the text (words and punctuation are tokens)')
    .requiredOption(
      '--vocab <file>',
      'vocabulary: JSON {"token": id} or one token per line (line number = id)',
    )
    .option('--unknown <id>', 'id of words not in the vocabulary (default: its [UNK], else 1)', (v) =>
      parseInteger('--unknown', v),
    )
    .option('-m, --method <id>', 'method (one score per token)', 'token-attribution')
    .option(
      '--opt <key=value>',
      'method option, e.g. technique=deeplift, baseline=mask, maskToken=103',
      collect,
      [],
    );
  for (const add of [addSeedTargetOptions, addBackendOption]) add(text);
  text.action(async (model: string, words: string[], f: Flags) => {
    const result = await runText(
      {
        model,
        text: words.join(' '),
        vocab: f.vocab as string,
        unknown: f.unknown as number | undefined,
        method: f.method as string,
        target: f.target as number | 'predicted',
        opts: f.opt as string[],
        seed: f.seed as number,
        backend: f.backend as BackendChoice,
      },
      ctx,
    );
    emit('text', result);
  });
}
