import { LoupeError, ModelLoadError, parseVocabulary, tokenize, type Vocabulary } from '@loupe/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { textAssetUrls } from './asset-urls.js';
import { loadShippedLayersModel, readAssetBytes, toUrl } from './load-asset.js';
import type { LoadModelOptions } from './mnist-cnn.js';
import { TOY_SENTIMENT_SEQUENCE_LENGTH } from './toy-reviews.js';

/** The toy sentiment model's classes, in output order. */
export const toySentimentClassNames = ['negative', 'positive'] as const;
/** The padding token of the toy sentiment vocabulary; its id is {@link PAD_ID}. */
export const TOY_SENTIMENT_PAD = '[PAD]';
/** The unknown-word token of the toy sentiment vocabulary; its id is {@link UNKNOWN_ID}. */
export const TOY_SENTIMENT_UNKNOWN = '[UNK]';
/** Id of padding (short reviews are padded at the end with it; token attribution's baseline). */
export const PAD_ID = 0;
/** Id every word outside the vocabulary maps to (Keras' OOV convention). */
export const UNKNOWN_ID = 1;

/** A review as the model reads it. */
export interface EncodedReview {
  /** The tokens read, as written in the text (at most the sequence length). */
  tokens: string[];
  /** Their ids, padded at the end with {@link PAD_ID} to the sequence length. */
  ids: Int32Array;
}

/** The loaded toy sentiment classifier with what it takes to feed it text. */
export interface ToySentiment {
  /** Token ids `[N, sequenceLength]` (int32) → `[N, 2]` probabilities of `classNames`. */
  model: tfl.LayersModel;
  /** Token → id (from vocab.json, Keras `word_index` form: `[PAD]` = 0, `[UNK]` = 1), for core's `tokenize`. */
  vocabulary: Vocabulary;
  /** Tokens per input row (16). */
  sequenceLength: number;
  /** `['negative', 'positive']`. */
  classNames: readonly string[];
  /** Id of padding (0). */
  padId: number;
  /** Id of unknown words (1). */
  unknownId: number;
  /** Tokenizes and encodes one text with this vocabulary (see {@link encodeReview}). */
  encode(text: string): EncodedReview;
}

/** Options of {@link loadToySentiment}. */
export interface LoadToySentimentOptions extends LoadModelOptions {
  /** vocab.json URL to read instead of the shipped one. */
  vocabUrl?: URL | string;
}

/**
 * Encodes text for the toy sentiment model: core's `tokenize` (words and punctuation marks, looked up
 * lower-cased; unknown words → {@link UNKNOWN_ID}), cut to `length` and padded at the end with {@link PAD_ID}.
 */
export function encodeReview(
  text: string,
  vocabulary: Vocabulary,
  length = TOY_SENTIMENT_SEQUENCE_LENGTH,
): EncodedReview {
  const { tokens, ids } = tokenize(text, vocabulary);
  const encoded = new Int32Array(length).fill(PAD_ID);
  encoded.set(ids.slice(0, length));
  return { tokens: tokens.slice(0, length), ids: encoded };
}

/** Parses vocab.json (core's `parseVocabulary`), checking the pad and unknown ids the model was trained with. */
export function parseToySentimentVocabulary(bytes: Uint8Array, source: string): Vocabulary {
  let vocabulary: Vocabulary;
  try {
    vocabulary = parseVocabulary(new TextDecoder().decode(bytes));
  } catch (error) {
    if (!(error instanceof LoupeError)) throw error;
    throw new ModelLoadError(`${source}: ${error.message} Reinstall @loupe/models or pass its vocab.json.`);
  }
  if (vocabulary.ids.get(TOY_SENTIMENT_PAD) !== PAD_ID || vocabulary.unknown !== UNKNOWN_ID) {
    throw new ModelLoadError(
      `${source} must map ${TOY_SENTIMENT_PAD} to ${PAD_ID} and ${TOY_SENTIMENT_UNKNOWN} to ${UNKNOWN_ID}, as the toy sentiment model was trained; pass the vocab.json shipped with it.`,
    );
  }
  return vocabulary;
}

/**
 * Loads the shipped toy sentiment classifier, trained on synthetic reviews (see `generateToyReviews`):
 * `embedding` (vocabulary × 16, 16 tokens) → `conv` (Conv1D, 32 filters, kernel 3, ReLU, same padding: the
 * layer for 1-D Grad-CAM) → `pool` (global max) → `scores` (Dense 2, softmax). Input: int32 token ids
 * `[N, 16]` from {@link encodeReview} (or the returned `encode`); output `[N, 2]` probabilities of
 * negative / positive. Explain it with the `token-attribution` explainer (pad baseline, id 0).
 */
export async function loadToySentiment(options: LoadToySentimentOptions = {}): Promise<ToySentiment> {
  const vocabUrl = options.vocabUrl === undefined ? textAssetUrls.sentimentVocab : toUrl(options.vocabUrl);
  const vocabulary = parseToySentimentVocabulary(await readAssetBytes(vocabUrl), vocabUrl.href);
  const model = await loadShippedLayersModel(
    textAssetUrls.sentimentModel,
    textAssetUrls.sentimentWeights,
    options,
  );
  const inputShape = model.inputs[0].shape;
  const sequenceLength = inputShape[1];
  const embedding = model.layers.find((layer) => layer.getClassName() === 'Embedding');
  const rows = Number(embedding?.getConfig().inputDim ?? 0);
  const size = vocabulary.ids.size;
  if (inputShape.length !== 2 || sequenceLength == null || rows < size) {
    model.dispose();
    throw new ModelLoadError(
      `The toy sentiment model must take ids [N, length] with an embedding row for each of the ${size} vocabulary entries; this one takes [${inputShape.join(', ')}] with ${rows} rows. Pass a matching model and vocab.json.`,
    );
  }
  return {
    model,
    vocabulary,
    sequenceLength,
    classNames: toySentimentClassNames,
    padId: PAD_ID,
    unknownId: UNKNOWN_ID,
    encode: (text) => encodeReview(text, vocabulary, sequenceLength),
  };
}
