import type { SelfTestResult } from './self-test.js';

/** Whether a backend can run here, and if not, why not and how to fix it. */
export interface BackendAvailability {
  available: boolean;
  /** Why it is unavailable and what to do (install command, flag, driver); absent when available. */
  reason?: string;
}

/**
 * A backend plugin (docs/plugin-contracts.md: `{ name, priority, isAvailable(), setup() }`). Registration is explicit:
 * importing a backend package registers nothing until `registerBackend(plugin)` is called.
 */
export interface BackendPlugin {
  /** tfjs backend name it activates: 'cpu', 'wasm', 'webgpu', 'tensorflow' (node) … */
  readonly name: string;
  /** Higher wins in `useBackend('auto')`: webgpu 400 > node 300 > wasm 200 > cpu 100. */
  readonly priority: number;
  /** Short human label for pickers. */
  readonly label?: string;
  /** Probes without side effects on the active backend; never throws. */
  isAvailable(): Promise<BackendAvailability>;
  /** Registers the tfjs backend (if needed) and makes it ready; `useBackend` calls `tf.setBackend` afterwards. */
  setup(): Promise<void>;
  /** What `listBackends()` reports about it besides availability (threads, SIMD); never throws. */
  capabilities?(): Promise<BackendCapabilities>;
}

/** What a backend can use on this machine, where it knows. */
export interface BackendCapabilities {
  /** Threads its kernels run on (wasm: XNNPACK's thread pool; 1 in Node and on pages that are not cross-origin isolated). */
  threads?: number;
  /** Whether it runs WebAssembly SIMD kernels (wasm). */
  simd?: boolean;
}

/** One row of `listBackends()`. */
export interface BackendStatus extends BackendAvailability {
  name: string;
  priority: number;
  label: string;
  /** True when this backend is the active tfjs backend. */
  active: boolean;
  /** Threads and SIMD, for backends that report them (wasm). */
  capabilities?: BackendCapabilities;
  /** The result of its self-test when `useBackend('auto')` last tried it in this process. */
  selfTest?: SelfTestResult;
}
