import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../exit-codes.js';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** The folder itself when it exists, else its nearest existing ancestor, and the folders missing below it. */
async function nearestExisting(dir: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory())
        throw new UsageError(`${current} is a file, not a folder; choose an output folder.`);
      return { existing: current, missing: missing.reverse() };
    } catch (error) {
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw error;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) return { existing: current, missing: missing.reverse() };
    current = parent;
  }
}

function cannotWrite(flag: string, dir: string, where: string, error: unknown): UsageError {
  const reason = codeOf(error) ?? (error instanceof Error ? error.message : String(error));
  return new UsageError(
    `Cannot write ${flag} ${dir}: ${where} is not writable (${reason}). Choose a folder you can write to.`,
  );
}

/**
 * Checks, before any work, that the output folder `dir` can be written: it is a folder (or can be made
 * below its nearest existing ancestor), and a probe file can be created and removed there. Creates
 * nothing that stays. Throws `UsageError` naming the flag and the reason (exit status 2).
 */
export async function checkOutputDir(dir: string, flag: string): Promise<void> {
  const { existing } = await nearestExisting(dir);
  const probe = join(existing, `.loupe-probe.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw cannotWrite(flag, dir, existing, error);
  }
  await rm(probe, { force: true });
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir({ recursive: true })` spins
 * forever where a file system refuses new folders with ENOENT (/proc); this fails at once instead.
 */
export async function ensureDir(dir: string): Promise<void> {
  const { missing } = await nearestExisting(dir);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw cannotWrite('to', dir, dirname(folder), error);
    }
  }
}
