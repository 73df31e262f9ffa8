import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { InputValueError } from '@loupe/core';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** True for names with a PNG or JPEG extension. */
export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/** An image file and, when its folder is named by a class index (e.g. `data/7/a.png`), that class. */
export interface ImageFile {
  path: string;
  label?: number;
}

async function folderImages(folder: string): Promise<ImageFile[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const out: ImageFile[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && isImageName(entry.name)) out.push({ path });
    else if (entry.isDirectory() && /^\d+$/.test(entry.name)) {
      const label = Number(entry.name);
      const inner = (await readdir(path)).filter(isImageName).sort();
      out.push(...inner.map((name) => ({ path: join(path, name), label })));
    }
  }
  return out;
}

/**
 * Expands the command line's image arguments: files are taken as they are, folders give their PNG and
 * JPEG files (sorted by name) and those of sub-folders named by a class index (the label). Missing paths
 * and folders without images are InputValueErrors naming the path.
 */
export async function listImageFiles(paths: readonly string[]): Promise<ImageFile[]> {
  const out: ImageFile[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info)
      throw new InputValueError(
        `Image path not found: ${given}. Pass PNG or JPEG files or a folder of them.`,
      );
    if (info.isDirectory()) {
      const found = await folderImages(path);
      if (found.length === 0)
        throw new InputValueError(`Folder ${given} holds no .png, .jpg or .jpeg files.`);
      out.push(...found);
    } else {
      out.push({ path });
    }
  }
  return out;
}
