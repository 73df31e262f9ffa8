// Entry of a data-set worker thread (see src/workers/pool.ts).
import { loadEntry } from './bootstrap.mjs';

await loadEntry('workers/worker-entry');
