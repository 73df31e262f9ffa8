import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { ModelLoadError } from '../errors.js';
import { readModelJson, readWeightShards } from './model-files.js';

/** Name of the single weights file {@link fileSystemModelHandler} writes next to model.json. */
export const WEIGHTS_FILE_NAME = 'weights.bin';

function toPath(path: string | URL): string {
  if (path instanceof URL) {
    if (path.protocol !== 'file:') {
      throw new ModelLoadError(
        `fileSystemModelHandler needs a file path or file: URL, got ${path.href}. ` +
          'Load http(s) models with tf.loadLayersModel(url) instead.',
      );
    }
    return fileURLToPath(path);
  }
  // A "file:" string is a URL too (else it would become a relative folder named "file:").
  return /^file:/i.test(path) ? fileURLToPath(path) : path;
}

/** Writes bytes to a temporary name and renames it, so a crash never leaves a half-written file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * A tfjs `IOHandler` for a model stored on disk as model.json plus weight shards (the layout
 * `model.save()` and `tensorflowjs_converter` write). Works in plain Node without
 * `@tensorflow/tfjs-node`: `tf.loadLayersModel(fileSystemModelHandler(path))` or
 * `tf.loadGraphModel(fileSystemModelHandler(path))`.
 *
 * Loading checks the file is JSON with `modelTopology` and `weightsManifest`, that every shard
 * exists, and that the shards' bytes match the manifest; each failure is a `ModelLoadError`
 * naming the file and the fix. Saving (`model.save(fileSystemModelHandler(path))`) writes
 * model.json at `path` and one `weights.bin` beside it, creating the folder, each file written
 * to a temporary name first and renamed when complete.
 *
 * @param modelJsonPath path or `file:` URL of model.json.
 */
export function fileSystemModelHandler(modelJsonPath: string | URL): tf.io.IOHandler {
  const path = toPath(modelJsonPath);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = await readModelJson(path);
      return tf.io.getModelArtifactsForJSON(json, (manifest) => readWeightShards(path, manifest));
    },
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ModelLoadError(
          'fileSystemModelHandler saves JSON topologies only (LayersModel, GraphModel).',
        );
      }
      const folder = dirname(path);
      await mkdir(folder, { recursive: true });
      const weights =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const manifest: tf.io.WeightsManifestConfig = [
        { paths: [WEIGHTS_FILE_NAME], weights: artifacts.weightSpecs ?? [] },
      ];
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: manifest,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
        ...(artifacts.modelInitializer ? { modelInitializer: artifacts.modelInitializer } : {}),
      };
      await writeAtomically(join(folder, WEIGHTS_FILE_NAME), new Uint8Array(weights));
      await writeAtomically(path, JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
  };
}
