import { schemeTableau10 } from 'd3-scale-chromatic';
import { html, nothing, type TemplateResult } from 'lit';

/** A class label of a plotted point. */
export type PointLabel = number | string;

/**
 * Colour slot of every class: an integer label keeps its own slot (class 7 is always the same colour),
 * other labels take slots in order of first appearance.
 */
export function classSlots(
  labels: ArrayLike<PointLabel> | undefined,
  count: number,
): Map<PointLabel, number> {
  const slots = new Map<PointLabel, number>();
  for (let i = 0; i < count; i++) {
    const label = labels?.[i];
    if (label === undefined || slots.has(label)) continue;
    slots.set(label, typeof label === 'number' && Number.isInteger(label) ? label : slots.size);
  }
  return slots;
}

/** The colour of a slot (Tableau 10, repeating). */
export function slotColour(slot: number | undefined): string {
  return schemeTableau10[((((slot ?? 0) % 10) + 10) % 10) as number];
}

/** The legend under the plot: each class's colour and name, then the prototype and criticism marks. */
export function renderLegend(
  slots: Map<PointLabel, number>,
  nameOf: (label: PointLabel) => string,
  marks: { prototypes: boolean; criticisms: boolean },
): TemplateResult {
  const sorted = [...slots.keys()].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  return html`<ul class="legend" part="legend" aria-label="Legend">
    ${sorted.map(
      (label) =>
        html`<li><span class="swatch" style="background:${slotColour(slots.get(label))}"></span>${nameOf(label)}</li>`,
    )}
    ${marks.prototypes ? html`<li><span class="ring"></span>prototype</li>` : nothing}
    ${marks.criticisms ? html`<li><span class="cross" aria-hidden="true">×</span>criticism</li>` : nothing}
  </ul>`;
}
