import { parseVocabulary } from '@loupe/core';
import { mnistAssetUrls, segmenterClassNames, textAssetUrls, toySentimentClassNames } from '@loupe/models';
import type { DemoModel } from '../state/app-state.js';
import { fetchText } from './load-model.js';
import type { SideFiles } from './session.js';

/** A shipped demo model: where its files are, its class names and what it shows off. */
export interface DemoModelInfo {
  /** Button and model-bar label. */
  readonly label: string;
  readonly model: URL;
  readonly weights: URL;
  readonly classNames: readonly string[];
  /** A text model's vocabulary. */
  readonly vocabulary?: URL;
  /** The text the text mode starts with. */
  readonly example?: string;
}

/**
 * The demo models @loupe/models ships besides the MNIST CNN, one per mode of the Attribute tab: the MNIST
 * digit segmenter (background or a digit per pixel: region mode) and the toy sentiment classifier (token ids
 * of a synthetic review in: text mode).
 */
export const DEMO_MODELS: Record<DemoModel, DemoModelInfo> = {
  segmenter: {
    label: 'MNIST digit segmenter',
    model: mnistAssetUrls.segmenterModel,
    weights: mnistAssetUrls.segmenterWeights,
    classNames: segmenterClassNames,
  },
  sentiment: {
    label: 'toy sentiment classifier',
    model: textAssetUrls.sentimentModel,
    weights: textAssetUrls.sentimentWeights,
    classNames: toySentimentClassNames,
    vocabulary: textAssetUrls.sentimentVocab,
    example: 'honestly the pizza was not good on friday',
  },
};

/** A demo model's class names, vocabulary and example text. */
export async function demoSideFiles(name: DemoModel): Promise<SideFiles> {
  const demo = DEMO_MODELS[name];
  const side: SideFiles = { labels: [...demo.classNames] };
  if (demo.vocabulary) side.vocabulary = parseVocabulary(await fetchText(demo.vocabulary.href, 'vocabulary'));
  if (demo.example) side.example = demo.example;
  return side;
}
