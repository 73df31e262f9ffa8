import { h } from './dom.js';

/** A tab list built to the WAI-ARIA tabs pattern, with what it needs from its owner. */
export interface TabBar<T extends string> {
  readonly element: HTMLElement;
  /** Marks `id` selected (and the only tab in the Tab order). */
  select(id: T): void;
}

/**
 * Tabs as buttons in a `tablist`: click to choose; with the keyboard, Tab reaches the selected tab, the
 * arrow keys (and Home/End) move to and choose the next one, as the WAI-ARIA tabs pattern describes.
 */
export function createTabBar<T extends string>(
  tabs: readonly T[],
  labels: Record<T, string>,
  onChoose: (id: T) => void,
): TabBar<T> {
  const element = h('nav', { role: 'tablist', 'aria-label': 'Questions' });
  const buttons = new Map<T, HTMLButtonElement>();
  const move = (from: T, key: string): T | undefined => {
    const i = tabs.indexOf(from);
    if (key === 'ArrowRight') return tabs[(i + 1) % tabs.length];
    if (key === 'ArrowLeft') return tabs[(i - 1 + tabs.length) % tabs.length];
    if (key === 'Home') return tabs[0];
    if (key === 'End') return tabs[tabs.length - 1];
    return undefined;
  };
  for (const id of tabs) {
    const button = h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, tabindex: -1 },
      labels[id],
    );
    button.addEventListener('click', () => onChoose(id));
    button.addEventListener('keydown', (event) => {
      const next = move(id, event.key);
      if (next === undefined) return;
      event.preventDefault();
      buttons.get(next)?.focus();
      onChoose(next);
    });
    buttons.set(id, button);
    element.append(button);
  }
  return {
    element,
    select(id: T) {
      for (const [tab, button] of buttons) {
        button.setAttribute('aria-selected', String(tab === id));
        button.tabIndex = tab === id ? 0 : -1;
      }
    },
  };
}
