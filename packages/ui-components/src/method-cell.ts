import type { ChannelReduction, ColormapName, HeatmapMode, HeatmapSign } from '@loupe/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { HeatmapValues } from './heatmap-values.js';
import type { ImageSource } from './image-source.js';

/**
 * One cell of a method grid: a method's attribution with how long it took and where it ran, or, while it
 * is still running, its progress (or why it failed).
 */
export interface MethodCell {
  /** Explainer id, e.g. `'saliency'`. */
  method: string;
  /** Heading; defaults to the id. */
  label?: string;
  /** One line on what the method shows (a plugin's `description`). */
  description?: string;
  /** The paper it follows (a plugin's `reference`). */
  reference?: string;
  /** The attribution; absent while the method runs (the cell shows `progress`) or when it failed. */
  attribution?: HeatmapValues & { readonly meta?: { millis?: number; backend?: string } };
  /** Fraction done in [0, 1] while running; undefined shows an indeterminate bar. */
  progress?: number;
  /** Why the method failed; shown instead of a map. */
  error?: string;
  /** Wall time in milliseconds; defaults to `attribution.meta.millis`. */
  millis?: number;
  /** Backend name; defaults to `attribution.meta.backend`. */
  backend?: string;
}

/** What every cell of one grid shares. */
export interface CellLook {
  image: ImageSource | undefined;
  mode: HeatmapMode;
  sign: HeatmapSign;
  reduction: ChannelReduction;
  percentile: number;
  colormap: ColormapName | undefined;
  /** The shared scale's end, when the grid uses one. */
  range: number | undefined;
  onSelect(method: string): void;
}

/** The time and backend line: "12 ms · cpu", or "running…" while there is no attribution yet. */
function metaLine(cell: MethodCell): string {
  if (cell.error !== undefined) return '';
  if (cell.attribution === undefined) {
    return cell.progress === undefined ? 'running…' : `running… ${Math.round(cell.progress * 100)}%`;
  }
  const millis = cell.millis ?? cell.attribution.meta?.millis;
  const backend = cell.backend ?? cell.attribution.meta?.backend;
  return `${millis !== undefined ? `${Math.round(millis)} ms` : ''}${backend ? ` · ${backend}` : ''}`;
}

/** The body of a cell: its heatmap, a progress bar while it runs, or its error. */
function body(cell: MethodCell, label: string, look: CellLook): TemplateResult {
  if (cell.error !== undefined) return html`<p class="error" role="alert">${cell.error}</p>`;
  if (cell.attribution === undefined) {
    return html`<div class="pending"><progress max="1" .value=${cell.progress ?? null}
      aria-label="${label}: progress"></progress></div>`;
  }
  return html`<loupe-heatmap .attribution=${cell.attribution} .image=${look.image} .mode=${look.mode}
    .sign=${look.sign} .reduction=${look.reduction} .percentile=${look.percentile} .colormap=${look.colormap}
    .range=${look.range} label=${label}></loupe-heatmap>`;
}

/** Renders one cell: heading, what the method shows and its paper, the map, time and backend. */
export function renderCell(cell: MethodCell, look: CellLook): TemplateResult {
  const label = cell.label ?? cell.method;
  const state = cell.error !== undefined ? 'failed' : cell.attribution === undefined ? 'running' : 'done';
  return html`<div class="cell" part="cell" role="listitem" data-method=${cell.method} data-state=${state}
      aria-busy=${state === 'running' ? 'true' : 'false'}>
    <button class="heading" @click=${() => look.onSelect(cell.method)}>${label}</button>
    ${cell.description ? html`<p class="about muted">${cell.description}</p>` : nothing}
    ${cell.reference ? html`<p class="paper muted"><cite>${cell.reference}</cite></p>` : nothing}
    ${body(cell, label, look)}
    <span class="meta muted">${metaLine(cell)}</span>
  </div>`;
}
