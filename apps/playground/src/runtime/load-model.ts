import { ModelLoadError } from '@loupe/core';
import { loadMnistCnn } from '@loupe/models';
import { detectModelFormat } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import type { ModelSource } from '../state/app-state.js';

/** A loaded tfjs model of either kind. */
export type RawModel = tf.LayersModel | tf.GraphModel;

async function fetchJson(url: string, what: string): Promise<unknown> {
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
  try {
    return await response.json();
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

/** Loads a LayersModel or GraphModel from a model.json URL, detecting which one it is. */
export async function loadModelFromUrl(url: string): Promise<RawModel> {
  const absolute = new URL(url, location.href).href;
  const format = detectModelFormat(await fetchJson(absolute, 'model'), absolute);
  const handler = tf.io.http(absolute, { fetchFunc: checkedFetch });
  try {
    return format === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (err) {
    throw new ModelLoadError(
      `Could not load the ${format} at ${absolute}: ${(err as Error).message}. Are its weight files next to model.json?`,
    );
  }
}

/**
 * Loads a model from dropped or chosen files: one model.json (any name ending in .json that has a
 * `modelTopology`) and its weight shards, through `tf.io.browserFiles`.
 */
export async function loadModelFromFiles(files: readonly File[]): Promise<RawModel> {
  const jsons = files.filter((f) => f.name.endsWith('.json'));
  let chosen: { file: File; doc: unknown } | undefined;
  for (const file of jsons) {
    const doc = JSON.parse(await file.text()) as unknown;
    if (typeof doc === 'object' && doc !== null && 'modelTopology' in doc) chosen = { file, doc };
  }
  if (!chosen)
    throw new ModelLoadError(
      'No model.json among the files: drop the model.json together with its .bin weight files.',
    );
  const format = detectModelFormat(chosen.doc, chosen.file.name);
  const weights = files.filter((f) => !f.name.endsWith('.json'));
  const handler = tf.io.browserFiles([chosen.file, ...weights]);
  try {
    return format === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (err) {
    throw new ModelLoadError(
      `Could not load ${chosen.file.name}: ${(err as Error).message}. Drop every weight file model.json names.`,
    );
  }
}

/** Loads the model a state names (files must be given for a `files` source, since URLs cannot hold them). */
export async function loadModel(source: ModelSource, files?: readonly File[]): Promise<RawModel> {
  if (source.kind === 'mnist') return loadMnistCnn();
  if (source.kind === 'url') return loadModelFromUrl(source.url);
  if (!files || files.length === 0)
    throw new ModelLoadError(
      `The model "${source.name}" came from local files; drop them again to reload it.`,
    );
  return loadModelFromFiles(files);
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
