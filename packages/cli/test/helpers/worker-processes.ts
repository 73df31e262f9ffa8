import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/loupe.mjs', import.meta.url));

/** A line a worker process printed, and which worker printed it. */
export interface LogLine {
  worker: string;
  text: string;
}

/**
 * Lines from several processes in arrival order, with waits that resolve on the line that satisfies
 * a condition (event-driven: no sleeping and hoping).
 */
export class LineLog {
  readonly lines: LogLine[] = [];
  private wake: (() => void)[] = [];

  push(line: LogLine): void {
    this.lines.push(line);
    for (const resolve of this.wake.splice(0)) resolve();
  }

  /** The first line at or after `from` that satisfies `test`; rejects after `timeoutMs` with the log. */
  async waitFor(test: (line: LogLine) => boolean, timeoutMs: number, from = 0): Promise<LogLine> {
    const until = Date.now() + timeoutMs;
    for (let i = from; ; ) {
      for (; i < this.lines.length; i++) if (test(this.lines[i])) return this.lines[i];
      const left = until - Date.now();
      if (left <= 0) {
        const log = this.lines.map((l) => `${l.worker}: ${l.text}`).join('\n');
        throw new Error(`No matching line within ${timeoutMs} ms. Log:\n${log}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A `loupe worker` in its own process. */
export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `loupe worker --queue url …flags` as a separate Node process, logging its lines into `log`. */
export function spawnWorker(name: string, url: string, flags: string[], log: LineLog): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--name', name, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) log.push({ worker: name, text });
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, exited };
}

/** `promise`, or a rejection naming `what` after `ms` (so a hung step fails with the log, not a timeout). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms.`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
