export type { PoolBackend } from './pool-protocol.js';
export type { WorkerMemory, WorkerPoolOptions, WorkerPoolStats } from './pool-types.js';
export { createWorkerPool, WorkerPool } from './worker-pool.js';
