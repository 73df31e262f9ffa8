import type { AppContext } from '../app-context.js';
import type { CurrentInput } from '../runtime/current-input.js';
import type { ModelSession } from '../runtime/session.js';
import { h, replace } from '../ui/dom.js';
import { createRegionPanel } from './region-panel.js';
import type { ResolvedRegion } from './region-target.js';
import { predictSegmentation, type Segmentation } from './segmentation.js';

/** The Attribute tab's region mode: its panel, and the region target for each run. */
export interface RegionMode {
  readonly element: HTMLElement;
  /** Predicts the input's segmentation, shows it in `predictionView` and the panel, and resolves the region. */
  prepare(session: ModelSession, input: CurrentInput, predictionView: HTMLElement): Promise<ResolvedRegion>;
}

/** "Predicted: person 34.0% · background 66.0%": the classes the model predicts, largest first. */
function renderSegmentation(target: HTMLElement, seg: Segmentation, names: readonly string[]): void {
  const total = seg.height * seg.width;
  const shares = seg.counts
    .map((n, k) => ({ n, k }))
    .filter(({ n }) => n > 0)
    .sort((a, b) => b.n - a.n)
    .map(({ n, k }) => `${names[k] ?? k} ${((100 * n) / total).toFixed(1)}%`);
  const off = total - seg.counts.reduce((a, b) => a + b, 0);
  if (off > 0) shares.push(`unmarked ${((100 * off) / total).toFixed(1)}%`);
  replace(
    target,
    h(
      'p',
      { class: 'prediction segmentation' },
      'Predicted segmentation: ',
      h('strong', {}, shares.join(' · ')),
    ),
  );
}

/**
 * Creates the region mode (loaded with its own chunk, only for models with a dense output). `onChange` re-runs
 * the explanations when the region changes.
 */
export function createRegionMode(ctx: AppContext, onChange: () => void): RegionMode {
  const panel = createRegionPanel(ctx, onChange);
  return {
    element: panel.element,
    async prepare(session, input, predictionView) {
      const seg = await predictSegmentation(session, input.x);
      renderSegmentation(predictionView, seg, session.classNames);
      return panel.show(input, seg);
    },
  };
}
