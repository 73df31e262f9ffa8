/** Attributes, properties and listeners for {@link h}: `on*` functions become listeners, other values attributes. */
export type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** A child of {@link h}: a node, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element: `h('button', { class: 'primary', onclick: go }, 'Run')`. Keeps the app's DOM code
 * short without a framework; text children are always set as text, never parsed as markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A labelled number input. */
export function numberField(
  label: string,
  value: number,
  onchange: (value: number) => void,
  attrs: Props = {},
): HTMLLabelElement {
  const input = h('input', { type: 'number', value, ...attrs });
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (Number.isFinite(n)) onchange(n);
  });
  return h('label', {}, `${label} `, input);
}

/**
 * Creates a Loupe custom element by parsing its tag rather than `document.createElement`: some elements
 * set attributes in their constructor (e.g. `<loupe-image-input>`'s tabindex), which the DOM forbids for
 * synchronously constructed elements but allows when a parsed element is upgraded.
 */
export function loupeElement<K extends keyof HTMLElementTagNameMap & `loupe-${string}`>(
  tag: K,
): HTMLElementTagNameMap[K] {
  const holder = document.createElement('template');
  holder.innerHTML = `<${tag}></${tag}>`;
  const element = document.importNode(holder.content, true).firstElementChild as HTMLElementTagNameMap[K];
  return element;
}
