import { SeededRandom, tokenize } from '@loupe/core';
import {
  CLOSERS,
  INTENSIFIERS,
  LINKING_VERBS,
  NEGATIONS,
  NEGATIVE_WORDS,
  OPENERS,
  POSITIVE_WORDS,
  REVIEW_SUBJECTS,
} from './review-lexicon.js';

/** Tokens per sequence the toy sentiment model reads (shorter reviews are padded at the end, longer cut). */
export const TOY_SENTIMENT_SEQUENCE_LENGTH = 16;

/** One synthetic review whose label is known by construction. */
export interface ToyReview {
  /** The sentence, e.g. "honestly , the pizza was not very good ." */
  text: string;
  /** `text` split by {@link tokenizeReview}. */
  tokens: string[];
  /** 0 = negative, 1 = positive (indices into `toySentimentClassNames`). */
  label: 0 | 1;
  /** Index in `tokens` of the one opinion word that decides the label. */
  opinion: number;
  /** Index in `tokens` of the negation that flips it, or null. */
  negation: number | null;
}

/** Options of {@link generateToyReviews}. */
export interface ToyReviewOptions {
  /** How many reviews. */
  count: number;
  /** Seeds the draw (default 0); the same seed and split give the same reviews. */
  seed?: number;
  /**
   * `'train'` or `'held-out'` (default): a hash of the text puts each distinct sentence in exactly one split
   * (a fifth held out), so held-out reviews are never trained on whatever the seeds.
   */
  split?: 'train' | 'held-out';
  /** Fraction of reviews with a negation (default 0.4). */
  negationRate?: number;
}

/** An empty vocabulary: `tokenize` for the tokens alone. */
const NO_WORDS = { ids: new Map<string, number>(), unknown: 1 };

/**
 * Splits text into lower-cased words (apostrophes kept, as in "wasn't") and single punctuation marks: the
 * tokenization `loupe text --vocab` uses, so the shipped vocabulary works from the CLI too.
 */
export function tokenizeReview(text: string): string[] {
  return tokenize(text, NO_WORDS).tokens.map((t) => t.toLowerCase());
}

/** FNV-1a over UTF-16 code units: a stable hash that assigns a sentence to its split. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The split a sentence belongs to: a fifth of all possible sentences are held out. */
export function toyReviewSplit(text: string): 'train' | 'held-out' {
  return fnv1a(text) % 5 === 0 ? 'held-out' : 'train';
}

function pick<T>(items: readonly T[], random: SeededRandom): T {
  return items[random.integer(items.length)];
}

/** One draw of the grammar: the words, the opinion word and the negation (if any). */
function drawSentence(
  random: SeededRandom,
  negationRate: number,
): { words: string[]; positive: boolean; negated: boolean } {
  const positive = random.uniform() < 0.5;
  const opinion = pick(positive ? POSITIVE_WORDS : NEGATIVE_WORDS, random);
  const subject = pick(REVIEW_SUBJECTS, random);
  const template = random.uniform();
  const words: string[] = [];
  if (random.uniform() < 0.3) words.push(pick(OPENERS, random), ...(random.uniform() < 0.5 ? [','] : []));
  const ending = (): string[] => {
    const r = random.uniform();
    return r < 0.4 ? ['.'] : r < 0.6 ? ['!'] : [];
  };
  if (template < 0.15) {
    // "what a lovely view !": an exclamation, never negated.
    const intensifier = random.uniform() < 0.3 ? [pick(INTENSIFIERS, random)] : [];
    const next = intensifier[0] ?? opinion;
    words.push('what', /^[aeiou]/.test(next) ? 'an' : 'a', ...intensifier, opinion, subject, ...ending());
    return { words, positive, negated: false };
  }
  const negated = random.uniform() < negationRate;
  const negation = negated ? pick(NEGATIONS, random) : null;
  const intensifier = negation !== 'hardly' && random.uniform() < 0.35 ? [pick(INTENSIFIERS, random)] : [];
  const phrase: string[] = [...(negation ? [negation] : []), ...intensifier, opinion];
  if (template < 0.4) {
    // "we tried the soup and it was not very good ."
    words.push('we', 'tried', 'the', subject, 'and', 'it', 'was', ...phrase, ...ending());
  } else {
    // "the pizza was never good this time !"
    words.push('the', subject, pick(LINKING_VERBS, random), ...phrase);
    if (random.uniform() < 0.3) words.push(...pick(CLOSERS, random).split(' '));
    words.push(...ending());
  }
  return { words, positive, negated };
}

/**
 * Draws synthetic English reviews from a hand-written lexicon (subjects, neutral fillers, 20 positive and
 * 20 negative opinion words, intensifiers, negations): exactly one opinion word decides each label, flipped
 * when a negation ("not", "never", "hardly") precedes it. Positive and negative are equally likely. Synthetic
 * by design: the deciding tokens are known, so token attributions can be checked against them.
 */
export function generateToyReviews(options: ToyReviewOptions): ToyReview[] {
  const random = new SeededRandom(options.seed ?? 0);
  const split = options.split ?? 'held-out';
  const negationRate = options.negationRate ?? 0.4;
  const reviews: ToyReview[] = [];
  while (reviews.length < options.count) {
    const { words, positive, negated } = drawSentence(random, negationRate);
    const text = words.join(' ');
    const tokens = tokenizeReview(text);
    if (tokens.length > TOY_SENTIMENT_SEQUENCE_LENGTH || toyReviewSplit(text) !== split) continue;
    const opinionWords: readonly string[] = positive ? POSITIVE_WORDS : NEGATIVE_WORDS;
    const opinion = tokens.findIndex((t) => opinionWords.includes(t));
    const negation = negated ? tokens.findIndex((t) => (NEGATIONS as readonly string[]).includes(t)) : -1;
    reviews.push({
      text,
      tokens,
      label: positive !== negated ? 1 : 0,
      opinion,
      negation: negation >= 0 ? negation : null,
    });
  }
  return reviews;
}
