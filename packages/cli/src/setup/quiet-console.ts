// tfjs and the backend plugins report through console.log/info/warn/debug (backend fallbacks, kernel
// notices, a lost device). --quiet silences them for the run; the CLI's own output never uses console.
const SILENCED = ['log', 'info', 'warn', 'debug'] as const;
let depth = 0;
let saved: Pick<Console, (typeof SILENCED)[number]> | null = null;

/** Runs `fn` with console.log/info/warn/debug silenced when `quiet`; nested and overlapping runs restore once. */
export async function withQuietConsole<T>(quiet: boolean, fn: () => Promise<T>): Promise<T> {
  if (!quiet) return fn();
  if (depth++ === 0) {
    saved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug };
    for (const name of SILENCED) console[name] = () => {};
  }
  try {
    return await fn();
  } finally {
    if (--depth === 0 && saved) {
      Object.assign(console, saved);
      saved = null;
    }
  }
}
