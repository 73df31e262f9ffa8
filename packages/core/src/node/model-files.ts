import type * as tf from '@tensorflow/tfjs-core';
import { ModelLoadError } from '../errors.js';
import { nodeBuiltins } from '../runtime.js';

// Node's fs and path through process.getBuiltinModule, so core's browser entry can import this module
// (loadModel reads local files only under Node) without a bundler seeing `node:` imports.
function node() {
  const b = nodeBuiltins();
  if (!b)
    throw new ModelLoadError(
      'Reading model files from disk needs Node.js; in a browser pass a URL or File objects.',
    );
  return b;
}
const readText = (path: string) => node().fs.promises.readFile(path, 'utf8');
const readBytes = (path: string) => node().fs.promises.readFile(path);
const dirname = (path: string) => node().path.dirname(path);
const resolve = (...parts: string[]) => node().path.resolve(...parts);

/** Bytes per stored value for each dtype a weights manifest may name (tfjs's own table). */
const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Reads and parses model.json, turning every failure into a ModelLoadError that names the file. */
export async function readModelJson(path: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ModelLoadError(
        `Model file not found: ${path}. Pass the path of a tfjs model.json (the file written by ` +
          `model.save() or tensorflowjs_converter), not of its folder or a weights shard.`,
      );
    }
    throw new ModelLoadError(`Cannot read model file ${path} (${String(error)}). Check its permissions.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(
      `Malformed JSON in model file ${path}: ${(error as Error).message}. ` +
        'The file may be truncated or not a tfjs model.json; re-export the model.',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ModelLoadError(`Model file ${path} does not hold a JSON object; it is not a tfjs model.json.`);
  }
  const json = parsed as Partial<tf.io.ModelJSON>;
  if (json.modelTopology == null) {
    throw new ModelLoadError(
      `Model file ${path} has no "modelTopology": it is not a tfjs model.json. ` +
        'Convert the model with tensorflowjs_converter or save it with model.save().',
    );
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new ModelLoadError(
      `Model file ${path} has no "weightsManifest" array, so its weights cannot be found. ` +
        'Re-export the model; model.json must list its weight shards.',
    );
  }
  return json as tf.io.ModelJSON;
}

/** Expected byte length of the weights a manifest describes, or undefined when it holds strings. */
function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_VALUE[dtype];
    if (size === undefined) return undefined;
    total += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  return total;
}

/**
 * Reads every weight shard a manifest names, relative to model.json's folder, and checks that
 * the bytes add up to what the manifest declares.
 */
export async function readWeightShards(
  modelJsonPath: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const folder = dirname(modelJsonPath);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const shard of group.paths) {
      const shardPath = resolve(folder, shard);
      try {
        buffers.push(await readBytes(shardPath));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'is missing' : `cannot be read (${String(error)})`;
        throw new ModelLoadError(
          `Weights file ${shardPath}, listed in ${modelJsonPath}, ${why}. ` +
            'Keep every weight shard next to model.json, with the names model.json lists.',
        );
      }
    }
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const expected = expectedWeightBytes(specs);
  if (expected !== undefined && expected !== total) {
    throw new ModelLoadError(
      `The weight shards of ${modelJsonPath} hold ${total} bytes but its weightsManifest declares ` +
        `${expected}. A shard is truncated or belongs to another model; re-export the model.`,
    );
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    joined.set(b, offset);
    offset += b.byteLength;
  }
  return [specs, joined.buffer];
}
