import { readFile } from 'node:fs/promises';
import { UsageError } from '../exit-codes.js';

/** A token → id table read from a vocabulary file, and the id unknown words map to. */
export interface Vocabulary {
  ids: ReadonlyMap<string, number>;
  /** Id of unknown words: `--unknown`, else the file's `[UNK]`/`<unk>`/`<UNK>` entry, else 1 (Keras' OOV default). */
  unknown: number;
}

/**
 * Reads a vocabulary: a JSON object `{ "token": id }` (Keras' `tokenizer.word_index`), or a text file with one
 * token per line whose line number (from 0) is its id (BERT's vocab.txt). Throws `UsageError` for an
 * unreadable or empty file.
 */
export async function readVocabulary(path: string, unknown?: number): Promise<Vocabulary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--vocab: cannot read '${path}': ${(err as Error).message}`);
  }
  const ids = new Map<string, number>();
  if (text.trimStart().startsWith('{')) {
    for (const [token, id] of Object.entries(JSON.parse(text) as Record<string, unknown>))
      if (typeof id === 'number') ids.set(token, id);
  } else {
    text.split(/\r?\n/).forEach((line, id) => {
      if (line !== '' && !ids.has(line)) ids.set(line, id);
    });
  }
  if (ids.size === 0) throw new UsageError(`--vocab: '${path}' holds no tokens.`);
  const named = ['[UNK]', '<unk>', '<UNK>'].map((t) => ids.get(t)).find((id) => id !== undefined);
  return { ids, unknown: unknown ?? named ?? 1 };
}

/**
 * Splits text into lower-cased words and punctuation marks (Keras' `Tokenizer` lower-cases too) and maps each to
 * its id. Returns the tokens as they appear and their ids.
 */
export function tokenize(text: string, vocabulary: Vocabulary): { tokens: string[]; ids: number[] } {
  const tokens = text.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu) ?? [];
  const ids = tokens.map(
    (t) => vocabulary.ids.get(t.toLowerCase()) ?? vocabulary.ids.get(t) ?? vocabulary.unknown,
  );
  return { tokens, ids };
}
