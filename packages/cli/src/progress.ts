import cliProgress from 'cli-progress';

/** What a command reports its progress to. */
export interface ProgressReporter {
  /** Starts (or restarts) a bar of `total` units for a phase, e.g. 'explain'. */
  start(total: number, phase: string): void;
  /** Sets the units done so far (fractions allowed while a batch is under way). */
  update(done: number): void;
  /** Ends the bar, leaving the terminal clean. */
  stop(): void;
  /** A one-line note for the user on stderr (silenced by --quiet). */
  note(message: string): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** --quiet: report nothing. */
  quiet: boolean;
  /** Where bars and notes go; default stderr, so stdout stays clean for --json. */
  stream?: NodeJS.WriteStream;
}

/**
 * A progress bar with ETA (cli-progress) on stderr. On a terminal it redraws in place; when stderr is
 * a file or a pipe (CI logs) it prints a plain line every few seconds instead of control codes.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { start() {}, update() {}, stop() {}, note() {} };
  const tty = stream.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    start(total, phase) {
      stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${phase} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {duration_formatted}`,
          formatValue: (value, _options, type) =>
            type === 'value' ? String(Math.floor(value)) : String(value),
          hideCursor: tty,
          etaBuffer: 20,
          noTTYOutput: !tty,
          notTTYSchedule: 5000,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop,
    note(message) {
      if (bar && tty) stream.write('\n');
      stream.write(`${message}\n`);
    },
  };
}
