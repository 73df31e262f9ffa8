// Bench-only: tfjs-wasm's threaded SIMD build in Node, which tfjs does not enable there
// (WASM_HAS_MULTITHREAD_SUPPORT is false under Node). Emscripten's glue does support Node's worker_threads;
// three things stand in the way, worked around here:
// 1. tfjs hands the pthread workers a Blob URL for their script; Node's Worker needs a file, so the script
//    (`wasmWorkerContents`) is written to a temporary .cjs file and the glue is loaded from its own file.
// 2. tfjs's C++ caps XNNPACK's thread pool at emscripten_num_logical_cores() / 2 (it assumes
//    hyper-threading), which is 1 on a 2-core machine; `instantiateWasm` reports twice the threads asked for.
// 3. The 'wasm' backend factory is replaced (tf.removeBackend / tf.registerBackend), and the glue adds
//    process-wide uncaughtException/unhandledRejection handlers: process-wide state Loupe's packages must
//    not leave behind, which is one reason this stays a bench experiment. Run it in its own process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

type Module = Record<string, unknown> & {
  cwrap: (name: string, ret: string | null, args: string[]) => unknown;
};

/** Makes 'wasm' tfjs's threaded SIMD build with `threads` XNNPACK threads; resolves to the count it reports. */
export async function useThreadedWasm(threads: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const wasm = (await import(
    '@tensorflow/tfjs-backend-wasm'
  )) as typeof import('@tensorflow/tfjs-backend-wasm');
  const root = dirname(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  const glue = join(root, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const binary = join(root, 'dist/tfjs-backend-wasm-threaded-simd.wasm');
  const { wasmWorkerContents } = require(
    join(root, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as {
    wasmWorkerContents: string;
  };
  const workerFile = join(mkdtempSync(join(tmpdir(), 'loupe-threaded-wasm-')), 'pthread-worker.cjs');
  // Newlines inside the script's string literals arrive unescaped; tfjs escapes them the same way.
  writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));
  const factory = require(glue) as (config: object) => Promise<Module>;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const module = await factory({
        mainScriptUrlOrBlob: glue,
        locateFile: (path: string) =>
          path.endsWith('.worker.js') ? workerFile : join(root, 'wasm-out', path),
        instantiateWasm: (
          info: { env: Record<string, unknown> },
          receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
        ) => {
          info.env.emscripten_num_logical_cores = () => 2 * threads;
          WebAssembly.instantiate(readFileSync(binary), info as WebAssembly.Imports).then((r) =>
            receive(r.instance, r.module),
          );
          return {};
        },
      });
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      };
      wasm.setThreadsCount(threads);
      return new wasm.BackendWasm(module as never);
    },
    2,
  );
  if (!(await tf.setBackend('wasm'))) throw new Error('The threaded wasm build did not start.');
  return wasm.getThreadsCount();
}
