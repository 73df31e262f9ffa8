import {
  type LayerInfo,
  type ParamSpec,
  type ParamsSchema,
  type ParamValues,
  validateParam,
} from '@loupe/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { emit, errorMessage } from './events.js';
import { themeStyles } from './theme.js';

/** Detail of `loupe-params-change`: every value (defaults filled), the one that changed, and whether all are valid. */
export interface ParamsChangeDetail {
  values: ParamValues;
  name: string;
  valid: boolean;
  /** The validation message of the changed option, when invalid. */
  error?: string;
}

/**
 * `<loupe-params>`: form controls generated from an explainer plugin's `params` schema: numbers with
 * their ranges, enums, booleans, text, and layer pickers filled from the model's layers. Tensor options
 * are listed as code-only.
 *
 * @fires loupe-params-change - {@link ParamsChangeDetail} on every edit.
 * @csspart form - the form.
 * @csspart field - one option's row.
 *
 * @tag loupe-params
 */
export class LoupeParams extends LitElement {
  static override properties = {
    schema: { attribute: false },
    layers: { attribute: false },
    values: { attribute: false },
    heading: { type: String },
    errors: { state: true },
  };

  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      form { display: grid; gap: var(--_gap); }
      .field { display: grid; grid-template-columns: minmax(8em, max-content) 1fr; gap: 2px 8px; align-items: center; }
      .help { grid-column: 2; font-size: 0.8em; }
      .error { grid-column: 2; font-size: 0.85em; }
      input[type='number'], select, input[type='text'] { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 2px 4px; background: var(--_bg); }
    `,
  ];

  /** The plugin's `params` (e.g. `getExplainer('integrated-gradients').params`). */
  declare schema: ParamsSchema;
  /** The model's layers, for layer pickers (`wrapModel(m).layers`). */
  declare layers: readonly LayerInfo[];
  /** Current values; missing ones show their defaults. Updated as the user edits. */
  declare values: ParamValues;
  /** Accessible name of the form, e.g. the method's label. */
  declare heading: string;
  private declare errors: Record<string, string>;

  constructor() {
    super();
    this.schema = {};
    this.layers = [];
    this.values = {};
    this.heading = 'Method options';
    this.errors = {};
  }

  /** Every option's value: the given one, else the schema's default. */
  get resolvedValues(): ParamValues {
    const out: ParamValues = {};
    for (const [name, spec] of Object.entries(this.schema)) {
      const value = this.values[name] ?? ('default' in spec ? spec.default : undefined);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('schema')) this.errors = {};
  }

  protected override render() {
    const values = this.resolvedValues;
    return html`<form part="form" aria-label=${this.heading} @submit=${(e: Event) => e.preventDefault()}>
      ${Object.entries(this.schema).map(([name, spec]) => this.field(name, spec, values[name]))}
    </form>`;
  }

  private field(name: string, spec: ParamSpec, value: unknown) {
    const id = `p-${name}`;
    const label = spec.label ?? name;
    const error = this.errors[name];
    return html`<div class="field" part="field" data-name=${name}>
      <label for=${id}>${label}</label>
      ${this.control(id, name, spec, value)}
      <span class="help muted" id="${id}-help">${spec.help}</span>
      ${error ? html`<span class="error" role="alert" id="${id}-error">${error}</span>` : nothing}
    </div>`;
  }

  private control(id: string, name: string, spec: ParamSpec, value: unknown) {
    const describedBy = `${id}-help`;
    switch (spec.type) {
      case 'number':
        return html`<input id=${id} type="number" aria-describedby=${describedBy} .value=${String(value ?? '')}
          min=${spec.min ?? nothing} max=${spec.max ?? nothing} step=${spec.step ?? (spec.integer ? 1 : 'any')}
          @change=${(e: Event) => this.set(name, spec, Number((e.target as HTMLInputElement).value))} />`;
      case 'boolean':
        return html`<input id=${id} type="checkbox" aria-describedby=${describedBy} .checked=${value === true}
          @change=${(e: Event) => this.set(name, spec, (e.target as HTMLInputElement).checked)} />`;
      case 'enum':
        return html`<select id=${id} aria-describedby=${describedBy}
          @change=${(e: Event) => this.set(name, spec, (e.target as HTMLSelectElement).value)}>
          ${spec.values.map((v) => html`<option value=${v} ?selected=${v === value}>${v}</option>`)}</select>`;
      case 'layer': {
        const layers = this.layers.filter((l) => spec.filter !== 'spatial' || l.spatial);
        const choices = layers;
        return html`<select id=${id} aria-describedby=${describedBy}
          @change=${(e: Event) => this.set(name, spec, (e.target as HTMLSelectElement).value)}>
          ${choices.some((l) => l.name === spec.default) ? nothing : html`<option value=${spec.default} ?selected=${value === spec.default}>${spec.default || 'automatic'}</option>`}
          ${choices.map((l) => html`<option value=${l.name} ?selected=${l.name === value}>${l.name} (${l.className})</option>`)}
        </select>`;
      }
      case 'string':
        return html`<input id=${id} type="text" aria-describedby=${describedBy} .value=${String(value ?? '')}
          @change=${(e: Event) => this.set(name, spec, (e.target as HTMLInputElement).value)} />`;
      case 'tensor':
        return html`<span id=${id} class="muted">set in code</span>`;
    }
  }

  private set(name: string, spec: ParamSpec, value: unknown): void {
    let error: string | undefined;
    try {
      validateParam(name, spec, value);
    } catch (err) {
      error = errorMessage(err);
    }
    const errors = { ...this.errors };
    if (error === undefined) {
      delete errors[name];
      this.values = { ...this.values, [name]: value };
    } else errors[name] = error;
    this.errors = errors;
    const detail: ParamsChangeDetail = {
      values: this.resolvedValues,
      name,
      valid: Object.keys(errors).length === 0,
    };
    if (error !== undefined) detail.error = error;
    emit(this, 'loupe-params-change', detail);
  }
}
