/** Summary of one attribution, for tests and the benchmark script. */
export interface AttributionSummary {
  millis: number;
  backend: string;
  /** The input it explains (see `inputVersion`). */
  inputVersion: number;
  /** Sum of all values (IG's completeness: ≈ score(x) − score(baseline)). */
  sum: number;
  maxAbs: number;
  convergenceDelta?: number;
  /** The layer a layer method (Grad-CAM, layer/neuron attribution) used, from its `meta.layer`. */
  layer?: string;
  /** Region mode: the key of the region it explains (see `TestHook.region`). */
  region?: string;
}

/** The Attribute tab's text mode: the latest explained text (pads not shown are left out of `tokens`). */
export interface TextSummary {
  /** The session (model load) it explains. */
  modelId: number;
  tokens: string[];
  /** One id per token. */
  ids: number[];
  /** What the model was fed: `ids` padded to its length. */
  row: number[];
  /** One score per token. */
  scores: number[];
  target: number;
  predicted: number;
  probabilities: number[];
  technique: string;
  /** Sum of every position's score, pads included (IG: ≈ f(row) − f(baseline)). */
  sum: number;
  /** The pad positions' share of `sum`. */
  padSum: number;
  convergenceDelta?: number;
}

/**
 * What the page exposes on `window.__loupe`: the latest results of each tab as plain numbers, so end-to-end
 * tests and the benchmark read outcomes instead of scraping pixels. Read-only for the page's users.
 */
export interface TestHook {
  /** Time origin–relative ms when the first heatmap was drawn (page load → first heatmap). */
  firstHeatmapAt?: number;
  /** Time origin–relative ms at each start-up step: script, backend, model, input. */
  startup: Record<string, number>;
  backend: string;
  modelId: number;
  /** What the loaded model is to the Attribute tab: an image classifier, a dense (segmentation) model, or text. */
  modelKind?: 'image' | 'dense' | 'text';
  modelError?: string;
  inputVersion: number;
  prediction?: { index: number; probability: number; probabilities: number[] };
  /** Region mode: the explained region (its key, class, positions inside) and the positions predicted per class. */
  region?: { key: string; class: number | null; positions: number; counts: number[] };
  attributions: Record<string, AttributionSummary>;
  curves: Record<string, { kind: 'deletion' | 'insertion'; auc: number; scores: number[] }>;
  sanity?: { method: string; layers: string[]; spearman: number[] };
  visualize: Record<string, { target: number; predicted: number; probability: number; steps: number }>;
  prototypes?: { perClass: { label: string; prototypes: number; criticisms: number }[]; projected: number };
  nearest?: { index: number; kind: string; label?: number | string }[];
  text?: TextSummary;
}

/** Creates the hook and publishes it on `window.__loupe`. */
export function installTestHook(): TestHook {
  const hook: TestHook = {
    backend: 'cpu',
    modelId: 0,
    inputVersion: 0,
    startup: { script: performance.now() },
    attributions: {},
    curves: {},
    visualize: {},
  };
  (window as unknown as { __loupe: TestHook }).__loupe = hook;
  return hook;
}
