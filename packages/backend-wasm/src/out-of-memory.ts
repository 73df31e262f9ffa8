/**
 * Messages seen when WebAssembly (or a typed array behind it) cannot get more memory. tfjs-backend-wasm
 * is a release Emscripten build: a failed `malloc` aborts with a bare `Aborted()` (no assertion text), so
 * that message counts as out of memory too.
 */
const OUT_OF_MEMORY_PATTERNS: readonly RegExp[] = [
  /out of memory/i,
  /\bOOM\b/,
  /Cannot enlarge memory/i,
  /Maximum memory size exceeded/i,
  /could not allocate memory/i,
  /Array buffer allocation failed/i,
  /^Aborted\(\)/,
];

/**
 * Whether `err` says the backend ran out of memory (wasm's 4 GiB heap, or the JavaScript heap behind it),
 * so the caller can retry with a smaller batch instead of failing. Accepts anything thrown, including the
 * plain `{ message }` objects tfjs-backend-wasm rejects with.
 */
export function isOutOfMemoryError(err: unknown): boolean {
  if (err instanceof RangeError && /allocation|memory/i.test(err.message)) return true;
  const message =
    typeof err === 'string'
      ? err
      : typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
        ? (err as { message: string }).message
        : undefined;
  if (message === undefined) return false;
  return OUT_OF_MEMORY_PATTERNS.some((pattern) => pattern.test(message));
}
