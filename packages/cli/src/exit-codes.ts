import { LoupeError } from '@loupe/core';
import { CommanderError } from 'commander';

/**
 * Exit statuses of `loupe`: 0 success, 1 failure (or some explanations or cells failed), 2 usage error,
 * 130 interrupted by SIGINT, 143 by SIGTERM (128 + the signal's number).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/**
 * A mistake in how the command was called (a flag value, a missing argument): exit status 2.
 * Its message says what to type instead.
 */
export class UsageError extends Error {
  readonly code = 'usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Some of the work failed and the rest was kept: the results were printed and written, and the command
 * exits with status 1. The message lists what failed.
 */
export class PartialFailureError extends Error {
  readonly code = 'partial';
  /** One line per failure, e.g. `grad-cam on digit-1, digit-2: OptionError: …`. */
  readonly failures: readonly string[];
  constructor(what: string, failures: readonly string[]) {
    const shown =
      failures.length > 10 ? [...failures.slice(0, 10), `… and ${failures.length - 10} more`] : failures;
    super(`${what}; the rest was written. Failed:\n${shown.map((f) => `  ${f}`).join('\n')}`);
    this.name = 'PartialFailureError';
    this.failures = failures;
  }
}

/** Error codes that mean the command line asked for something that does not exist or is malformed. */
const USAGE_CODES = new Set(['usage', 'option', 'registry', 'target', 'unknown-layer', 'unknown-run']);

/** The `code` of an error: a LoupeError's, a UsageError's, or one carried back from a worker thread. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof LoupeError || error instanceof UsageError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The exit status for an error that ended a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const code = errorCode(error);
  if (code === 'aborted') return EXIT.interrupted;
  return code !== undefined && USAGE_CODES.has(code) ? EXIT.usage : EXIT.failure;
}
