import { LoupeError } from '@loupe/core';

/** Redis cannot be reached at the `--queue` address (or it refused the connection). */
export class QueueConnectionError extends LoupeError {
  constructor(message: string) {
    super('queue-connection', message);
  }
}

/** No run with this id was enqueued on this Redis (or it was collected with --delete). */
export class UnknownRunError extends LoupeError {
  constructor(runId: string) {
    super(
      'unknown-run',
      `No run "${runId}" on this queue. Check the run id that the enqueuing command printed, and that --queue names the same Redis (and database).`,
    );
  }
}

/** A run that cannot be collected yet: some of its results are missing. */
export class IncompleteRunError extends LoupeError {
  /** The content keys without a result. */
  readonly missing: readonly string[];
  constructor(message: string, missing: readonly string[]) {
    super('run-incomplete', message);
    this.missing = missing;
  }
}
