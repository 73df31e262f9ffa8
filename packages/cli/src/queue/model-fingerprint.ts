import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelLoadError } from '@loupe/core';
import { mnistAssetUrls } from '@loupe/models';
import { SHIPPED_MNIST } from '../input/load-model.js';

const isUrl = (spec: string) => /^https?:\/\//i.test(spec);

/** The files behind a model spec: model.json and the weight shards its manifest lists. */
interface ModelFiles {
  json: Uint8Array;
  shards: Uint8Array[];
}

function shardPaths(json: Uint8Array, where: string): string[] {
  let parsed: { weightsManifest?: { paths?: string[] }[] };
  try {
    parsed = JSON.parse(Buffer.from(json).toString('utf8'));
  } catch (error) {
    throw new ModelLoadError(`Malformed JSON in ${where}: ${(error as Error).message}.`);
  }
  return (parsed.weightsManifest ?? []).flatMap((group) => group.paths ?? []);
}

async function modelJsonPath(spec: string): Promise<string> {
  const path = spec === SHIPPED_MNIST ? fileURLToPath(mnistAssetUrls.cnnModel) : resolve(spec);
  const info = await stat(path).catch(() => null);
  if (!info) throw new ModelLoadError(`Model not found: ${spec}.`);
  return info.isDirectory() ? join(path, 'model.json') : path;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new ModelLoadError(`Cannot fetch ${url}: HTTP ${response.status}.`);
  return new Uint8Array(await response.arrayBuffer());
}

async function readModelFiles(spec: string): Promise<ModelFiles> {
  if (isUrl(spec)) {
    const json = await fetchBytes(spec);
    const shards = await Promise.all(shardPaths(json, spec).map((p) => fetchBytes(new URL(p, spec).href)));
    return { json, shards };
  }
  const path = await modelJsonPath(spec);
  const json = await readFile(path);
  const shards = await Promise.all(shardPaths(json, path).map((p) => readFile(resolve(dirname(path), p))));
  return { json, shards };
}

/**
 * SHA-256 (hex) of a model's files: model.json and its weight shards in manifest order, each
 * length-prefixed. Two machines that read the same model compute the same hash, whatever its path or
 * URL; a re-exported or retrained model gets a new one.
 */
export async function modelFingerprint(spec: string): Promise<string> {
  const { json, shards } = await readModelFiles(spec);
  const hash = createHash('sha256');
  for (const part of [json, ...shards]) {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(part.byteLength));
    hash.update(length).update(part);
  }
  return hash.digest('hex');
}

/**
 * A cheap stamp of a model's files on disk (paths, sizes and modification times) that changes when
 * they do; null for URLs, whose files a worker hashes once.
 */
export async function modelStamp(spec: string): Promise<string | null> {
  if (isUrl(spec)) return null;
  const path = await modelJsonPath(spec);
  const json = await readFile(path);
  const paths = [path, ...shardPaths(json, path).map((p) => resolve(dirname(path), p))];
  const infos = await Promise.all(paths.map((p) => stat(p)));
  return infos.map((info, i) => `${paths[i]}:${info.size}:${info.mtimeMs}`).join('|');
}
