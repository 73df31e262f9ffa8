import { LoupeError } from '@loupe/core';
import { CommanderError } from 'commander';

/** Exit statuses of `loupe`: 0 success, 1 failure, 2 usage error, 130 interrupted (128 + SIGINT). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

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

/** Error codes that mean the command line asked for something that does not exist or is malformed. */
const USAGE_CODES = new Set(['usage', 'option', 'registry', 'target', 'unknown-layer']);

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
