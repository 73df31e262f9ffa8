import {
  GRAM_WASM_SHARED,
  GRAM_WASM_SHARED_FMA,
  GRAM_WASM_SINGLE,
  GRAM_WASM_SINGLE_FMA,
} from './gram-binary.js';

/** What an instance of gram.wat exports (byte addresses into its memory). */
export interface GramExports {
  /** Where the packed rows (`panelBytes` per panel of four rows), norms and output triangle live. */
  setup(x: number, n: number, panelBytes: number, norms: number, out: number): void;
  /** Every pair i < j with r0 ≤ i < r1 (r0 a multiple of 4) and c0 ≤ j < c1 (c0 even). */
  tile(r0: number, r1: number, c0: number, c1: number): void;
  /** Overwrites `count` float64 values at byte address `at` (16-aligned) with exp(−gamma·value). */
  exponentiate(at: number, count: number, gamma: number): void;
  /** Flags (8 bytes each at `used`) the features nonzero in some of the n×d raw rows at `raw`. */
  usage(raw: number, n: number, d: number, used: number): void;
  /** Packs the `count` listed features (int32 at `features`) of the raw rows into the panels. */
  pack(raw: number, d: number, features: number, count: number): void;
  /** Squared norms of the packed rows. */
  norms(): void;
  /** Of `count` values at `at`: how many are below lo, and how many in [lo, hi] went to `dst` (cap + 1: overflow). */
  bracket(at: number, count: number, lo: number, hi: number, dst: number, cap: number): [number, number];
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const compiled = new Map<string, WebAssembly.Module | null>();

function compile(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = decode(base64);
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
}

/**
 * The compiled kernel for unshared (`shared = false`) or shared memory, or null where this engine lacks
 * WebAssembly SIMD (or threads, for shared). With `fma` (the default) the build whose dot products use
 * fused multiply-adds (relaxed SIMD: Chromium 114+, Node 21+) where the engine has them,
 * else the plain one; the two agree to ~1e-15 relative. Every module is under 4 KB, so synchronous
 * compilation is allowed on a browser's main thread too.
 */
export function gramModule(shared: boolean, fma = true): WebAssembly.Module | null {
  const key = `${shared}/${fma}`;
  if (!compiled.has(key)) {
    const fused = fma ? compile(shared ? GRAM_WASM_SHARED_FMA : GRAM_WASM_SINGLE_FMA) : null;
    compiled.set(key, fused ?? compile(shared ? GRAM_WASM_SHARED : GRAM_WASM_SINGLE));
  }
  return compiled.get(key) ?? null;
}

/** An instance of `module` on `memory`. */
export function gramInstance(module: WebAssembly.Module, memory: WebAssembly.Memory): GramExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GramExports;
}
