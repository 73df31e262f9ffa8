import { Worker } from 'node:worker_threads';
import type { FromWorker, PoolBackend, ToWorker } from './pool-protocol.js';
import { workerEntry } from './worker-entry.js';

/** What a slot tells its pool. */
export interface SlotEvents<J> {
  /** The worker started its backend (or failed to: `error`). */
  ready(slot: WorkerSlot<J>, error?: string): void;
  message(slot: WorkerSlot<J>, message: FromWorker): void;
  /** The worker stopped without being asked to (crash, `kill`, out-of-memory abort). */
  died(slot: WorkerSlot<J>, reason: string): void;
}

/**
 * One worker thread of a pool: its readiness, the models it holds, and the job it is running. The thread
 * is unreferenced while idle, so a pool nobody closed does not keep the process alive.
 */
export class WorkerSlot<J> {
  readonly worker: Worker;
  /** Ids of the models sent to this worker. */
  readonly loaded = new Set<number>();
  /** The job it is running. */
  current: J | null = null;
  isReady = false;
  private closing = false;

  constructor(
    backend: PoolBackend,
    setup: string | null,
    private readonly events: SlotEvents<J>,
  ) {
    const entry = workerEntry();
    this.worker = new Worker(entry.url, { workerData: entry.workerData });
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => this.exit(`it threw ${error.name}: ${error.message}`));
    this.worker.on('exit', (code) => this.exit(`it exited with code ${code}`));
    this.worker.unref();
    this.post({ type: 'init', backend, setup });
  }

  /** Sends a message; the thread is referenced until `idle()`. */
  post(message: ToWorker): void {
    this.worker.ref();
    this.worker.postMessage(message);
  }

  /** Lets the process exit while this worker waits for work. */
  idle(): void {
    this.worker.unref();
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready' || message.type === 'init-failed') {
      this.isReady = message.type === 'ready';
      this.idle();
      this.events.ready(this, message.type === 'init-failed' ? message.error.message : undefined);
      return;
    }
    this.events.message(this, message);
  }

  private exit(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.isReady = false;
    this.events.died(this, reason);
  }

  /** Stops the thread on purpose (no `died` event). */
  async close(): Promise<void> {
    this.closing = true;
    this.isReady = false;
    await this.worker.terminate();
  }
}
