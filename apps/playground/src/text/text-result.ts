import type { LoupeTextAttribution } from '@loupe/ui-components';
import { h, loupeElement, replace } from '../ui/dom.js';

/** One explained text as the page shows it: the tokens (not pads) with their ids and scores. */
export interface TextResultView {
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
  /** One score per token, aligned with `tokens`. */
  readonly scores: readonly number[];
  /** The explained class's name. */
  readonly className: string;
  readonly technique: string;
  /** Sum of every position's score, pads included. */
  readonly sum: number;
  /** Sum of the pad positions' scores (0 with a pad baseline, where pads equal the baseline). */
  readonly padSum: number;
  readonly padded: number;
  readonly convergenceDelta?: number;
  readonly millis: number;
  readonly backend: string;
}

const TECHNIQUES: Record<string, string> = {
  'integrated-gradients': 'Integrated gradients',
  'input-x-gradient': 'Input × gradient',
  deeplift: 'DeepLIFT',
};

function fixed(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(2);
}

/** The line under the tokens: method, class, time, and what the scores add up to. */
function summaryOf(view: TextResultView): string {
  const parts = [
    `${TECHNIQUES[view.technique] ?? view.technique} for class ${view.className}`,
    `${Math.round(view.millis)} ms on ${view.backend}`,
    `scores sum to ${fixed(view.sum)}`,
  ];
  if (view.convergenceDelta !== undefined)
    parts.push(`f(text) − f(baseline) = ${fixed(view.sum - view.convergenceDelta)}`);
  if (view.padded > 0 && view.padSum !== 0)
    parts.push(`the ${view.padded} pad positions (not shown) carry ${fixed(view.padSum)}`);
  return `${parts.join(' · ')}.`;
}

/** A table of every token with its id and score, for reading exact numbers (and for screen readers). */
function tokenTable(view: TextResultView): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'benchmark-table token-table', 'aria-label': 'Each token, its id and its score' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Token'),
          h('th', { scope: 'col' }, 'Id'),
          h('th', { scope: 'col' }, 'Score'),
        ),
      ),
      h(
        'tbody',
        {},
        ...view.tokens.map((token, i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, token),
            h('td', {}, view.ids[i]),
            h('td', {}, fixed(view.scores[i])),
          ),
        ),
      ),
    ),
  );
}

/**
 * The text mode's result area: the tokens coloured by score (`<loupe-text-attribution>`, reached by Tab,
 * read by the arrow keys), a line with what the scores add up to, and a table of tokens, ids and scores.
 */
export class TextResult {
  readonly element = h('div', { class: 'text-result', 'aria-live': 'polite' });
  private readonly tokens: LoupeTextAttribution = loupeElement('loupe-text-attribution');
  private readonly summary = h('p', { class: 'muted text-summary' });
  private readonly table = h('details', { class: 'token-details', open: true });

  constructor() {
    this.element.hidden = true;
    this.element.append(this.tokens, this.summary, this.table);
  }

  show(view: TextResultView): void {
    this.tokens.tokens = [...view.tokens];
    this.tokens.scores = [...view.scores];
    this.tokens.label = `Token attribution for class ${view.className}`;
    this.summary.textContent = summaryOf(view);
    replace(this.table, h('summary', {}, 'Tokens, ids and scores'), tokenTable(view));
    this.element.hidden = false;
  }

  /** Hides the result (a new model, or a text that could not be read). */
  clear(): void {
    this.element.hidden = true;
  }
}
