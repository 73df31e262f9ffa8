/**
 * @loupe/models: small models Loupe trains and ships, with their sample data. An MNIST CNN
 * (≥98% on held-out digits), an MNIST generator (a VAE decoder), an MNIST digit segmenter (a class per
 * pixel), a toy sentiment classifier on synthetic reviews (token ids in), and 1,000 held-out digits.
 */
export { type MnistAssetUrls, mnistAssetUrls, type TextAssetUrls, textAssetUrls } from './asset-urls.js';
export {
  decodeGroundTruthSamples,
  type GroundTruthBenchmark,
  type GroundTruthSamples,
  groundTruthAssetUrls,
  loadGroundTruthBenchmark,
} from './ground-truth.js';
export { type LoadModelOptions, loadMnistCnn } from './mnist-cnn.js';
export { loadMnistGenerator, type MnistGenerator } from './mnist-generator.js';
export { type LoadSamplesOptions, loadMnistSamples, type MnistSamples } from './mnist-samples.js';
export {
  loadMnistSegmenter,
  SEGMENTER_CLASSES,
  SEGMENTER_INK_THRESHOLD,
  segmenterClassNames,
} from './mnist-segmenter.js';
export { decodeSampleFile } from './sample-file.js';
export { DIGIT_PIXELS, encodeSampleFile, type SampleBytes } from './sample-format.js';
export {
  generateToyReviews,
  TOY_SENTIMENT_SEQUENCE_LENGTH,
  type ToyReview,
  type ToyReviewOptions,
  tokenizeReview,
  toyReviewSplit,
} from './toy-reviews.js';
export {
  type EncodedReview,
  encodeReview,
  type LoadToySentimentOptions,
  loadToySentiment,
  PAD_ID,
  parseToySentimentVocabulary,
  TOY_SENTIMENT_PAD,
  TOY_SENTIMENT_UNKNOWN,
  type ToySentiment,
  toySentimentClassNames,
  UNKNOWN_ID,
} from './toy-sentiment.js';
