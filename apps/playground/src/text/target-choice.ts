import { h, replace } from '../ui/dom.js';

/**
 * "Explain class": the predicted class (default) or any of the model's classes by name. Rebuilt for each
 * model; a chosen class the new model lacks falls back to the predicted one.
 */
export class TargetChoice {
  private readonly select = h('select', { id: 'text-target' });
  readonly element = h('label', { class: 'text-target' }, 'Explain class ', this.select);

  constructor(onChange: () => void) {
    this.select.addEventListener('change', onChange);
  }

  /** Lists the classes of a newly loaded model, keeping the choice where it still exists. */
  setClasses(classNames: readonly string[]): void {
    const kept = this.select.value;
    replace(
      this.select,
      h('option', { value: 'predicted' }, 'the predicted class'),
      ...classNames.map((name, i) =>
        h('option', { value: i }, `${name}${name === String(i) ? '' : ` (${i})`}`),
      ),
    );
    this.select.value = kept !== '' && Number(kept) < classNames.length ? kept : 'predicted';
  }

  /** The chosen class index, or 'predicted'. */
  get value(): number | 'predicted' {
    return this.select.value === 'predicted' || this.select.value === ''
      ? 'predicted'
      : Number(this.select.value);
  }
}
