import type { Progress } from '@loupe/core';
import type { TaskListener } from '../runtime/task-slot.js';
import { h } from './dom.js';

/**
 * A progress bar with a message and an error area, driven as a {@link TaskListener}: what a long run is
 * doing is always visible, and failures say why.
 */
export class StatusLine implements TaskListener {
  readonly element: HTMLDivElement;
  private readonly bar = h('progress', { max: 1, value: 0, 'aria-label': 'Progress' });
  private readonly text = h('span', { class: 'muted', 'aria-live': 'polite' });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private label = '';

  constructor(name: string) {
    this.element = h('div', { class: 'status', 'data-status': name }, this.bar, this.text, this.error);
    this.bar.hidden = true;
  }

  onStart(label: string): void {
    this.label = label;
    this.bar.hidden = false;
    this.bar.removeAttribute('value');
    this.text.textContent = `${label}…`;
    this.error.hidden = true;
    this.element.dataset.state = 'running';
  }

  onProgress(p: Progress): void {
    this.bar.max = p.total;
    this.bar.value = p.done;
    this.text.textContent = `${this.label}: ${p.phase ? `${p.phase} ` : ''}${Math.round((100 * p.done) / Math.max(1, p.total))}%`;
  }

  onEnd(outcome: 'done' | 'aborted' | 'failed', error?: unknown): void {
    this.bar.hidden = true;
    this.element.dataset.state = outcome;
    this.text.textContent =
      outcome === 'done' ? `${this.label}: done` : outcome === 'aborted' ? `${this.label}: stopped` : '';
    if (outcome === 'failed') this.fail(error);
  }

  /** Shows an error (its message) until the next start. */
  fail(error: unknown): void {
    this.error.hidden = false;
    this.error.textContent = error instanceof Error ? error.message : String(error);
    this.element.dataset.state = 'failed';
  }

  /** Shows a note (not an error). */
  note(text: string): void {
    this.text.textContent = text;
  }
}
