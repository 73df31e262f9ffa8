// Entry of a WorkerPool thread when the pool runs from its TypeScript sources (tests and benches in a
// checkout): tsx compiles the worker and the workspace packages it imports from their sources, as vitest
// does on the main thread, so both threads run the same code. A built package starts dist/node/pool-worker.js.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register({ tsconfig: workerData.tsconfig });
await import(workerData.entry);
