import './setup/quiet-tfjs.js';
import { CommanderError } from 'commander';
import { describeResult } from './describe-result.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { abortOnInterrupt, SIGNAL_EXIT } from './interrupt.js';
import { removePendingWrites } from './output/atomic-write.js';
import { jsonSafe } from './output/json-safe.js';
import { buildProgram } from './program.js';
import { createProgress } from './progress.js';
import { withQuietConsole } from './setup/quiet-console.js';

/** Where `main` writes; defaults to the process's streams. */
export interface MainStreams {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/**
 * Runs `loupe` with the given arguments (without `node` and the script) and resolves to the exit
 * status: 0 success, 1 failure (or partial failure, listed), 2 usage error, 130 interrupted (SIGINT),
 * 143 terminated (SIGTERM). Errors are printed as one readable line.
 */
export async function main(argv: readonly string[], streams: MainStreams = {}): Promise<number> {
  const stdout = streams.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = streams.stderr ?? ((t: string) => process.stderr.write(t));
  const json = argv.includes('--json');
  const quiet = argv.includes('--quiet');
  const progress = createProgress({ quiet });
  const interruptedLine = 'loupe: interrupted; no partial files were left.\n';
  const interrupt = abortOnInterrupt(
    () => progress.note('Interrupted: stopping after the current batch…'),
    (code) => {
      // The deadline passed (or a second signal came): leave now, whatever is still pending.
      progress.stop();
      stderr(interruptedLine);
      process.exit(code);
    },
  );
  const ctx = {
    json,
    quiet,
    progress,
    signal: interrupt.signal,
    print: (text: string) => stdout(`${text}\n`),
    finishOnInterrupt: () => interrupt.withoutDeadline(),
  };
  const emit = (command: string, result: unknown) => {
    if (json) stdout(`${JSON.stringify(jsonSafe({ command, result }), null, 2)}\n`);
    else if (!quiet) {
      const summary = describeResult(command, result);
      if (summary) stdout(`${summary}\n`);
    }
  };
  const program = buildProgram(ctx, argv, emit, { writeOut: stdout, writeErr: stderr });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await withQuietConsole(quiet, () => program.parseAsync([...argv], { from: 'user' }));
    return EXIT.ok;
  } catch (error) {
    let code = exitCodeFor(error);
    const signal = interrupt.received();
    if (code === EXIT.interrupted && signal) code = SIGNAL_EXIT[signal];
    // Commander has already printed its own message (and the help hint).
    if (!(error instanceof CommanderError)) {
      const message = error instanceof Error ? error.message : String(error);
      stderr(code === EXIT.interrupted || code === EXIT.terminated ? interruptedLine : `loupe: ${message}\n`);
    }
    return code;
  } finally {
    progress.stop();
    await removePendingWrites();
    interrupt.dispose();
  }
}
