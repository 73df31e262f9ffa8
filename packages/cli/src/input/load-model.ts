import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelLoadError } from '@loupe/core';
import { fileSystemModelHandler } from '@loupe/core/node';
import { loadMnistCnn, mnistAssetUrls } from '@loupe/models';
import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The shorthand for the MNIST CNN that @loupe/models ships. */
export const SHIPPED_MNIST = 'mnist';

/** A loaded model and a name for reports. */
export interface LoadedModel {
  model: tfl.LayersModel | tfc.GraphModel;
  kind: 'layers' | 'graph';
  /** Where it came from, as the user named it. */
  source: string;
}

const isUrl = (spec: string) => /^https?:\/\//i.test(spec);

/** True when a model.json describes a GraphModel (tensorflowjs_converter's graph format). */
function isGraphJson(json: { format?: string; modelTopology?: unknown }): boolean {
  if (json.format === 'graph-model') return true;
  const topology = json.modelTopology as { node?: unknown } | undefined;
  return Array.isArray(topology?.node);
}

async function modelJsonPath(spec: string): Promise<string> {
  const path = resolve(spec);
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new ModelLoadError(
      `Model not found: ${spec}. Pass a tfjs model.json (or its folder), an http(s) URL, or '${SHIPPED_MNIST}' for the shipped MNIST CNN.`,
    );
  }
  return info.isDirectory() ? join(path, 'model.json') : path;
}

async function loadFromFile(spec: string): Promise<LoadedModel> {
  const path = await modelJsonPath(spec);
  const handler = fileSystemModelHandler(path);
  const artifacts = await handler.load?.();
  const graph = artifacts ? isGraphJson(artifacts as { format?: string; modelTopology?: unknown }) : false;
  const fromArtifacts = tf.io.fromMemory(artifacts as tf.io.ModelArtifacts);
  return graph
    ? { model: await tfc.loadGraphModel(fromArtifacts), kind: 'graph', source: spec }
    : { model: await tfl.loadLayersModel(fromArtifacts), kind: 'layers', source: spec };
}

async function loadFromUrl(spec: string): Promise<LoadedModel> {
  let json: { format?: string; modelTopology?: unknown };
  try {
    const response = await fetch(spec);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    json = (await response.json()) as typeof json;
  } catch (error) {
    throw new ModelLoadError(
      `Cannot fetch the model at ${spec}: ${(error as Error).message}. Check the URL points at a model.json.`,
    );
  }
  return isGraphJson(json)
    ? { model: await tfc.loadGraphModel(spec), kind: 'graph', source: spec }
    : { model: await tfl.loadLayersModel(spec), kind: 'layers', source: spec };
}

/**
 * Loads a TensorFlow.js model named on the command line: `mnist` (the CNN @loupe/models ships), a
 * model.json path or its folder (read from disk, no tfjs-node needed), or an http(s) URL. LayersModel
 * or GraphModel is told from model.json. Every failure is a ModelLoadError naming the model.
 */
export async function loadModel(spec: string): Promise<LoadedModel> {
  try {
    if (spec === SHIPPED_MNIST) return { model: await loadMnistCnn(), kind: 'layers', source: spec };
    return isUrl(spec) ? await loadFromUrl(spec) : await loadFromFile(spec);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(`Cannot load the model ${spec}: ${(error as Error).message}`);
  }
}

/** The file the `mnist` shorthand loads, for messages and reports. */
export const shippedMnistPath = mnistAssetUrls.cnnModel;
