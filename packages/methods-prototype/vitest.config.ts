import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';
import { engineHasRelaxedSimd } from './scripts/build-wasm.mjs';

// The kernel ships a fused-multiply-add build for engines with relaxed SIMD (browsers, Node 22+) and a
// plain one; Node 20 has relaxed SIMD behind a flag, so the tests turn it on to cover both builds. The
// benchmarks leave it off: they measure what Node 20 runs by default.
const benchmarking = process.argv.includes('bench');
const execArgv = benchmarking || engineHasRelaxedSimd() ? [] : ['--experimental-wasm-relaxed-simd'];

export default defineConfig(mergeConfig(sharedConfig, { test: { poolOptions: { forks: { execArgv } } } }));
