import type { ColormapName, HeatmapSign } from '@loupe/core';
import { colorTable, defaultColormap } from '@loupe/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { colorbarTicks, paintColorbar } from './colorbar.js';
import { emit } from './events.js';
import { formatValue } from './heatmap-values.js';
import { themeStyles } from './theme.js';
import { type TokenColor, tokenColors } from './token-colors.js';

/** Detail of `loupe-token-focus`: the token under the keyboard cursor or pointer and its score. */
export interface TokenFocusDetail {
  index: number;
  token: string;
  score: number;
}

/**
 * `<loupe-text-attribution>`: a text's tokens coloured by their attribution (token attribution's scores, one
 * per token), with a colorbar legend and the score of the focused token. Keyboard: Tab into the text, then
 * the arrow keys (Home/End) move between tokens; each token's accessible name carries its score. The tokens
 * are a listbox whose active option follows the cursor (`aria-activedescendant`; a plain list may not carry it).
 *
 * @fires loupe-token-focus - {@link TokenFocusDetail} when the cursor or pointer moves to a token.
 * @csspart tokens - the line of tokens.
 * @csspart token - one token.
 * @csspart legend - the colorbar with its ticks.
 * @csspart readout - the focused token's score.
 * @cssprop --loupe-token-padding - padding of a token (default 1px 3px).
 * @cssprop --loupe-token-radius - corner radius of a token (default 3px).
 * @cssprop --loupe-token-gap - space between tokens (default 2px).
 * @cssprop --loupe-token-focus - outline colour of the focused token (default the accent colour).
 *
 * @tag loupe-text-attribution
 */
export class LoupeTextAttribution extends LitElement {
  static override properties = {
    tokens: { attribute: false },
    scores: { attribute: false },
    sign: { type: String, reflect: true },
    percentile: { type: Number },
    range: { type: Number },
    colormap: { type: String },
    label: { type: String },
    legend: { type: Boolean },
    active: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      figure { margin: 0; display: grid; gap: var(--_gap); }
      .tokens { display: flex; flex-wrap: wrap; gap: var(--loupe-token-gap, 2px); line-height: 1.8; outline: none; }
      .tokens:focus-visible { box-shadow: 0 0 0 2px var(--_accent); border-radius: var(--_radius); }
      .token { padding: var(--loupe-token-padding, 1px 3px); border-radius: var(--loupe-token-radius, 3px); white-space: pre; }
      .token.active { outline: 2px solid var(--loupe-token-focus, var(--_accent)); outline-offset: 1px; }
      .legend { display: grid; gap: 2px; font-size: 0.85em; max-width: 280px; }
      .legend canvas { width: 100%; height: 10px; }
      .ticks { display: flex; justify-content: space-between; }
      .readout { min-height: 1.3em; font-variant-numeric: tabular-nums; font-size: 0.85em; color: var(--_muted); }
    `,
  ];

  /** The tokens as text, in order (e.g. the words a tokenizer produced for the ids). */
  declare tokens: readonly string[];
  /** One score per token (token attribution's values for one example), aligned with `tokens`. */
  declare scores: ArrayLike<number>;
  /** Which scores colour: `all` (default, diverging colours), `positive`, `negative` or `absolute`. */
  declare sign: HeatmapSign;
  /** Percentile (0–100] of |scores| where the colour scale saturates. Default 100. */
  declare percentile: number;
  /** Fixed end of the colour scale, overriding `percentile` (one scale across several texts). */
  declare range: number | undefined;
  /** Colormap name (core's colormaps); default `rdbu` for sign `all`, `inferno` otherwise. */
  declare colormap: ColormapName | undefined;
  /** Accessible name of the text, e.g. "Token attribution for class positive". */
  declare label: string;
  /** Show the colorbar legend (default true). */
  declare legend: boolean;
  /** Index of the token under the keyboard cursor, or -1. */
  declare active: number;

  private colors: TokenColor[] = [];
  private clip = 1;

  constructor() {
    super();
    this.tokens = [];
    this.scores = [];
    this.sign = 'all';
    this.percentile = 100;
    this.range = undefined;
    this.colormap = undefined;
    this.label = 'Token attribution';
    this.legend = true;
    this.active = -1;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const colouring = ['scores', 'sign', 'percentile', 'range', 'colormap'] as const;
    if (colouring.some((key) => changed.has(key))) {
      const { colors, clip } = tokenColors(this.scores, {
        sign: this.sign,
        percentile: this.percentile,
        range: this.range,
        colormap: this.colormap,
      });
      this.colors = colors;
      this.clip = clip;
    }
    if (this.active >= this.tokens.length) this.active = this.tokens.length - 1;
  }

  protected override updated(): void {
    const bar = this.renderRoot.querySelector<HTMLCanvasElement>('.legend canvas');
    if (bar) paintColorbar(bar, colorTable(this.colormap ?? defaultColormap(this.sign)));
  }

  /** Moves the cursor to token `index` (clamped) and announces it. */
  focusToken(index: number): void {
    if (this.tokens.length === 0) return;
    this.active = Math.max(0, Math.min(this.tokens.length - 1, index));
    emit<TokenFocusDetail>(this, 'loupe-token-focus', {
      index: this.active,
      token: this.tokens[this.active],
      score: Number(this.scores[this.active] ?? 0),
    });
  }

  private onKey(event: KeyboardEvent): void {
    const last = this.tokens.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: this.active + 1,
      ArrowDown: this.active + 1,
      ArrowLeft: this.active - 1,
      ArrowUp: this.active - 1,
      Home: 0,
      End: last,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.focusToken(this.active < 0 && event.key.startsWith('Arrow') ? 0 : moves[event.key]);
  }

  override render() {
    const current = this.active >= 0 ? this.active : -1;
    const readout =
      current >= 0
        ? `${this.tokens[current]}: ${formatValue(Number(this.scores[current] ?? 0))}`
        : 'Tab to the text, then use the arrow keys to read each token’s score.';
    return html`<figure>
      <div class="tokens" part="tokens" role="listbox" tabindex="0" aria-label=${this.label}
        aria-activedescendant=${current >= 0 ? `token-${current}` : nothing} @keydown=${this.onKey}>
        ${this.tokens.map((token, i) => {
          const color = this.colors[i];
          const style = color ? `background:${color.background};color:${color.foreground}` : '';
          return html`<span id="token-${i}" role="option" aria-selected=${i === current ? 'true' : 'false'} part="token" class="token ${i === current ? 'active' : ''}"
            style=${style} aria-label="${token}: ${formatValue(Number(this.scores[i] ?? 0))}"
            @pointerenter=${() => this.focusToken(i)}>${token}</span>`;
        })}
      </div>
      ${
        this.legend
          ? html`<div class="legend" part="legend"><canvas aria-hidden="true"></canvas>
            <div class="ticks">${colorbarTicks(this.sign, this.clip)}</div></div>`
          : null
      }
      <div class="readout" part="readout" aria-live="polite">${readout}</div>
    </figure>`;
  }
}
