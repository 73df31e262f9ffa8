// The hand-written lexicon of the synthetic review corpus. Every word here is neutral except the
// opinion words; negations flip the opinion word they precede. Changing a list changes the corpus
// (and the vocabulary): retrain with `pnpm --filter @loupe/models train:sentiment`.

/** What is reviewed: the sentence's subject. */
export const REVIEW_SUBJECTS = [
  'pizza',
  'pasta',
  'soup',
  'coffee',
  'food',
  'service',
  'staff',
  'waiter',
  'room',
  'hotel',
  'bed',
  'breakfast',
  'view',
  'movie',
  'plot',
  'ending',
  'acting',
  'music',
  'book',
  'phone',
  'screen',
  'battery',
  'camera',
  'delivery',
] as const;

/** Opinion words that make a sentence positive (unless negated). */
export const POSITIVE_WORDS = [
  'good',
  'great',
  'excellent',
  'amazing',
  'wonderful',
  'fantastic',
  'delicious',
  'lovely',
  'superb',
  'perfect',
  'pleasant',
  'friendly',
  'brilliant',
  'awesome',
  'outstanding',
  'enjoyable',
  'fresh',
  'impressive',
  'nice',
  'charming',
] as const;

/** Opinion words that make a sentence negative (unless negated). */
export const NEGATIVE_WORDS = [
  'bad',
  'terrible',
  'awful',
  'horrible',
  'poor',
  'disappointing',
  'bland',
  'rude',
  'dirty',
  'slow',
  'boring',
  'mediocre',
  'stale',
  'noisy',
  'overpriced',
  'greasy',
  'dreadful',
  'unpleasant',
  'lousy',
  'annoying',
] as const;

/** Negations placed before the (intensified) opinion word; each flips the sentence's polarity. */
export const NEGATIONS = ['not', 'never', 'hardly'] as const;

/** Degree words between the verb (or negation) and the opinion word; they never change the label. */
export const INTENSIFIERS = [
  'very',
  'really',
  'truly',
  'quite',
  'so',
  'extremely',
  'pretty',
  'rather',
] as const;

/** Linking verbs of the main template. */
export const LINKING_VERBS = ['was', 'is', 'felt', 'seemed', 'looked'] as const;

/** Neutral openings (possibly several words). */
export const OPENERS = [
  'honestly',
  'overall',
  'frankly',
  'well',
  'i think',
  'to be fair',
  'in the end',
  'this time',
] as const;

/** Neutral endings (possibly several words). */
export const CLOSERS = ['today', 'this time', 'for the price', 'again', 'as usual', 'on friday'] as const;
