import { useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { AppContext, TabPanel } from './app-context.js';
import { AttributionStore } from './runtime/attribution-store.js';
import { type CurrentInput, createInput } from './runtime/current-input.js';
import { demoSideFiles } from './runtime/demo-models.js';
import { loadLabels } from './runtime/load-model.js';
import { sampleSet } from './runtime/samples.js';
import { createSession, type ModelSession, type SideFiles, type TextSession } from './runtime/session.js';
import { loadVocabulary } from './runtime/side-files.js';
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
import { useSample } from './tabs/input-panel.js';
import { createModelPanel } from './tabs/model-panel.js';
import { installTestHook } from './test-hook.js';
import { h } from './ui/dom.js';
import { createTabBar } from './ui/tab-bar.js';

const TAB_LABELS: Record<TabId, string> = {
  attribute: 'Attribute',
  evaluate: 'Evaluate',
  visualize: 'Visualize',
  prototypes: 'Prototypes',
  backend: 'Backend',
};

// The Attribute tab is in the first bundle (it is what a first visit shows); every other tab, with the
// packages only it needs (@loupe/eval, -optimization, -prototype), is its own chunk, loaded when chosen.
const TAB_MODULES: Record<TabId, () => Promise<(ctx: AppContext) => TabPanel>> = {
  attribute: async () => createAttributeTab,
  evaluate: () => import('./tabs/evaluate-tab.js').then((m) => m.createEvaluateTab),
  visualize: () => import('./tabs/visualize-tab.js').then((m) => m.createVisualizeTab),
  prototypes: () => import('./tabs/prototypes-tab.js').then((m) => m.createPrototypesTab),
  backend: () => import('./tabs/backend-tab.js').then((m) => m.createBackendTab),
};

/** The playground: owns the state (mirrored in the URL), the current model and input, and the tabs. */
export class App implements AppContext {
  state: AppState = readState(location.search);
  session: ModelSession | undefined;
  text: TextSession | undefined;
  input: CurrentInput | undefined;
  readonly events = new EventTarget();
  readonly hook = installTestHook();
  readonly attributions = new AttributionStore();
  /** The current picture in [0, 1], kept to rebuild the input when the model changes. */
  private pixels: tf.Tensor3D | undefined;
  private readonly panels = new Map<TabId, Promise<TabPanel>>();
  private readonly main = h('main');
  /** Said instead of a tab that cannot explain the loaded kind of model. */
  private readonly notice = h('p', { class: 'tab-notice', role: 'status', hidden: true });
  private readonly tabBar = createTabBar(TABS, TAB_LABELS, (id) => void this.showTab(id));
  private shown: TabId | undefined;

  update(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    history.replaceState(null, '', writeState(this.state));
  }

  setInput(pixels: tf.Tensor3D, description: string, choice: InputChoice, source = 'app'): void {
    if (pixels !== this.pixels) {
      this.pixels?.dispose();
      this.pixels = pixels.clone();
    }
    if (!this.session) return;
    this.input?.dispose();
    this.input = createInput(this.session, this.pixels as tf.Tensor3D, description, source);
    this.hook.inputVersion = this.input.version;
    this.update({ input: choice });
    this.events.dispatchEvent(new Event('input'));
  }

  async loadModel(
    source: ModelSource,
    settings: ModelSettings,
    files?: readonly File[],
    side: SideFiles = {},
  ): Promise<void> {
    if (source.kind === 'demo') side = { ...(await demoSideFiles(source.name)), ...side };
    const labels = side.labels ?? (settings.labelsUrl ? await loadLabels(settings.labelsUrl) : undefined);
    const vocabulary =
      side.vocabulary ?? (settings.vocabUrl ? await loadVocabulary(settings.vocabUrl) : undefined);
    const loaded = await createSession(source, settings, { ...side, labels, vocabulary }, files);
    const old = this.session ?? this.text;
    this.session = loaded.kind === 'image' ? loaded : undefined;
    this.text = loaded.kind === 'text' ? loaded : undefined;
    this.hook.modelId = loaded.id;
    this.hook.modelKind = loaded.kind === 'text' ? 'text' : loaded.dense ? 'dense' : 'image';
    this.update({ model: source, settings });
    if (!this.session) {
      this.input?.dispose();
      this.input = undefined;
    }
    this.events.dispatchEvent(new Event('model'));
    // The first load happens before any input exists; restoreInput() then supplies one.
    if (this.pixels) this.setInput(this.pixels, this.input?.description ?? 'input', this.state.input);
    old?.dispose();
  }

  /** Builds the page into `root`, shows the URL's tab, then restores its backend, model and input. */
  async start(root: HTMLElement): Promise<void> {
    // The sample digits (the first input) download while the backend starts and the model loads.
    void sampleSet().catch(() => undefined);
    const modelError = h('p', { class: 'error', role: 'alert', hidden: true });
    const starting = h('p', { class: 'app-status muted', role: 'status' }, 'Starting the backend…');
    root.append(
      h(
        'header',
        {},
        h('h1', {}, 'Loupe playground'),
        h(
          'p',
          { class: 'tagline' },
          'Ask a TensorFlow.js model why: which pixels made it decide, is that explanation faithful, what it has learned.',
        ),
        createModelPanel(this),
        modelError,
        starting,
      ),
      this.tabBar.element,
      this.main,
    );
    this.main.append(this.notice);
    // A new kind of model can make the shown tab unfit (or fit again): re-show it when that changes.
    this.events.addEventListener('model', () => {
      if (this.shown && (this.unfitFor(this.shown) === null) === this.notice.hidden) return;
      if (this.shown) void this.showTab(this.shown);
    });
    // The Attribute tab always exists (it is in the first bundle): its explanations feed the other tabs.
    const tab = this.showTab(this.state.tab);
    if (this.state.tab !== 'attribute') void this.panel('attribute');
    await this.restoreBackend(modelError);
    this.hook.startup.backend = performance.now();
    starting.textContent = `Loading the model on ${this.hook.backend}…`;
    await this.restoreModel(modelError);
    this.hook.startup.model = performance.now();
    starting.remove();
    await tab;
    await this.restoreInput();
    this.hook.startup.input = performance.now();
    // The tab was shown before there was a model; now it can compute what it shows.
    if (this.shown) await this.showTab(this.shown);
  }

  /** A tab's panel, created (and its code loaded) the first time it is asked for. */
  private panel(id: TabId): Promise<TabPanel> {
    let panel = this.panels.get(id);
    if (!panel) {
      panel = TAB_MODULES[id]().then((create) => {
        const created = create(this);
        created.element.setAttribute('role', 'tabpanel');
        created.element.setAttribute('aria-labelledby', `tab-${id}`);
        created.element.id = `panel-${id}`;
        created.element.hidden = this.shown !== id || this.unfitFor(id) !== null;
        this.main.append(created.element);
        return created;
      });
      this.panels.set(id, panel);
    }
    return panel;
  }

  /** Shows a tab, creating its panel (and loading its code) the first time. */
  async showTab(id: TabId): Promise<void> {
    this.shown = id;
    this.tabBar.select(id);
    this.update({ tab: id });
    const unfit = this.unfitFor(id);
    this.notice.hidden = unfit === null;
    this.notice.textContent = unfit;
    for (const [tab, panel] of this.panels) {
      void panel.then((p) => {
        p.element.hidden = tab !== id || unfit !== null;
      });
    }
    const ready = await this.panel(id);
    if (this.shown === id && unfit === null) ready.activate?.();
  }

  /** Why a tab cannot explain the loaded model (the Evaluate, Visualize and Prototypes tabs need a classifier of images), or null. */
  private unfitFor(id: TabId): string | null {
    if (id === 'attribute' || id === 'backend') return null;
    const what = TAB_LABELS[id];
    if (this.text)
      return `The ${what} tab works on image classifiers; the loaded model reads text. Its explanations are on the Attribute tab, or load an image model.`;
    if (this.session?.dense)
      return `The ${what} tab works on classifiers; the loaded model scores every position (segmentation). Explain a region on the Attribute tab, or load a classifier.`;
    return null;
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
      // The shipped models have their own settings; the link's describe a user's model.
      const shipped = wanted.kind === 'files' || wanted.kind === 'mnist' || wanted.kind === 'demo';
      await this.loadModel(
        wanted.kind === 'files' ? { kind: 'mnist' } : wanted,
        shipped ? { range: [0, 1] } : this.state.settings,
      );
      if (wanted.kind === 'files')
        throw new Error(
          `The link names local model files (${wanted.name}); drop them again. Showing the shipped MNIST CNN.`,
        );
    } catch (err) {
      errorLine.hidden = false;
      errorLine.textContent = (err as Error).message;
      this.hook.modelError = (err as Error).message;
      if (!this.session && !this.text) await this.loadModel({ kind: 'mnist' }, { range: [0, 1] });
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
