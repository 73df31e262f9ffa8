import { type ExplainableModel, type LoadModelOptions, loadModel, ModelLoadError } from '@loupe/core';
import { mnistAssetUrls } from '@loupe/models';
import { detectModelFormat } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import type { ModelSource } from '../state/app-state.js';
import { DEMO_MODELS } from './demo-models.js';

/** Fetches a text file, with errors that say whether the server, the URL or CORS failed. */
export async function fetchText(url: string, what: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new ModelLoadError(
      `Could not fetch the ${what} at ${url}: ${(err as Error).message}. Check the URL and that the server sends CORS headers.`,
    );
  }
  if (!response.ok)
    throw new ModelLoadError(
      `Could not load the ${what}: ${url} answered HTTP ${response.status}. Check the URL.`,
    );
  return response.text();
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  const text = await fetchText(url, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelLoadError(
      `${url} is not JSON; point the URL at the model.json written by the tfjs converter or model.save().`,
    );
  }
}

/** fetch that fails on HTTP errors: tfjs would otherwise read a 404 page as weight bytes. */
async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.ok) throw new ModelLoadError(`${String(input)} answered HTTP ${response.status}`);
  return response;
}

/**
 * The model.json among dropped or chosen files (a labels .json may lie beside it): the .json that has a
 * `modelTopology`, with the files that are not JSON (its weight shards).
 */
async function modelFiles(files: readonly File[]): Promise<File[]> {
  for (const file of files.filter((f) => f.name.endsWith('.json'))) {
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      continue;
    }
    if (typeof doc === 'object' && doc !== null && 'modelTopology' in doc) {
      return [file, ...files.filter((f) => !f.name.endsWith('.json'))];
    }
  }
  throw new ModelLoadError(
    'No model.json among the files: drop the model.json together with its .bin weight files (or their folder).',
  );
}

/**
 * The playground's one adapter to core's `loadModel(source, options)`: the shipped CNN, a model.json URL
 * (checked first so a CORS or 404 failure says so, and fetched so that a missing weight file is an error,
 * not garbage), or dropped/chosen `File`s; wrapped with `options` (value range, preprocessing preset or
 * mean/std, class names). The returned model owns the tfjs model (`dispose()` frees both); `source` is it.
 */
export async function loadExplainableModel(
  source: ModelSource,
  options: LoadModelOptions,
  files?: readonly File[],
): Promise<ExplainableModel> {
  if (source.kind === 'mnist') {
    // The bundler fingerprints the weights file, so its URL is given rather than read from model.json.
    const weights = mnistAssetUrls.cnnWeights.href;
    return loadModel(
      tf.io.http(mnistAssetUrls.cnnModel.href, { weightUrlConverter: async () => weights }),
      options,
    );
  }
  if (source.kind === 'demo') {
    const demo = DEMO_MODELS[source.name];
    const weights = demo.weights.href;
    return loadModel(tf.io.http(demo.model.href, { weightUrlConverter: async () => weights }), options);
  }
  if (source.kind === 'url') {
    const absolute = new URL(source.url, location.href).href;
    const format = detectModelFormat(await fetchJson(absolute, 'model'), absolute);
    try {
      return await loadModel(tf.io.http(absolute, { fetchFunc: checkedFetch }), options);
    } catch (err) {
      throw new ModelLoadError(
        `Could not load the ${format} at ${absolute}: ${(err as Error).message}. Are its weight files next to model.json?`,
      );
    }
  }
  if (!files || files.length === 0)
    throw new ModelLoadError(
      `The model "${source.name}" came from local files; drop them again to reload it.`,
    );
  return loadModel(await modelFiles(files), options);
}

/** Reads class names from a JSON array, or an object mapping index → name (Keras/ImageNet style). */
export function parseLabels(doc: unknown, where: string): string[] {
  if (Array.isArray(doc)) return doc.map(String);
  if (typeof doc === 'object' && doc !== null) {
    const entries = Object.entries(doc as Record<string, unknown>);
    if (entries.every(([k]) => /^\d+$/.test(k))) {
      const out: string[] = [];
      for (const [k, v] of entries) out[Number(k)] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
      return Array.from(out, (v, i) => v ?? String(i));
    }
  }
  throw new ModelLoadError(
    `${where} is not a labels file: give a JSON array of class names, or an object {"0": "name", ...}.`,
  );
}

/** Fetches class names from a labels JSON URL. */
export async function loadLabels(url: string): Promise<string[]> {
  return parseLabels(await fetchJson(new URL(url, location.href).href, 'labels'), url);
}
