import type { AppContext } from '../app-context.js';
import type { CurrentInput } from '../runtime/current-input.js';
import type { RegionChoice } from '../state/app-state.js';
import { h, replace } from '../ui/dom.js';
import { createRegionControls } from './region-controls.js';
import { clampBox, type ResolvedRegion, resolveRegion } from './region-target.js';
import { RegionView } from './region-view.js';
import type { Segmentation } from './segmentation.js';

/** The Attribute tab's region mode, shown for models with a dense output. */
export interface RegionPanel {
  readonly element: HTMLElement;
  /**
   * Shows an input's segmentation and resolves the chosen region on it (the caller disposes it). Throws when
   * the region is empty; the view then shows the segmentation alone.
   */
  show(input: CurrentInput, seg: Segmentation): Promise<ResolvedRegion>;
}

function describe(region: ResolvedRegion, choice: RegionChoice, names: readonly string[]): string {
  const what =
    region.class === null
      ? 'every position on its predicted class'
      : `class “${names[region.class] ?? region.class}”`;
  const where = choice.area === 'predicted' ? 'where the model predicts it' : 'in the box';
  const how = choice.reduce === 'sum' ? 'scores summed' : 'scores averaged';
  return `Explaining ${what} over ${region.positions} positions ${where} (${how}).`;
}

/**
 * The region mode's panel: the region view (the input with its predicted segmentation; drag to draw a box),
 * the class and area controls, and a line saying what the attributions explain. A change re-runs `onChange`.
 */
export function createRegionPanel(ctx: AppContext, onChange: () => void): RegionPanel {
  let current: Segmentation | undefined;
  const note = h('p', { class: 'region-note', 'aria-live': 'polite' });
  const change = (patch: Partial<RegionChoice>) => {
    ctx.update({ region: { ...ctx.state.region, ...patch } });
    controls.sync(ctx.state.region, current, ctx.session?.classNames ?? []);
    onChange();
  };
  const view = new RegionView((box) => change({ area: current ? clampBox(box, current) : box }));
  const controls = createRegionControls(change);
  const element = h(
    'section',
    { class: 'region-panel', 'aria-label': 'Region to explain' },
    h('h3', {}, 'Which region?'),
    view.element,
    controls.element,
    note,
  );
  return {
    element,
    async show(input, seg) {
      current = seg;
      const names = ctx.session?.classNames ?? [];
      const choice = ctx.state.region;
      controls.sync(choice, seg, names);
      const [height, width, channels] = input.display.shape;
      const pixels = (await input.display.data()) as Float32Array;
      const picture = { pixels, inputShape: [height, width, channels] as const, segmentation: seg };
      try {
        const region = resolveRegion(choice, seg);
        view.draw({ ...picture, weights: region.weights });
        replace(note, describe(region, choice, names));
        ctx.hook.region = {
          key: region.key,
          class: region.class,
          positions: region.positions,
          counts: seg.counts,
        };
        return region;
      } catch (err) {
        view.draw({ ...picture, weights: new Float32Array(seg.height * seg.width) });
        replace(note, (err as Error).message);
        ctx.hook.region = { key: '', class: null, positions: 0, counts: seg.counts };
        throw err;
      }
    },
  };
}
