import { buildKernel } from '../src/kernel-build.js';
import { spreadDigits } from './mnist-digits.js';

const m = spreadDigits(1000).pixels;
const best = async (name: string, f: () => unknown) => {
  let b = Infinity;
  for (let r = 0; r < 30; r++) {
    const s = performance.now();
    await f();
    b = Math.min(b, performance.now() - s);
  }
  console.log(name, b.toFixed(2));
};
await best('buildKernel all threads', () => buildKernel(m, {}));
await best('buildKernel 1 thread', () => buildKernel(m, { threads: 1 }));
