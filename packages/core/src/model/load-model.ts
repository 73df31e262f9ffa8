import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from '../backends/registry.js';
import { throwIfAborted } from '../batching.js';
import { ModelLoadError } from '../errors.js';
import { readModelJson, readWeightShards } from '../node/model-files.js';
import { isNode, nodeBuiltins } from '../runtime.js';
import type { WrappedModel } from './explainable-model.js';
import type { ExplainableModel, WrapOptions } from './types.js';
import { wrapModel } from './wrap-model.js';

/**
 * Where a model comes from: a URL (http(s), or relative in a browser), a file path, folder or `file:` URL
 * (Node), the model.json and weight `File`s (browser uploads, drag and drop), or any tfjs `IOHandler`.
 */
export type ModelSource = string | URL | File | readonly File[] | FileList | tf.io.IOHandler;

/** Options of `loadModel`: `wrapModel`'s, and an `AbortSignal` checked between steps. */
export interface LoadModelOptions extends WrapOptions {
  signal?: AbortSignal;
}

function isHandler(s: unknown): s is tf.io.IOHandler {
  return typeof s === 'object' && s !== null && typeof (s as tf.io.IOHandler).load === 'function';
}

function isFileList(s: unknown): s is readonly File[] | FileList {
  return (
    (Array.isArray(s) || (typeof FileList !== 'undefined' && s instanceof FileList)) &&
    Array.from(s as ArrayLike<File>).every((f) => typeof File !== 'undefined' && f instanceof File)
  );
}

/** A handler reading model.json and its shards from disk, with typed errors naming the file. */
async function diskHandler(pathOrUrl: string | URL): Promise<tf.io.IOHandler> {
  const node = nodeBuiltins();
  if (!node)
    throw new ModelLoadError(
      `Cannot read ${String(pathOrUrl)}: local files need Node.js; in a browser pass a URL or File objects.`,
    );
  let path =
    pathOrUrl instanceof URL
      ? node.url.fileURLToPath(pathOrUrl)
      : pathOrUrl.startsWith('file:')
        ? node.url.fileURLToPath(pathOrUrl)
        : pathOrUrl;
  const info = await node.fs.promises.stat(path).catch(() => null);
  if (!info) {
    throw new ModelLoadError(
      `Model not found: ${path}. Pass a tfjs model.json, the folder holding it, or an http(s) URL.`,
    );
  }
  if (info.isDirectory()) path = node.path.join(path, 'model.json');
  const file = path;
  return {
    load: async () =>
      tf.io.getModelArtifactsForJSON(await readModelJson(file), (m) => readWeightShards(file, m)),
  };
}

async function handlerFor(source: ModelSource): Promise<tf.io.IOHandler> {
  if (isHandler(source)) return source;
  if (isFileList(source)) {
    const files = Array.from(source as ArrayLike<File>);
    const json = files.filter((f) => f.name.endsWith('.json'));
    if (json.length !== 1) {
      throw new ModelLoadError(
        `Pass exactly one model.json with its weight files; got ${json.length} .json files among ${files.map((f) => f.name).join(', ') || 'no files'}.`,
      );
    }
    return tf.io.browserFiles([json[0], ...files.filter((f) => f !== json[0])]);
  }
  if (typeof File !== 'undefined' && source instanceof File) return handlerFor([source]);
  const text = source instanceof URL ? source.href : String(source);
  if (/^https?:\/\//i.test(text) || !isNode()) return tf.io.http(text);
  return diskHandler(source as string | URL);
}

/** LayersModel or GraphModel, from the artifacts' `format` or the shape of their topology. */
function formatOf(artifacts: tf.io.ModelArtifacts): 'layers' | 'graph' {
  const topology = artifacts.modelTopology as
    | { node?: unknown; class_name?: unknown; model_config?: unknown }
    | undefined;
  if (!topology || topology instanceof ArrayBuffer) {
    throw new ModelLoadError(
      'This is not a TensorFlow.js model: model.json has no JSON modelTopology. Convert Keras, SavedModel or TF Hub models with tensorflowjs_converter first.',
    );
  }
  if (artifacts.format === 'graph-model' || Array.isArray(topology.node)) return 'graph';
  if (
    artifacts.format === 'layers-model' ||
    topology.class_name !== undefined ||
    topology.model_config !== undefined
  )
    return 'layers';
  throw new ModelLoadError(
    `Cannot tell a LayersModel from a GraphModel: format is "${String(artifacts.format)}" and the topology is neither a Keras config nor a GraphDef.`,
  );
}

/**
 * Loads a TensorFlow.js model (LayersModel or converter GraphModel, told apart by model.json's `format`)
 * from a URL, a local path or folder (Node), browser `File`s, or an `IOHandler`, and wraps it for
 * explanation with `wrapModel(model, options)`. The returned model owns the loaded tfjs model:
 * `dispose()` frees both. Every failure is a `ModelLoadError` that names the source and the fix.
 */
export async function loadModel(
  source: ModelSource,
  options: LoadModelOptions = {},
): Promise<ExplainableModel> {
  throwIfAborted(options.signal);
  const name = isHandler(source) ? 'the IOHandler' : isFileList(source) ? 'the given files' : String(source);
  let artifacts: tf.io.ModelArtifacts | undefined;
  try {
    artifacts = await (await handlerFor(source)).load?.();
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(`Cannot load the model from ${name}: ${(error as Error).message}`);
  }
  if (!artifacts) throw new ModelLoadError(`${name} has no load(): pass an IOHandler that can load.`);
  const format = formatOf(artifacts);
  throwIfAborted(options.signal);
  let model: tfl.LayersModel | tfc.GraphModel;
  // tfjs picks a backend lazily but only among registered ones; with the tfjs pieces alone none is yet, and
  // building the model would fail with "No backend found". Start Loupe's choice ('auto') as tfjs would.
  if (Object.keys(tf.engine().registryFactory).length === 0) await useBackend('auto');
  try {
    const memory = tf.io.fromMemory(artifacts);
    model = format === 'graph' ? await tfc.loadGraphModel(memory) : await tfl.loadLayersModel(memory);
  } catch (error) {
    throw new ModelLoadError(
      `${name} is a ${format === 'graph' ? 'GraphModel' : 'LayersModel'} tfjs cannot build: ${(error as Error).message}`,
    );
  }
  try {
    const wrapped = wrapModel(model, options);
    (wrapped as WrappedModel).adopt(model);
    return wrapped;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
