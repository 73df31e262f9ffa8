import { squaredNorms } from '../distances.js';
import type { DataMatrix } from '../matrix.js';
import { bracketCapacity } from '../median.js';

const PAGE = 65_536;
const MAX_PAGES = 65_536;
// Column tiles of 64 rows stay in a 512 KB L2 at d = 784; row chunks bound one task to ~1–3 ms so
// threads pulling tasks stay balanced over the triangle.
const TILE_COLUMNS = 64;
const CHUNK_ROWS = 256;
// The exp pass over the triangle is cut into this many contiguous pieces for the threads to share.
const EXP_CHUNKS = 64;

/** Byte addresses of everything gram.wat reads and writes, and the task list that covers the triangle. */
export interface GramLayout {
  n: number;
  /** The features packed: those nonzero in at least one row, ascending. */
  features: Int32Array;
  panelBytes: number;
  /** Tile tasks as (r0, r1, c0, c1) quadruples. */
  tasks: Int32Array;
  /** Exp tasks as (byte address, count, 0, 0): the triangle in contiguous pieces of even length. */
  expTasks: Int32Array;
  /** Int32 control words of the tile job: [next task, tasks done, one done-flag per task]. */
  ctrlAt: number;
  /** The exp job's own control words (a straggler of the tile job never touches them). */
  expCtrlAt: number;
  xAt: number;
  normsAt: number;
  outAt: number;
  /** Room for `bracketCapacity` values of the triangle (the median's candidates). */
  scratchAt: number;
  scratchCapacity: number;
  pages: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * The features nonzero in some row. The others add exact zeros to every dot product and norm, so
 * leaving them out changes no result while skipping their work (MNIST's blank border is ~20% of
 * the pixels; dead ReLU units are common in embeddings).
 */
export function activeFeatures(m: DataMatrix): Int32Array {
  const { values, n, d } = m;
  const used = new Uint8Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let k = 0; k < d; k++) if (values[row + k] !== 0) used[k] = 1;
  }
  const out: number[] = [];
  for (let k = 0; k < d; k++) if (used[k]) out.push(k);
  return Int32Array.from(out);
}

/**
 * Tiles covering every pair i < j of n rows over the given features; null when the memory would
 * exceed wasm32's 4 GiB.
 */
export function gramLayout(n: number, features: Int32Array): GramLayout | null {
  const d = features.length;
  const quads: number[] = [];
  for (let c0 = 0; c0 < n; c0 += TILE_COLUMNS) {
    const c1 = Math.min(n, c0 + TILE_COLUMNS);
    for (let r0 = 0; r0 < c1 - 1; r0 += CHUNK_ROWS) quads.push(r0, Math.min(c1 - 1, r0 + CHUNK_ROWS), c0, c1);
  }
  const tasks = Int32Array.from(quads);
  const count = tasks.length / 4;
  const pairs = (n * (n - 1)) / 2;
  const panelBytes = 32 * (d + (d & 1));
  const ctrlAt = 0;
  const expCtrlAt = align((2 + count) * 4);
  const xAt = expCtrlAt + align((2 + EXP_CHUNKS) * 4);
  const normsAt = xAt + Math.ceil(n / 4) * panelBytes;
  const outAt = normsAt + align(n * 8 + 8);
  const scratchAt = align(outAt + pairs * 8);
  const scratchCapacity = bracketCapacity(pairs);
  const end = scratchAt + scratchCapacity * 8;
  const pages = Math.ceil(end / PAGE);
  if (pages > MAX_PAGES) return null;
  const piece = Math.max(2, 2 * Math.ceil(pairs / EXP_CHUNKS / 2));
  const expQuads: number[] = [];
  for (let start = 0; start < pairs; start += piece)
    expQuads.push(outAt + start * 8, Math.min(piece, pairs - start), 0, 0);
  return {
    n,
    features,
    panelBytes,
    tasks,
    expTasks: Int32Array.from(expQuads),
    ctrlAt,
    expCtrlAt,
    xAt,
    normsAt,
    outAt,
    scratchAt,
    scratchCapacity,
    pages,
  };
}

/** Copies the layout's features of every row into gram.wat's panels, and the rows' squared norms after them. */
export function writeRows(memory: WebAssembly.Memory, layout: GramLayout, m: DataMatrix): void {
  const { values, n, d } = m;
  const { features } = layout;
  const f64 = new Float64Array(memory.buffer);
  const x = layout.xAt / 8;
  const panel = layout.panelBytes / 8;
  for (let i = 0; i < n; i++) {
    // Packed feature k of row i: panel i>>2, step k>>1 (8 doubles), row i&3 (2 doubles), lane k&1.
    const base = x + (i >> 2) * panel + (i & 3) * 2;
    const row = i * d;
    for (let k = 0; k < features.length; k++) f64[base + (k >> 1) * 8 + (k & 1)] = values[row + features[k]];
  }
  f64.set(squaredNorms(m), layout.normsAt / 8);
}
