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
}

/** One row of `listBackends()`. */
export interface BackendStatus extends BackendAvailability {
  name: string;
  priority: number;
  label: string;
  /** True when this backend is the active tfjs backend. */
  active: boolean;
}
