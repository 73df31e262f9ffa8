import type { RunControl } from '@loupe/core';
import { withQuietConsole } from '../setup/quiet-console.js';
import type { ResultOf, Task } from './protocol.js';
import { prepareRuntime } from './runtime.js';
import { embedChunk } from './tasks/embed-chunk.js';
import { evaluateChunk } from './tasks/evaluate-chunk.js';
import { explainChunk } from './tasks/explain-chunk.js';

/** Runs one task in this thread (the main thread with --workers 1, or a worker). */
export async function runTask<T extends Task>(
  task: T,
  control: RunControl & { onFraction(f: number): void },
): Promise<ResultOf<T>> {
  return withQuietConsole(task.quiet === true, async () => {
    await prepareRuntime(task.backend);
    switch (task.kind) {
      case 'explain':
        return (await explainChunk(task, control)) as ResultOf<T>;
      case 'evaluate':
        return (await evaluateChunk(task, control)) as ResultOf<T>;
      case 'embed':
        return (await embedChunk(task, control)) as ResultOf<T>;
    }
  });
}
