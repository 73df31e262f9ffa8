import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';

/** Writes a training run's record as `training.json` in `dir` (with the backend and tfjs version) and logs it. */
export async function writeTrainingRecord(dir: string, record: Record<string, unknown>): Promise<void> {
  const full = { ...record, backend: tf.getBackend(), tfjs: tf.version.tfjs };
  await writeFile(`${dir}/training.json`, `${JSON.stringify(full, null, 2)}\n`);
  console.log(JSON.stringify(full));
}
