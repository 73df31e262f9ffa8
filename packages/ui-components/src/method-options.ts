import { explainerOptionNames, getExplainer, listExplainers } from '@loupe/core';

/**
 * The part of a page's option bag that `method` takes. `<loupe-explainer>` keeps one `options` object while
 * its `method` changes (`{ steps: 8 }` matters to integrated gradients, not to saliency), so options another
 * registered method takes are left out. A name no registered method takes is kept, so a typo still reaches
 * `explain()` and comes back as an `OptionError` naming the closest option.
 */
export function optionsForMethod(
  method: string,
  options: Record<string, unknown> = {},
): Record<string, unknown> {
  const own = new Set(explainerOptionNames(getExplainer(method)));
  const anyMethod = new Set(listExplainers().flatMap((p) => explainerOptionNames(p)));
  return Object.fromEntries(
    Object.entries(options).filter(([name]) => own.has(name) || !anyMethod.has(name)),
  );
}
