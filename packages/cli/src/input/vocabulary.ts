import { readFile } from 'node:fs/promises';
import { LoupeError, parseVocabulary, type Vocabulary } from '@loupe/core';
import { UsageError } from '../exit-codes.js';

/**
 * Reads a vocabulary file (core's `parseVocabulary`: JSON `{ "token": id }` or one token per line). Throws
 * `UsageError` for an unreadable, malformed or empty file.
 */
export async function readVocabulary(path: string, unknown?: number): Promise<Vocabulary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--vocab: cannot read '${path}': ${(err as Error).message}`);
  }
  try {
    return parseVocabulary(text, unknown);
  } catch (err) {
    if (err instanceof LoupeError) throw new UsageError(`--vocab '${path}': ${err.message}`);
    throw err;
  }
}
