import { ModelLoadError } from '@loupe/core';
import * as tfc from '@tensorflow/tfjs-converter';
import * as tfl from '@tensorflow/tfjs-layers';

/** The two formats a model.json can hold. */
export type ModelFormat = 'layers-model' | 'graph-model';

/**
 * Which loader a model.json needs: its `format` field when present (tfjs converter output), else the
 * shape of `modelTopology` (a Keras config for LayersModels, a GraphDef with `node` for GraphModels).
 */
export function detectModelFormat(json: unknown, url: string): ModelFormat {
  const doc = json as { format?: unknown; modelTopology?: Record<string, unknown> } | null;
  if (
    doc === null ||
    typeof doc !== 'object' ||
    typeof doc.modelTopology !== 'object' ||
    doc.modelTopology === null
  ) {
    throw new ModelLoadError(
      `${url} is not a TensorFlow.js model.json (no "modelTopology"). Point the model attribute at the model.json the tfjs converter or model.save() wrote.`,
    );
  }
  if (doc.format === 'graph-model' || Array.isArray(doc.modelTopology.node)) return 'graph-model';
  if (
    doc.format === 'layers-model' ||
    'model_config' in doc.modelTopology ||
    'class_name' in doc.modelTopology
  ) {
    return 'layers-model';
  }
  throw new ModelLoadError(
    `${url}: cannot tell whether this is a LayersModel or a GraphModel (format "${String(doc.format)}").`,
  );
}

/** Fetches a URL as data, with a readable error for network failures and HTTP errors. */
export async function fetchData(url: string, what: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ModelLoadError(
      `Could not fetch the ${what} at ${url}: ${(err as Error).message}. Check the URL and CORS headers.`,
    );
  }
  if (!response.ok) {
    throw new ModelLoadError(
      `Could not load the ${what}: ${url} answered HTTP ${response.status} ${response.statusText}.`.trim(),
    );
  }
  return response;
}

const cache = new Map<string, Promise<tfl.LayersModel | tfc.GraphModel>>();

/**
 * Loads a LayersModel or GraphModel from a model.json URL (resolved against the page), detecting the
 * format first. Loaded models are cached by absolute URL; a failed load is forgotten so it can be retried.
 */
export function loadModelFromUrl(
  url: string,
  signal?: AbortSignal,
): Promise<tfl.LayersModel | tfc.GraphModel> {
  const absolute = new URL(url, globalThis.location?.href).href;
  let loading = cache.get(absolute);
  if (loading === undefined) {
    loading = loadUncached(absolute, signal);
    cache.set(absolute, loading);
    loading.catch(() => cache.delete(absolute));
  }
  return loading;
}

async function loadUncached(url: string, signal?: AbortSignal): Promise<tfl.LayersModel | tfc.GraphModel> {
  const response = await fetchData(url, 'model', signal);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ModelLoadError(`${url} is not JSON; the model attribute must point at a model.json file.`);
  }
  const format = detectModelFormat(json, url);
  try {
    return format === 'graph-model' ? await tfc.loadGraphModel(url) : await tfl.loadLayersModel(url);
  } catch (err) {
    throw new ModelLoadError(`Could not load the ${format} at ${url}: ${(err as Error).message}`);
  }
}

/**
 * Drops a model from the cache (and frees it), so the next `loadModelFromUrl` fetches it again: after a
 * backend loss its weights live on a device that is gone.
 */
export async function forgetModel(url: string): Promise<void> {
  const absolute = new URL(url, globalThis.location?.href).href;
  const loading = cache.get(absolute);
  cache.delete(absolute);
  const model = await loading?.catch(() => undefined);
  try {
    model?.dispose();
  } catch {
    // Its tensors were on the lost backend; there is nothing left to free there.
  }
}
