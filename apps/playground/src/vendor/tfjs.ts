// The playground's `@tensorflow/tfjs` (Vite aliases the bare name here): the umbrella package's exports
// without its WebGL backend. Loupe never runs on WebGL (its backends are cpu, wasm and WebGPU), and the
// WebGL backend is the largest piece of the umbrella bundle (see BENCHMARKS.md, playground bundle), so
// leaving it out makes the first page load smaller. Everything else matches `@tensorflow/tfjs` 4.22.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as data from '@tensorflow/tfjs-data';

export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-converter';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export { data };
