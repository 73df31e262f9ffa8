import { squaredNorms } from '../distances.js';
import type { DataMatrix } from '../matrix.js';

const PAGE = 65_536;
const MAX_PAGES = 65_536;
// Column tiles of 64 rows stay in a 512 KB L2 at d = 784; row chunks bound one task to ~1–3 ms so
// threads pulling tasks stay balanced over the triangle.
const TILE_COLUMNS = 64;
const CHUNK_ROWS = 256;

/** Byte addresses of everything gram.wat reads and writes, and the task list that covers the triangle. */
export interface GramLayout {
  n: number;
  panelBytes: number;
  /** Tasks as (r0, r1, c0, c1) quadruples. */
  tasks: Int32Array;
  /** Int32 control words: [next task, tasks done, one done-flag per task]. */
  ctrlAt: number;
  xAt: number;
  normsAt: number;
  outAt: number;
  pages: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Tiles covering every pair i < j of n rows; null when the memory would exceed wasm32's 4 GiB. */
export function gramLayout(n: number, d: number): GramLayout | null {
  const quads: number[] = [];
  for (let c0 = 0; c0 < n; c0 += TILE_COLUMNS) {
    const c1 = Math.min(n, c0 + TILE_COLUMNS);
    for (let r0 = 0; r0 < c1 - 1; r0 += CHUNK_ROWS) quads.push(r0, Math.min(c1 - 1, r0 + CHUNK_ROWS), c0, c1);
  }
  const tasks = Int32Array.from(quads);
  const count = tasks.length / 4;
  const panelBytes = 32 * (d + (d & 1));
  const ctrlAt = 0;
  const xAt = align((2 + count) * 4);
  const normsAt = xAt + Math.ceil(n / 4) * panelBytes;
  const outAt = normsAt + align(n * 8 + 8);
  const end = outAt + ((n * (n - 1)) / 2) * 8;
  const pages = Math.ceil(end / PAGE);
  if (pages > MAX_PAGES) return null;
  return { n, panelBytes, tasks, ctrlAt, xAt, normsAt, outAt, pages };
}

/** Copies rows into gram.wat's panel layout and their squared norms after them. */
export function writeRows(memory: WebAssembly.Memory, layout: GramLayout, m: DataMatrix): void {
  const { values, n, d } = m;
  const f64 = new Float64Array(memory.buffer);
  const x = layout.xAt / 8;
  const panel = layout.panelBytes / 8;
  for (let i = 0; i < n; i++) {
    // Feature k of row i: panel i>>2, step k>>1 (8 doubles), row i&3 (2 doubles), lane k&1.
    const base = x + (i >> 2) * panel + (i & 3) * 2;
    const row = i * d;
    for (let k = 0; k < d; k++) f64[base + (k >> 1) * 8 + (k & 1)] = values[row + k];
  }
  f64.set(squaredNorms(m), layout.normsAt / 8);
}
