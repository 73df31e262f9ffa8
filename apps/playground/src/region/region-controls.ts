import type { RegionChoice } from '../state/app-state.js';
import { h, replace } from '../ui/dom.js';
import { classColors } from './palette.js';
import { autoClass } from './region-target.js';
import type { Segmentation } from './segmentation.js';

const BOX_FIELDS = ['Top', 'Left', 'Bottom', 'Right'] as const;

/**
 * The region mode's form: the class (auto, every position on its own class, or one class with its share of
 * the prediction), the area (where the model predicts the class, or a box given by four fields in output
 * positions), and sum or mean; plus a legend of the predicted classes. `sync` redraws it for a choice and a
 * segmentation; every edit goes to `onChange` as a patch.
 */
export function createRegionControls(onChange: (patch: Partial<RegionChoice>) => void): {
  element: HTMLElement;
  sync(choice: RegionChoice, seg: Segmentation | undefined, names: readonly string[]): void;
} {
  const cls = h('select', { id: 'region-class' });
  const area = h('select', { id: 'region-area' });
  replace(
    area,
    h('option', { value: 'predicted' }, 'where the model predicts it'),
    h('option', { value: 'box' }, 'a box (drag on the picture)'),
  );
  const reduce = h('select', { id: 'region-reduce' });
  replace(
    reduce,
    h('option', { value: 'sum' }, 'sum of scores'),
    h('option', { value: 'mean' }, 'mean score'),
  );
  const box = BOX_FIELDS.map((label) =>
    h('input', { type: 'number', min: 0, step: 1, 'aria-label': `Box ${label.toLowerCase()}`, size: 4 }),
  );
  const boxRow = h(
    'fieldset',
    { class: 'row region-box' },
    h('legend', {}, 'Box, in output positions (bottom and right exclusive)'),
    ...box.flatMap((input, i) => [h('label', {}, `${BOX_FIELDS[i]} `, input)]),
  );
  const legend = h('ul', { class: 'region-legend', 'aria-label': 'Predicted classes' });
  let seg: Segmentation | undefined;
  cls.addEventListener('change', () => {
    const v = cls.value;
    onChange({ class: v === 'auto' || v === 'all' ? v : Number(v) });
  });
  area.addEventListener('change', () => {
    if (area.value === 'predicted') onChange({ area: 'predicted' });
    else {
      // A new box starts as the middle half of the output.
      const hgt = seg?.height ?? 4;
      const wdt = seg?.width ?? 4;
      onChange({
        area: [Math.floor(hgt / 4), Math.floor(wdt / 4), Math.ceil((3 * hgt) / 4), Math.ceil((3 * wdt) / 4)],
      });
    }
  });
  reduce.addEventListener('change', () => onChange({ reduce: reduce.value as 'sum' | 'mean' }));
  for (const input of box)
    input.addEventListener('change', () => {
      const values = box.map((b) => Number(b.value));
      if (values.every(Number.isFinite)) onChange({ area: values as [number, number, number, number] });
    });
  const sync = (choice: RegionChoice, next: Segmentation | undefined, names: readonly string[]) => {
    seg = next;
    const total = next ? next.height * next.width : 0;
    const share = (k: number) => (next && total ? ` · ${((100 * next.counts[k]) / total).toFixed(1)}%` : '');
    const classes = next?.classes ?? 0;
    const auto = next ? (names[autoClass(next)] ?? String(autoClass(next))) : '';
    replace(
      cls,
      h('option', { value: 'auto' }, `largest predicted (${auto})`),
      classes > 1 ? h('option', { value: 'all' }, 'every position, its own class') : null,
      ...Array.from({ length: classes }, (_, k) => h('option', { value: k }, `${names[k] ?? k}${share(k)}`)),
    );
    cls.value = String(choice.class);
    area.value = choice.area === 'predicted' ? 'predicted' : 'box';
    reduce.value = choice.reduce;
    boxRow.hidden = choice.area === 'predicted';
    if (choice.area !== 'predicted')
      box.forEach((input, i) => {
        input.value = String((choice.area as number[])[i]);
      });
    const colors = classColors(classes);
    replace(
      legend,
      ...Array.from({ length: classes }, (_, k) => k)
        .filter((k) => (next?.counts[k] ?? 0) > 0)
        .map((k) =>
          h(
            'li',
            {},
            h('span', { class: 'swatch', style: `background: rgb(${colors[k].join(',')})` }),
            `${names[k] ?? k}${share(k)}`,
          ),
        ),
    );
  };
  const element = h(
    'div',
    { class: 'region-controls' },
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'region-class' }, 'Class '),
      cls,
      h('label', { for: 'region-area' }, ' Area '),
      area,
      h('label', { for: 'region-reduce' }, ' Combine '),
      reduce,
    ),
    boxRow,
    legend,
  );
  return { element, sync };
}
