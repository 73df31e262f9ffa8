import { InputValueError } from '../errors.js';

/** A token → id table (a text model's vocabulary) and the id words outside it map to. */
export interface Vocabulary {
  readonly ids: ReadonlyMap<string, number>;
  /** Id of unknown words: the given one, else the table's `[UNK]`/`<unk>`/`<UNK>` entry, else 1 (Keras' OOV default). */
  readonly unknown: number;
}

/** Text split into tokens and their ids. */
export interface TokenizedText {
  /** The tokens as they appear in the text (case kept). */
  readonly tokens: string[];
  readonly ids: number[];
}

/**
 * Reads a vocabulary from a file's text: a JSON object `{ "token": id }` (Keras' `tokenizer.word_index`), or one
 * token per line whose line number (from 0) is its id (BERT's vocab.txt). `unknown` overrides the id of words
 * outside it. Throws `InputValueError` for JSON that is not such an object, or a table with no tokens.
 */
export function parseVocabulary(text: string, unknown?: number): Vocabulary {
  const ids = new Map<string, number>();
  if (text.trimStart().startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new InputValueError(
        `The vocabulary is not valid JSON (${(err as Error).message}); give {"token": id, ...} or one token per line.`,
      );
    }
    for (const [token, id] of Object.entries(doc as Record<string, unknown>))
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) ids.set(token, id);
  } else {
    text.split(/\r?\n/).forEach((line, id) => {
      if (line !== '' && !ids.has(line)) ids.set(line, id);
    });
  }
  if (ids.size === 0)
    throw new InputValueError(
      'The vocabulary holds no tokens: give a JSON object {"token": id, ...} or one token per line.',
    );
  const named = ['[UNK]', '<unk>', '<UNK>'].map((t) => ids.get(t)).find((id) => id !== undefined);
  return { ids, unknown: unknown ?? named ?? 1 };
}

/**
 * Splits text into words and punctuation marks and maps each to its id, lower-cased first (as Keras'
 * `Tokenizer` does) and as written when only that form is in the table; other words get `unknown`.
 */
export function tokenize(text: string, vocabulary: Vocabulary): TokenizedText {
  const tokens = text.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu) ?? [];
  const ids = tokens.map(
    (t) => vocabulary.ids.get(t.toLowerCase()) ?? vocabulary.ids.get(t) ?? vocabulary.unknown,
  );
  return { tokens, ids };
}

/**
 * Fits a token-id sequence to a model's fixed length by padding its end with `pad`; a free length (null)
 * takes it as it is. Throws `InputValueError` when the text is longer than the model reads.
 */
export function fitSequence(ids: readonly number[], length: number | null, pad = 0): number[] {
  if (length === null) return [...ids];
  if (ids.length > length)
    throw new InputValueError(
      `The text has ${ids.length} tokens; the model reads at most ${length}. Shorten it.`,
    );
  return [...ids, ...new Array<number>(length - ids.length).fill(pad)];
}
