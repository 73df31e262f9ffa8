/**
 * Defines custom elements that are not defined yet. Each part of the app defines the Loupe elements it
 * uses, so a tab's elements load with that tab's code rather than with the first page.
 */
export function defineElements(elements: Record<string, CustomElementConstructor>): void {
  for (const [tag, element] of Object.entries(elements)) {
    if (!customElements.get(tag)) customElements.define(tag, element);
  }
}
