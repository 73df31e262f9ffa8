import { fitSequence, InputValueError, tokenize } from '@loupe/core';
import type { TextSession } from '../runtime/session.js';

/** A text as the model reads it: its tokens (as written), their ids, and the row fed to the model. */
export interface TokenRow {
  /** The text's tokens; without a vocabulary, the ids as typed. */
  readonly tokens: string[];
  /** One id per token. */
  readonly ids: number[];
  /** `ids` padded with `pad` to the model's length (just `ids` when the model takes any length). */
  readonly row: number[];
}

/** A sentence short enough for most toy models, shown when the URL holds no text. */
const EXAMPLE_WORDS = 'the film was good';

/** What the text box starts with for a model: a short sentence, or a few ids when there is no vocabulary. */
export function exampleText(session: TextSession): string {
  if (session.example) return session.example;
  if (session.vocabulary) return EXAMPLE_WORDS;
  const top = session.vocabularySize ?? 10;
  return [1, 2, 3, 4].filter((id) => id < top).join(' ');
}

/** One line on how the box's text becomes the model's input. */
export function describeEncoding(session: TextSession): string {
  const length =
    session.length === null
      ? 'The model reads any number of tokens.'
      : `The model reads ${session.length} tokens; shorter texts are padded with the pad token (not shown).`;
  const top = session.vocabularySize === undefined ? undefined : session.vocabularySize - 1;
  if (!session.vocabulary)
    return `No vocabulary was loaded with this model, so the box takes token ids${top === undefined ? '' : ` (0–${top})`} separated by spaces. Load its vocab.json or vocab.txt (the model panel's Vocabulary URL, or drop it beside model.json) to type words. ${length}`;
  const unknown = [...session.vocabulary.ids].find(([, id]) => id === session.vocabulary?.unknown)?.[0];
  return `Words and punctuation become ids through the vocabulary (${session.vocabulary.ids.size} tokens${top === undefined ? '' : `; the model's ids run 0–${top}`}); words outside it become ${unknown ?? 'the unknown token'} (id ${session.vocabulary.unknown}). ${length}`;
}

/** Ids typed as numbers (no vocabulary): each must be a whole number. */
function typedIds(text: string): number[] {
  const words = text.trim().split(/[\s,]+/);
  const bad = words.find((w) => !/^\d+$/.test(w));
  if (bad !== undefined)
    throw new InputValueError(
      `This model was loaded without a vocabulary, so the box takes token ids separated by spaces (e.g. 12 7 431); "${bad.slice(0, 20)}" is not one. Type ids, or load the model's vocabulary (Vocabulary URL in the model panel) to type words.`,
    );
  return words.map(Number);
}

/** Checks every id against the embedding table, naming the word that maps outside it. */
function checkIds(tokens: readonly string[], ids: readonly number[], session: TextSession): void {
  const rows = session.vocabularySize;
  if (rows === undefined) return;
  const at = ids.findIndex((id) => id >= rows);
  if (at < 0) return;
  throw new InputValueError(
    session.vocabulary
      ? `The vocabulary maps "${tokens[at]}" to id ${ids[at]}, but the model's embedding has ${rows} rows (ids 0–${rows - 1}). Load the vocabulary this model was trained with.`
      : `Token id ${ids[at]} is outside the vocabulary: the model's embedding has ${rows} rows. Use ids from 0 to ${rows - 1}.`,
  );
}

/**
 * Turns the box's text into the model's input: words through the session's vocabulary, or ids typed as
 * numbers without one; then padded with `pad` to the model's length. Throws `InputValueError` with what to
 * do for an empty text, a word that is not an id (no vocabulary), an id outside the embedding table, and a
 * text longer than the model reads.
 */
export function readTokens(text: string, session: TextSession, pad: number): TokenRow {
  if (text.trim() === '')
    throw new InputValueError(
      session.vocabulary
        ? 'The text is empty: type a sentence to explain.'
        : 'The box is empty: type token ids.',
    );
  let tokens: string[];
  let ids: number[];
  if (session.vocabulary) {
    ({ tokens, ids } = tokenize(text, session.vocabulary));
    if (tokens.length === 0)
      throw new InputValueError('The text holds no words or punctuation: type a sentence to explain.');
  } else {
    ids = typedIds(text);
    tokens = ids.map(String);
  }
  checkIds(tokens, ids, session);
  const row = fitSequence(ids, session.length, pad);
  const rows = session.vocabularySize;
  if (rows !== undefined && pad >= rows && row.length > ids.length)
    throw new InputValueError(
      `The pad token id ${pad} is outside the model's embedding (ids 0–${rows - 1}); set "padToken" in the options to the id the model pads with.`,
    );
  return { tokens, ids, row };
}
