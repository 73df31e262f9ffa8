import type { DataMatrix } from '../matrix.js';
import { bracketCapacity } from '../median.js';
import type { GramExports } from './gram-module.js';

const PAGE = 65_536;
const MAX_PAGES = 65_536;
// Column tiles of 64 rows stay in a 512 KB L2 at d = 784; row chunks bound one task to ~1–3 ms so
// threads pulling tasks stay balanced over the triangle.
const TILE_COLUMNS = 64;
const CHUNK_ROWS = 256;
// The exp pass over the triangle is cut into this many contiguous pieces for the threads to share.
const EXP_CHUNKS = 64;

/** Byte addresses of everything gram.wat reads and writes, and the task lists. */
export interface GramLayout {
  n: number;
  /** Features per row before packing. */
  d: number;
  /** Tile tasks as (r0, r1, c0, c1) quadruples. */
  tasks: Int32Array;
  /** Exp tasks as (byte address, count, 0, 0): the triangle in contiguous pieces of even length. */
  expTasks: Int32Array;
  /** Int32 control words of the tile job: [next task, tasks done, one done-flag per task]. */
  ctrlAt: number;
  /** The exp job's own control words (a straggler of the tile job never touches them). */
  expCtrlAt: number;
  /** The packed panels (room for all d features). */
  xAt: number;
  normsAt: number;
  /** The output triangle; before the tiles run, the raw rows are staged here. */
  outAt: number;
  /** Room for `bracketCapacity` values of the triangle (the median's candidates). */
  scratchAt: number;
  scratchCapacity: number;
  /** One 8-byte used-flag per feature. */
  usedAt: number;
  /** The packed features' indices (int32). */
  featuresAt: number;
  pages: number;
}

/** The features kept and the resulting panel stride, once rows are loaded. */
export interface GramPacking {
  /** Features nonzero in at least one row, ascending: the others add exact zeros to every dot product. */
  features: Int32Array;
  panelBytes: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Tiles covering every pair i < j of n rows of d features; null when the memory would exceed 4 GiB. */
export function gramLayout(n: number, d: number): GramLayout | null {
  const quads: number[] = [];
  for (let c0 = 0; c0 < n; c0 += TILE_COLUMNS) {
    const c1 = Math.min(n, c0 + TILE_COLUMNS);
    for (let r0 = 0; r0 < c1 - 1; r0 += CHUNK_ROWS) quads.push(r0, Math.min(c1 - 1, r0 + CHUNK_ROWS), c0, c1);
  }
  const tasks = Int32Array.from(quads);
  const pairs = (n * (n - 1)) / 2;
  const ctrlAt = 0;
  const expCtrlAt = align((2 + tasks.length / 4) * 4);
  const xAt = expCtrlAt + align((2 + EXP_CHUNKS) * 4);
  const normsAt = xAt + Math.ceil(n / 4) * 32 * (d + (d & 1));
  const outAt = normsAt + align(n * 8 + 8);
  const scratchAt = outAt + align(Math.max(pairs, n * d) * 8);
  const scratchCapacity = bracketCapacity(pairs);
  const usedAt = scratchAt + align(scratchCapacity * 8);
  const featuresAt = usedAt + align(d * 8 + 8);
  const pages = Math.ceil((featuresAt + d * 4) / PAGE);
  if (pages > MAX_PAGES) return null;
  const piece = Math.max(2, 2 * Math.ceil(pairs / EXP_CHUNKS / 2));
  const expQuads: number[] = [];
  for (let start = 0; start < pairs; start += piece)
    expQuads.push(outAt + start * 8, Math.min(piece, pairs - start), 0, 0);
  const expTasks = Int32Array.from(expQuads);
  return {
    n,
    d,
    tasks,
    expTasks,
    ctrlAt,
    expCtrlAt,
    xAt,
    normsAt,
    outAt,
    scratchAt,
    scratchCapacity,
    usedAt,
    featuresAt,
    pages,
  };
}

/**
 * Loads m into a fresh memory through `exports`: stages the raw rows where the triangle will go, finds
 * the features nonzero in some row, packs only those into panels and computes the rows' squared norms
 * (lane-wise, as the dot products are, so a row's distance to itself or to a copy is exactly 0).
 * Leaves `exports` set up for the tiles.
 */
export function writeRows(
  memory: WebAssembly.Memory,
  layout: GramLayout,
  m: DataMatrix,
  exports: GramExports,
): GramPacking {
  const { n, d } = m;
  new Float64Array(memory.buffer, layout.outAt, n * d).set(m.values);
  exports.usage(layout.outAt, n, d, layout.usedAt);
  const used = new Int32Array(memory.buffer, layout.usedAt, 2 * d);
  const kept: number[] = [];
  for (let k = 0; k < d; k++) if (used[2 * k] !== 0 || used[2 * k + 1] !== 0) kept.push(k);
  const features = Int32Array.from(kept);
  new Int32Array(memory.buffer, layout.featuresAt, features.length).set(features);
  const panelBytes = 32 * (features.length + (features.length & 1));
  exports.setup(layout.xAt, n, panelBytes, layout.normsAt, layout.outAt);
  exports.pack(layout.outAt, d, layout.featuresAt, features.length);
  exports.norms();
  return { features, panelBytes };
}
