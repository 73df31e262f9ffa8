import { css, html, LitElement, nothing } from 'lit';
import { emit } from './events.js';
import { formatValue } from './heatmap-values.js';
import { paintRgba } from './image-source.js';
import {
  type GalleryItem,
  galleryItems,
  type PrototypeSetLike,
  type RowImages,
  rowImage,
} from './prototype-set.js';
import { themeStyles } from './theme.js';

/**
 * `<loupe-prototype-gallery>`: per-class prototypes (typical examples) and criticisms (examples the
 * prototypes explain badly, Kim et al. 2016) with their witness values and weights; activate a card to
 * inspect it.
 *
 * @fires loupe-select - the {@link GalleryItem} of the activated card.
 * @csspart card - one example.
 * @csspart inspector - the selected example's details.
 *
 * @tag loupe-prototype-gallery
 */
export class LoupePrototypeGallery extends LitElement {
  static override properties = {
    set: { attribute: false },
    images: { attribute: false },
    classFilter: { type: String, attribute: 'class-filter' },
    selected: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      section { margin-bottom: var(--_gap); }
      h3 { font-size: 1em; margin: 4px 0; }
      .cards { display: flex; flex-wrap: wrap; gap: 6px; }
      .card { display: grid; gap: 2px; justify-items: center; padding: 4px; font-size: 0.8em; }
      .card canvas { width: var(--loupe-thumb-size, 56px); aspect-ratio: 1; image-rendering: pixelated; }
      .criticism { border-color: var(--_danger); }
      .inspector { display: flex; gap: 12px; align-items: center; border-top: 1px solid var(--_border); padding-top: 6px; }
      .inspector canvas { width: 140px; aspect-ratio: 1; image-rendering: pixelated; }
    `,
  ];

  /** The prototype set (e.g. the result of `mmdCritic` or `protoDash`). */
  declare set: PrototypeSetLike | undefined;
  /** Images of the data rows the set indexes. */
  declare images: RowImages | undefined;
  /** Show only this class (its label as text); empty shows all. */
  declare classFilter: string;
  private declare selected: GalleryItem | undefined;

  constructor() {
    super();
    this.classFilter = '';
  }

  private select(item: GalleryItem): void {
    this.selected = item;
    emit(this, 'loupe-select', item);
  }

  protected override render() {
    const items = this.set ? galleryItems(this.set) : [];
    const classes = [...new Set(items.map((i) => String(i.label ?? '')))];
    const shown = items.filter((i) => this.classFilter === '' || String(i.label ?? '') === this.classFilter);
    const groups = (role: GalleryItem['role']) => shown.filter((i) => i.role === role);
    return html`
      ${
        classes.length > 1
          ? html`<label>Class <select @change=${(e: Event) => {
              this.classFilter = (e.target as HTMLSelectElement).value;
            }}><option value="">all</option>${classes.map(
              (c) => html`<option value=${c} ?selected=${c === this.classFilter}>${c}</option>`,
            )}</select></label>`
          : nothing
      }
      ${(['prototype', 'criticism'] as const).map(
        (role) => html`<section aria-label=${role === 'prototype' ? 'Prototypes' : 'Criticisms'}>
          <h3>${role === 'prototype' ? 'Prototypes' : 'Criticisms'} (${groups(role).length})</h3>
          <div class="cards" role="list">${groups(role).map((item) => this.card(item))}</div></section>`,
      )}
      ${this.selected ? this.inspector(this.selected) : nothing}`;
  }

  private caption(item: GalleryItem): string {
    const parts = [item.label === undefined ? `row ${item.row}` : `class ${item.label}`];
    if (item.witness !== undefined) parts.push(`witness ${formatValue(item.witness)}`);
    if (item.weight !== undefined) parts.push(`weight ${formatValue(item.weight)}`);
    return parts.join(' · ');
  }

  private card(item: GalleryItem) {
    return html`<div role="listitem"><button class="card ${item.role}" part="card" data-row=${item.row}
      aria-pressed=${this.selected?.row === item.row && this.selected.role === item.role ? 'true' : 'false'}
      aria-label="${item.role} ${this.caption(item)}" @click=${() => this.select(item)}>
      <canvas data-row=${item.row} aria-hidden="true"></canvas><span>${this.caption(item)}</span></button></div>`;
  }

  private inspector(item: GalleryItem) {
    return html`<div class="inspector" part="inspector" aria-live="polite">
      <canvas data-row=${item.row} aria-hidden="true"></canvas>
      <div><strong>${item.role}</strong> · row ${item.row}<br />${this.caption(item)}</div></div>`;
  }

  protected override updated(): void {
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-row]')) {
      const image = rowImage(this.images, Number(canvas.dataset.row));
      if (image) paintRgba(canvas, image);
    }
  }
}
