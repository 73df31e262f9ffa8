import { ModelLoadError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

// Kept in variables so bundlers do not pull Node-only modules into browser builds; these
// imports only run when an asset URL is a file: URL, i.e. in Node.
const CORE_NODE = '@loupe/core/node';
const FS_PROMISES = 'node:fs/promises';

interface CoreNode {
  fileSystemModelHandler(path: string | URL): tf.io.IOHandler;
}
interface FsPromises {
  readFile(path: URL): Promise<Uint8Array>;
}

/** Accepts a URL or a string, resolving a relative string against the page (or cwd-less file:///). */
export function toUrl(url: URL | string): URL {
  return typeof url === 'string' ? new URL(url, globalThis.location?.href ?? 'file:///') : url;
}

/** True for file: URLs, where assets are read from disk rather than fetched. */
function isFile(url: URL): boolean {
  return url.protocol === 'file:';
}

/**
 * Loads a LayersModel from its model.json URL: from disk in Node (no tfjs-node needed), by HTTP
 * elsewhere. `weightsUrl` overrides where the single weights shard is fetched from, because
 * bundlers rename assets and model.json names its shard by the original name.
 */
export async function loadLayersModelFrom(modelUrl: URL, weightsUrl?: URL): Promise<tfl.LayersModel> {
  if (isFile(modelUrl)) {
    const { fileSystemModelHandler } = (await import(/* @vite-ignore */ CORE_NODE)) as CoreNode;
    return tfl.loadLayersModel(fileSystemModelHandler(modelUrl));
  }
  try {
    const weightUrlConverter = weightsUrl ? async () => weightsUrl.href : undefined;
    return await tfl.loadLayersModel(tf.io.http(modelUrl.href, { weightUrlConverter }));
  } catch (error) {
    throw new ModelLoadError(
      `Cannot load the model at ${modelUrl.href}: ${(error as Error).message}. Check that the ` +
        "app serves @loupe/models' assets folder (see mnistAssetUrls) or pass the model's URL.",
    );
  }
}

/**
 * Loads the shipped model at `modelUrl`/`weightsUrl`, or, when `override.modelUrl` is set, the model
 * there (with `override.weightsUrl` for its shard, if given; the shipped weights never pair with it).
 */
export function loadShippedLayersModel(
  modelUrl: URL,
  weightsUrl: URL,
  override: { modelUrl?: URL | string; weightsUrl?: URL | string },
): Promise<tfl.LayersModel> {
  if (override.modelUrl === undefined) return loadLayersModelFrom(modelUrl, weightsUrl);
  const weights = override.weightsUrl === undefined ? undefined : toUrl(override.weightsUrl);
  return loadLayersModelFrom(toUrl(override.modelUrl), weights);
}

/** Reads an asset's bytes: from disk for file: URLs, else by fetch. */
export async function readAssetBytes(url: URL): Promise<Uint8Array> {
  if (isFile(url)) {
    const { readFile } = (await import(/* @vite-ignore */ FS_PROMISES)) as FsPromises;
    try {
      return new Uint8Array(await readFile(url));
    } catch (error) {
      throw new ModelLoadError(
        `Cannot read ${url.pathname}: ${(error as Error).message}. Reinstall @loupe/models.`,
      );
    }
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new ModelLoadError(
      `Fetching ${url.href} failed with HTTP ${response.status}; serve @loupe/models' assets folder.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
