import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listFiles } from './run-cli.js';

const withoutTime = (text: string) =>
  JSON.parse(text, (key, value) => (key === 'millis' ? undefined : value)) as unknown;

// A report quotes its command line, whose -o differs between two runs.
const withoutCommand = (markdown: string) => markdown.replace(/^- Reproduce: .*$/m, '');

/**
 * Expects two output folders to hold the same files with the same contents: bit-identical bytes
 * (PNG, SVG, npy), every JSON value but wall-clock timings (`millis`), Markdown but its command line.
 * Returns the file names.
 */
export async function expectSameOutputs(a: string, b: string): Promise<string[]> {
  const files = await listFiles(a);
  expect(await listFiles(b)).toEqual(files);
  for (const file of files) {
    const [x, y] = [await readFile(join(a, file)), await readFile(join(b, file))];
    if (file.endsWith('.json')) expect(withoutTime(y.toString()), file).toEqual(withoutTime(x.toString()));
    else if (file.endsWith('.md'))
      expect(withoutCommand(y.toString()), file).toBe(withoutCommand(x.toString()));
    else expect(y.equals(x), file).toBe(true);
  }
  return files;
}
