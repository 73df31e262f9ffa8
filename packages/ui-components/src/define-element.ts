/**
 * Defines a custom element unless the name is taken (so several bundles on one page coexist). Called at
 * run time, never at import time, so importing this package touches no DOM.
 */
export function defineElement(name: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (customElements.get(name) === undefined) customElements.define(name, element);
}
