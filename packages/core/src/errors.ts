/**
 * Base class of every error Loupe throws on purpose. `code` is stable (match on it, not on the
 * message); the message always says what was wrong and what to do about it.
 */
export class LoupeError extends Error {
  /** Stable machine-readable code, e.g. `'input-shape'`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The input has the wrong rank or shape for the model or the method. */
export class InputShapeError extends LoupeError {
  constructor(message: string) {
    super('input-shape', message);
  }
}

/** The input's values are unusable: a non-float dtype, NaN or ±Infinity. */
export class InputValueError extends LoupeError {
  constructor(message: string) {
    super('input-value', message);
  }
}

/**
 * A call on a model with several inputs that misses one, names one the model does not have, or passes the
 * wrong number of tensors; the message lists the model's inputs.
 */
export class MissingInputError extends LoupeError {
  constructor(message: string) {
    super('missing-input', message);
  }
}

/** A target class index is out of range, or a target function returned the wrong shape. */
export class TargetError extends LoupeError {
  constructor(message: string) {
    super('target', message);
  }
}

/** A layer name that the model does not have; the message lists the layers it has. */
export class UnknownLayerError extends LoupeError {
  /** The layer names the model does have. */
  readonly available: readonly string[];
  constructor(name: string, available: readonly string[], extra = '') {
    const list = available.length > 20 ? `${available.slice(0, 20).join(', ')}, …` : available.join(', ');
    super('unknown-layer', `Unknown layer "${name}". ${extra}Layers of this model: ${list}.`);
    this.available = available;
  }
}

/** A layer a method cannot handle (e.g. LRP on a layer without a rule); the message names it. */
export class UnsupportedLayerError extends LoupeError {
  constructor(message: string) {
    super('unsupported-layer', message);
  }
}

/**
 * A model Loupe cannot explain as a whole (e.g. a GraphModel with control flow, or with several inputs
 * where one is needed); the message names the part and what would work.
 */
export class UnsupportedModelError extends LoupeError {
  constructor(message: string) {
    super('unsupported-model', message);
  }
}

/** A model that cannot be loaded: malformed model.json, missing weights, unsupported format. */
export class ModelLoadError extends LoupeError {
  constructor(message: string) {
    super('model-load', message);
  }
}

/** An option has an invalid value (out of range, wrong type, wrong shape). */
export class OptionError extends LoupeError {
  constructor(message: string) {
    super('option', message);
  }
}

/** A plugin registry problem: duplicate id, unknown id (the message lists the known ones). */
export class RegistryError extends LoupeError {
  constructor(message: string) {
    super('registry', message);
  }
}

/** A backend that cannot be used here; `reason` says why and how to make it available. */
export class BackendUnavailableError extends LoupeError {
  constructor(message: string) {
    super('backend-unavailable', message);
  }
}

/**
 * A worker pool could not do a job: it was closed, its workers failed to start, a worker died twice on
 * the same batch, or the job failed inside the worker (the message carries the worker's error).
 */
export class WorkerPoolError extends LoupeError {
  constructor(message: string) {
    super('worker-pool', message);
  }
}

/** Work stopped because its `AbortSignal` fired; nothing partial is returned. */
export class AbortError extends LoupeError {
  constructor(message = 'The operation was aborted.') {
    super('aborted', message);
  }
}

/**
 * A model given as a function `(x) => scores` that breaks the contract: it returns something other than a
 * tensor with one row per input, or its output does not depend on the input through tf operations (so
 * gradient methods cannot differentiate it). The message says what the function must do.
 */
export class ModelFunctionError extends LoupeError {
  constructor(message: string) {
    super('model-function', message);
  }
}

/**
 * Work whose estimated memory exceeds what the active backend can hold, refused before anything was
 * allocated. The message gives the estimate, the limit and the option to lower.
 */
export class MemoryBudgetError extends LoupeError {
  /** The estimate, bytes. */
  readonly estimateBytes: number;
  /** What the backend can hold, bytes. */
  readonly budgetBytes: number;
  constructor(message: string, estimateBytes: number, budgetBytes: number) {
    super('memory-budget', message);
    this.estimateBytes = estimateBytes;
    this.budgetBytes = budgetBytes;
  }
}

/**
 * The backend a call was running on was lost mid-call (e.g. a WebGPU device lost or destroyed) and the
 * call was stopped; Loupe has switched to the next backend. Run the call again (reload the model: its
 * weights were on the lost device).
 */
export class BackendLostError extends LoupeError {
  /** The backend that was lost. */
  readonly lost: string;
  constructor(lost: string, reason: string) {
    super(
      'backend-lost',
      `The ${lost} backend was lost while this call ran (${reason}); Loupe switched to the next backend. Run it again, after reloading the model (its weights were on the lost device).`,
    );
    this.lost = lost;
  }
}
