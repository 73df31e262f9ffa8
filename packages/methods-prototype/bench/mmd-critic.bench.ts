// MMD-critic on real MNIST digits (the `mnist` package's 10,000) and on 128-d embeddings of them:
// kernel (distances + median γ) and selections (10+5 global, 2+1 per class) timed apart, to compare
// with bench/mmd_critic_numpy.py on the same machine.
import { bench, describe } from 'vitest';
import { greedyCriticisms, witness } from '../src/criticisms.js';
import { greedyPrototypes } from '../src/greedy-prototypes.js';
import { buildKernel } from '../src/kernel-build.js';
import { groupByLabel } from '../src/labels.js';
import { type DataMatrix, toMatrix } from '../src/matrix.js';
import { gaussian, seededRandom } from '../src/random.js';
import { allMnistDigits } from '../test/mnist-digits.js';

const digits = allMnistDigits();

function subset(n: number): { pixels: DataMatrix; labels: number[] } {
  // Every (10,000/n)-th digit so each class is represented.
  const step = digits.rows.length / n;
  const idx = Array.from({ length: n }, (_, i) => Math.floor(i * step));
  return { pixels: toMatrix(idx.map((i) => digits.rows[i])), labels: idx.map((i) => digits.labels[i]) };
}

// The trained CNN is not shipped yet, so 128-d embeddings are a fixed seeded ReLU random projection of
// the pixels: same shape and cost as a real embedding layer.
function embed128(m: DataMatrix): DataMatrix {
  const random = seededRandom(1);
  const w = Float64Array.from({ length: m.d * 128 }, () => gaussian(random) / Math.sqrt(m.d));
  const values = new Float64Array(m.n * 128);
  for (let i = 0; i < m.n; i++) {
    for (let c = 0; c < 128; c++) {
      let s = 0;
      for (let k = 0; k < m.d; k++) s += m.values[i * m.d + k] * w[k * 128 + c];
      values[i * 128 + c] = Math.max(0, s);
    }
  }
  return { values, n: m.n, d: 128 };
}

function selections(kernel: ReturnType<typeof buildKernel>, labels: number[]): void {
  const run = (rows: number[] | null, m: number, k: number) => {
    const view = kernel.source.view(rows);
    const g = greedyPrototypes(view, m);
    greedyCriticisms(view, witness(view, g.prototypeSum, m), g.selected, k, 'logdet');
  };
  run(null, 10, 5);
  for (const c of groupByLabel(labels, labels.length)) run(c.rows, 2, 1);
}

for (const n of [1000, 10_000]) {
  const { pixels, labels } = subset(n);
  const embedded = embed128(pixels);
  const once =
    n > 1000
      ? { iterations: 1, warmupIterations: 0, time: 0 }
      : { iterations: 10, warmupIterations: 2, time: 0 };
  for (const [name, data] of [
    ['784-d pixels', pixels],
    ['128-d embeddings', embedded],
  ] as const) {
    describe(`MMD-critic, ${n} MNIST digits, ${name}`, () => {
      const kernel = buildKernel(data, {});
      bench(
        'kernel: pairwise distances + median γ (float64)',
        () => {
          buildKernel(data, {});
        },
        once,
      );
      bench(
        'selections: 10+5 global, 2+1 per class',
        () => {
          selections(kernel, labels);
        },
        once,
      );
    });
  }
}
