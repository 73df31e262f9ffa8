import { removePendingWritesSync } from './output/atomic-write.js';

/** Exit status after a signal, 128 + its number: 130 for SIGINT (Ctrl-C), 143 for SIGTERM. */
export const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * How long the first signal waits for the command to stop between batches before the process exits
 * anyway: well inside the 2 s a user or a `timeout` expects.
 */
export const INTERRUPT_DEADLINE_MS = 1500;

/** What {@link abortOnInterrupt} returns. */
export interface Interrupt {
  /** Aborts when the first SIGINT or SIGTERM arrives. */
  signal: AbortSignal;
  /** The signal that arrived, or null. */
  received(): 'SIGINT' | 'SIGTERM' | null;
  /**
   * For a command that stops on its own once aborted, however long that takes (a queue worker finishing
   * its job): the first signal then sets no deadline. A second signal still exits at once.
   */
  withoutDeadline(): void;
  /** Removes the handlers and the pending deadline. */
  dispose(): void;
}

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into an abort of the running command, which stops between
 * batches, removes unfinished temporary files and exits with 130 (SIGINT) or 143 (SIGTERM). Whatever is
 * still pending after {@link INTERRUPT_DEADLINE_MS} (a stuck file system call, a slow batch) does not keep
 * the process alive: it removes the temporary files and exits with the same status. A second signal exits
 * at once.
 */
export function abortOnInterrupt(
  onFirst?: () => void,
  exit: (code: number) => void = (code) => process.exit(code),
  deadlineMs = INTERRUPT_DEADLINE_MS,
): Interrupt {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | null = null;
  let deadline: ReturnType<typeof setTimeout> | null = null;
  let useDeadline = true;
  const exitNow = () => {
    removePendingWritesSync();
    exit(SIGNAL_EXIT[received ?? 'SIGINT']);
  };
  const handler = (name: NodeJS.Signals) => {
    if (received) return exitNow();
    received = name === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    onFirst?.();
    controller.abort(new Error(`Interrupted by ${name}`));
    if (!useDeadline) return;
    deadline = setTimeout(exitNow, deadlineMs);
    // The deadline must not keep a process alive that is finishing on its own.
    deadline.unref?.();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => received,
    withoutDeadline() {
      useDeadline = false;
    },
    dispose() {
      if (deadline) clearTimeout(deadline);
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
