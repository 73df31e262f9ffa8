// Each URL is written as `new URL('literal', import.meta.url)` so bundlers (Vite, webpack 5,
// esbuild) see and copy the asset; the same code resolves to files in Node, from src or dist.

/** Where the shipped assets are: file: URLs in Node, bundled http(s) URLs in a browser build. */
export interface MnistAssetUrls {
  /** The MNIST CNN's model.json. */
  readonly cnnModel: URL;
  /** The MNIST CNN's weights (one shard). */
  readonly cnnWeights: URL;
  /** The MNIST generator's (VAE decoder's) model.json. */
  readonly generatorModel: URL;
  /** The MNIST generator's weights (one shard). */
  readonly generatorWeights: URL;
  /** The held-out sample digits ("LMS1" format: header, uint8 pixels, uint8 labels). */
  readonly samples: URL;
  /** A 10×10 grid of generator samples (PNG, 280×280), for documentation. */
  readonly generatorSampleGrid: URL;
  /** The MNIST digit segmenter's model.json. */
  readonly segmenterModel: URL;
  /** The MNIST digit segmenter's weights (one shard). */
  readonly segmenterWeights: URL;
}

/** URLs of every asset @loupe/models ships; copy them with your app or pass them to a loader. */
export const mnistAssetUrls: MnistAssetUrls = {
  cnnModel: new URL('../assets/mnist-cnn/model.json', import.meta.url),
  cnnWeights: new URL('../assets/mnist-cnn/weights.bin', import.meta.url),
  generatorModel: new URL('../assets/mnist-generator/model.json', import.meta.url),
  generatorWeights: new URL('../assets/mnist-generator/weights.bin', import.meta.url),
  samples: new URL('../assets/mnist-samples.bin', import.meta.url),
  generatorSampleGrid: new URL('../assets/mnist-generator/samples.png', import.meta.url),
  segmenterModel: new URL('../assets/mnist-segmenter/model.json', import.meta.url),
  segmenterWeights: new URL('../assets/mnist-segmenter/weights.bin', import.meta.url),
};

/** Where the shipped text model's assets are (file: URLs in Node, bundled URLs in a browser build). */
export interface TextAssetUrls {
  /** The toy sentiment classifier's model.json. */
  readonly sentimentModel: URL;
  /** Its weights (one shard). */
  readonly sentimentWeights: URL;
  /** Its vocabulary: JSON `{ "[PAD]": 0, "[UNK]": 1, "token": id, … }` (Keras `word_index` form). */
  readonly sentimentVocab: URL;
}

/** URLs of the toy sentiment classifier's assets; copy them with your app or pass them to `loadToySentiment`. */
export const textAssetUrls: TextAssetUrls = {
  sentimentModel: new URL('../assets/toy-sentiment/model.json', import.meta.url),
  sentimentWeights: new URL('../assets/toy-sentiment/weights.bin', import.meta.url),
  sentimentVocab: new URL('../assets/toy-sentiment/vocab.json', import.meta.url),
};
