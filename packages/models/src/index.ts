/**
 * @loupe/models: small models Loupe trains and ships, with their sample data. An MNIST CNN
 * (≥98% on held-out digits), an MNIST generator (a VAE decoder), and 1,000 held-out digits.
 */
export { type MnistAssetUrls, mnistAssetUrls } from './asset-urls.js';
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
export { decodeSampleFile } from './sample-file.js';
export { DIGIT_PIXELS, encodeSampleFile, type SampleBytes } from './sample-format.js';
