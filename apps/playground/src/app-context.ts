import type * as tf from '@tensorflow/tfjs';
import type { AttributionStore } from './runtime/attribution-store.js';
import type { CurrentInput } from './runtime/current-input.js';
import type { ModelSession, SideFiles, TextSession } from './runtime/session.js';
import type { AppState, InputChoice, ModelSettings, ModelSource } from './state/app-state.js';
import type { TestHook } from './test-hook.js';

/** Events the app fires on `AppContext.events`: a new model, a new input, a backend switch. */
export type AppEvent = 'model' | 'input' | 'backend';

/** A tab's panel, and what to do each time it is shown (e.g. compute what changed while it was hidden). */
export interface TabPanel {
  element: HTMLElement;
  activate?(): void;
}

/** What every tab can read and change. */
export interface AppContext {
  readonly state: AppState;
  /** Changes the state and writes it to the URL (replacing the history entry). */
  update(patch: Partial<AppState>): void;
  /** The loaded image model (undefined while a text model is loaded). */
  readonly session: ModelSession | undefined;
  /** The loaded text model (undefined while an image model is loaded). */
  readonly text: TextSession | undefined;
  readonly input: CurrentInput | undefined;
  /** Fires `model`, `input` and `backend` events (plain `Event`s). */
  readonly events: EventTarget;
  readonly hook: TestHook;
  /** Attributions computed on the Attribute tab, reused by the Evaluate tab. */
  readonly attributions: AttributionStore;
  /**
   * Makes a picture ([h, w, c] in [0, 1], still the caller's) the current input and records how to restore
   * it. `source` says where it came from (`'drawing'`: the pad, which already shows it).
   */
  setInput(pixels: tf.Tensor3D, description: string, choice: InputChoice, source?: string): void;
  /**
   * Loads a model and makes it current; on failure the previous model stays and the error is thrown.
   * `files` for a files source; `side`: class names or a vocabulary that came from dropped files.
   */
  loadModel(
    source: ModelSource,
    settings: ModelSettings,
    files?: readonly File[],
    side?: SideFiles,
  ): Promise<void>;
}
