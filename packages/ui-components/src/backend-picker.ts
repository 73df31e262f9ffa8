import { type BackendStatus, listBackends, useBackend } from '@loupe/core';
import { css, html, LitElement, nothing } from 'lit';
import { emit, errorMessage } from './events.js';
import { themeStyles } from './theme.js';

/**
 * `<loupe-backend-picker>`: the registered tfjs backends (core's `listBackends()`), with the reason each
 * unavailable one cannot run, a switch (core's `useBackend`), and the last run's time.
 *
 * @fires loupe-backend-change - `{ name }` after a switch succeeded.
 * @fires loupe-error - `{ message }` when a switch failed.
 * @csspart list - the radio group.
 *
 * @tag loupe-backend-picker
 */
export class LoupeBackendPicker extends LitElement {
  static override properties = {
    lastRunMillis: { type: Number, attribute: 'last-run-millis' },
    backends: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); display: grid; gap: 4px; }
      .reason { font-size: 0.8em; margin-left: 1.6em; }
    `,
  ];

  /** Milliseconds of the last explanation, shown under the list. */
  declare lastRunMillis: number | undefined;
  private declare backends: BackendStatus[];
  private declare busy: boolean;
  private declare error: string;

  constructor() {
    super();
    this.backends = [];
    this.busy = false;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** Re-reads the backend list (after registering a backend plugin, for instance). */
  async refresh(): Promise<void> {
    this.backends = await listBackends();
  }

  /** Switches to a backend; resolves to whether it worked. */
  async choose(name: string): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      const active = await useBackend(name);
      await this.refresh();
      emit(this, 'loupe-backend-change', { name: active });
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      emit(this, 'loupe-error', { message: this.error });
      await this.refresh();
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<fieldset part="list" ?disabled=${this.busy}>
        <legend>Backend</legend>
        ${this.backends.map(
          (b) => html`<label><input type="radio" name="backend" value=${b.name} .checked=${b.active}
              ?disabled=${!b.available} aria-describedby=${b.reason ? `why-${b.name}` : nothing}
              @change=${() => void this.choose(b.name)} />${b.label}${b.active ? ' (active)' : ''}</label>
            ${b.reason ? html`<span class="reason muted" id="why-${b.name}">${b.reason}</span>` : nothing}`,
        )}
      </fieldset>
      ${this.lastRunMillis !== undefined ? html`<p class="muted">Last run: ${Math.round(this.lastRunMillis)} ms</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
