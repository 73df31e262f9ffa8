import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type DataSpec, dataSize, exampleNames } from './dataset.js';

/**
 * A stable id per example `[start, end)` that depends on the example, not on where it sits in a run:
 * `mnist-samples#i` for the shipped digits (fixed data), `sha256:<32 hex digits>` of the bytes of an
 * image file (so a renamed or moved file keeps its id and an edited one gets a new id).
 */
export async function exampleIds(spec: DataSpec, start = 0, end = dataSize(spec)): Promise<string[]> {
  if (spec.kind === 'mnist-samples') return exampleNames(spec, start, end);
  const ids: string[] = [];
  for (const file of spec.files.slice(start, end)) {
    const digest = createHash('sha256')
      .update(await readFile(file.path))
      .digest('hex');
    ids.push(`sha256:${digest.slice(0, 32)}`);
  }
  return ids;
}

/**
 * The seed of one example's random draws: the first 32 bits of SHA-256 over the run's seed and the
 * example's id. A sampled method gives an example the same result whichever chunk, worker or machine
 * explains it, and different examples draw independent noise.
 */
export function exampleSeed(seed: number, id: string): number {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest().readUInt32BE(0);
}
