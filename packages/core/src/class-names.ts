import { OptionError } from './errors.js';

/**
 * Checks `wrapModel`'s `classNames` against the model's number of classes (when known): one string per
 * output, so a label is never shown for the wrong class. Throws `OptionError` saying how many are needed.
 */
export function checkClassNames(names: readonly string[] | null, classes: number | null): void {
  if (names === null) return;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
    throw new OptionError('classNames must be an array of strings, one per output class.');
  if (classes !== null && names.length !== classes)
    throw new OptionError(
      `classNames has ${names.length} name(s) but the model has ${classes} output classes; give exactly one name per class, in output order.`,
    );
}
