import { useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { AppContext } from './app-context.js';
import { AttributionStore } from './runtime/attribution-store.js';
import { type CurrentInput, createInput } from './runtime/current-input.js';
import { loadLabels, loadModel } from './runtime/load-model.js';
import { createSession, type ModelSession } from './runtime/session.js';
import {
  type AppState,
  type InputChoice,
  type ModelSettings,
  type ModelSource,
  TABS,
  type TabId,
} from './state/app-state.js';
import { decodePixels } from './state/pixel-codec.js';
import { readState, writeState } from './state/url-state.js';
import { createAttributeTab } from './tabs/attribute-tab.js';
import { createBackendTab } from './tabs/backend-tab.js';
import { createEvaluateTab } from './tabs/evaluate-tab.js';
import { useSample } from './tabs/input-panel.js';
import { createModelPanel } from './tabs/model-panel.js';
import { createPrototypesTab } from './tabs/prototypes-tab.js';
import { createVisualizeTab } from './tabs/visualize-tab.js';
import { installTestHook } from './test-hook.js';
import { h } from './ui/dom.js';

const TAB_LABELS: Record<TabId, string> = {
  attribute: 'Attribute',
  evaluate: 'Evaluate',
  visualize: 'Visualize',
  prototypes: 'Prototypes',
  backend: 'Backend',
};

/** The playground: owns the state (mirrored in the URL), the current model and input, and the tabs. */
export class App implements AppContext {
  state: AppState = readState(location.search);
  session: ModelSession | undefined;
  input: CurrentInput | undefined;
  readonly events = new EventTarget();
  readonly hook = installTestHook();
  readonly attributions = new AttributionStore();
  /** The current picture in [0, 1], kept to rebuild the input when the model changes. */
  private pixels: tf.Tensor3D | undefined;
  private readonly panels = new Map<TabId, { element: HTMLElement; activate?(): void }>();
  private readonly tabButtons = new Map<TabId, HTMLButtonElement>();

  update(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    history.replaceState(null, '', writeState(this.state));
  }

  setInput(pixels: tf.Tensor3D, description: string, choice: InputChoice): void {
    if (pixels !== this.pixels) {
      this.pixels?.dispose();
      this.pixels = pixels.clone();
    }
    if (!this.session) return;
    this.input?.dispose();
    this.input = createInput(this.session, this.pixels as tf.Tensor3D, description);
    this.hook.inputVersion = this.input.version;
    this.update({ input: choice });
    this.events.dispatchEvent(new Event('input'));
  }

  async loadModel(
    source: ModelSource,
    settings: ModelSettings,
    files?: readonly File[],
    labels?: string[],
  ): Promise<void> {
    const raw = await loadModel(source, files);
    let session: ModelSession;
    try {
      const names = labels ?? (settings.labelsUrl ? await loadLabels(settings.labelsUrl) : undefined);
      session = createSession(source, raw, settings, names);
    } catch (err) {
      raw.dispose();
      throw err;
    }
    const old = this.session;
    this.session = session;
    this.hook.modelId = session.id;
    this.update({ model: source, settings });
    this.events.dispatchEvent(new Event('model'));
    // The first load happens before any input exists; restoreInput() then supplies one.
    if (this.pixels) this.setInput(this.pixels, this.input?.description ?? 'input', this.state.input);
    old?.dispose();
  }

  /** Builds the page into `root`, then restores the URL's backend, model and input. */
  async start(root: HTMLElement): Promise<void> {
    const nav = h('nav', { role: 'tablist', 'aria-label': 'Questions' });
    const main = h('main');
    const tabs: Record<TabId, () => { element: HTMLElement; activate?(): void }> = {
      attribute: () => ({ element: createAttributeTab(this) }),
      evaluate: () => createEvaluateTab(this),
      visualize: () => ({ element: createVisualizeTab(this) }),
      prototypes: () => createPrototypesTab(this),
      backend: () => createBackendTab(this),
    };
    const modelError = h('p', { class: 'error', role: 'alert', hidden: true });
    root.append(
      h('header', {}, h('h1', {}, 'Loupe playground'), createModelPanel(this), modelError),
      nav,
      main,
    );
    await this.restoreBackend(modelError);
    await this.restoreModel(modelError);
    for (const id of TABS) {
      const panel = tabs[id]();
      panel.element.setAttribute('role', 'tabpanel');
      panel.element.id = `panel-${id}`;
      panel.element.hidden = true;
      this.panels.set(id, panel);
      main.append(panel.element);
      const button = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${id}`,
          'aria-controls': `panel-${id}`,
          onclick: () => this.showTab(id),
        },
        TAB_LABELS[id],
      );
      this.tabButtons.set(id, button);
      nav.append(button);
    }
    this.showTab(this.state.tab);
    await this.restoreInput();
  }

  showTab(id: TabId): void {
    for (const [tab, panel] of this.panels) {
      panel.element.hidden = tab !== id;
      this.tabButtons.get(tab)?.setAttribute('aria-selected', String(tab === id));
    }
    this.update({ tab: id });
    this.panels.get(id)?.activate?.();
  }

  private async restoreBackend(errorLine: HTMLElement): Promise<void> {
    try {
      this.hook.backend = await useBackend(this.state.backend);
    } catch (err) {
      this.hook.backend = await useBackend('cpu');
      errorLine.hidden = false;
      errorLine.textContent = `${(err as Error).message} Using cpu.`;
      this.update({ backend: 'cpu' });
    }
  }

  private async restoreModel(errorLine: HTMLElement): Promise<void> {
    const wanted = this.state.model;
    try {
      await this.loadModel(
        wanted.kind === 'files' ? { kind: 'mnist' } : wanted,
        wanted.kind === 'files' ? { range: [0, 1] } : this.state.settings,
      );
      if (wanted.kind === 'files')
        throw new Error(
          `The link names local model files (${wanted.name}); drop them again. Showing the shipped MNIST CNN.`,
        );
    } catch (err) {
      errorLine.hidden = false;
      errorLine.textContent = (err as Error).message;
      this.hook.modelError = (err as Error).message;
      if (!this.session) await this.loadModel({ kind: 'mnist' }, { range: [0, 1] });
    }
  }

  private async restoreInput(): Promise<void> {
    const choice = this.state.input;
    if (choice.kind === 'pixels') {
      const values = decodePixels(choice.data);
      const channels = values.length / (choice.size * choice.size);
      if (Number.isInteger(channels) && channels >= 1) {
        const pixels = tf.tensor3d(values, [choice.size, choice.size, channels]);
        this.setInput(pixels, 'the linked input', choice);
        pixels.dispose();
        return;
      }
    }
    await useSample(this, choice.kind === 'sample' ? choice.index : 0);
  }
}
