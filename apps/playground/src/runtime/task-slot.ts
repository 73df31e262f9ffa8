import { AbortError, type Progress, yieldToEventLoop } from '@loupe/core';

/** What a task reports while it runs. */
export interface TaskListener {
  onStart?(label: string): void;
  onProgress?(progress: Progress): void;
  onEnd?(outcome: 'done' | 'aborted' | 'failed', error?: unknown): void;
}

/** True for the error an aborted run throws (core's AbortError, or a DOM AbortError from fetch). */
export function isAbort(err: unknown): boolean {
  return err instanceof AbortError || (err instanceof Error && err.name === 'AbortError');
}

/**
 * One kind of heavy work (e.g. "attribute"): starting a new run aborts the one in progress, so the page
 * only ever computes what the user asked for last. Runs get an AbortSignal and a progress callback.
 */
export class TaskSlot {
  private controller: AbortController | undefined;

  constructor(private readonly listener: TaskListener = {}) {}

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.controller !== undefined;
  }

  /**
   * Runs `work`, aborting the previous run. Resolves to its result, or undefined when it was aborted by
   * a newer run or by `cancel()`; rethrows other errors after reporting them.
   */
  async run<T>(
    label: string,
    work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<T>,
  ): Promise<T | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.listener.onStart?.(label);
    const onProgress = (p: Progress) => {
      if (this.controller === controller) this.listener.onProgress?.(p);
    };
    try {
      // Let the browser paint the "running" state before the first synchronous kernel.
      await yieldToEventLoop();
      const result = await work(controller.signal, onProgress);
      if (controller.signal.aborted) return undefined;
      this.listener.onEnd?.('done');
      return result;
    } catch (err) {
      if (controller.signal.aborted || isAbort(err)) {
        if (this.controller === controller) this.listener.onEnd?.('aborted');
        return undefined;
      }
      this.listener.onEnd?.('failed', err);
      throw err;
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Aborts the run in progress, if any. */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}
