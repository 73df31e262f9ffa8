import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** An accessibility violation axe rates serious or critical, with where it was found. */
export interface SeriousViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as shown and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<SeriousViolation[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
}

/**
 * What sticks out sideways: the page's scroll width beyond the viewport, and every visible control
 * (buttons, inputs, selects, summaries, focusable elements, inside shadow roots too) whose box is not
 * within the viewport's width, so a phone user could not reach it without scrolling sideways.
 */
export function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; width: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const outside: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        if (el.shadowRoot) visit(el.shadowRoot);
        const control = el.matches('button, input, select, textarea, summary, a[href], [tabindex]');
        if (!control) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // not rendered (hidden panel, closed details)
        if (box.left < -1 || box.right > width + 1) {
          outside.push(
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} [${Math.round(box.left)}, ${Math.round(box.right)}]`,
          );
        }
      }
    };
    visit(document);
    return { scrollWidth: document.documentElement.scrollWidth, width, outside };
  });
}

/** CIE L*a*b* of an sRGB colour (D65), for colour differences. */
function lab([r, g, b]: readonly number[]): [number, number, number] {
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const [R, G, B] = [linear(r), linear(g), linear(b)];
  const xyz = [
    (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047,
    0.2126 * R + 0.7152 * G + 0.0722 * B,
    (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883,
  ];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = xyz.map(f);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 colour difference ΔE*ab (2.3 is about the smallest difference a person notices). */
export function deltaE(a: readonly number[], b: readonly number[]): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The median of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The visible controls (inside shadow roots too) that Tab never reaches: presses Tab from the top of the
 * page until focus comes back round (or `maxPresses`), marking every element that held focus, then lists
 * the visible, enabled controls that were never marked. A radio group counts as reached when any of its
 * radios was (the arrow keys move within it, as the WAI-ARIA pattern has it).
 */
export async function unreachableControls(page: Page, maxPresses = 400): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const deepActive = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el || el === document.body) return null;
      const key = el.getAttribute('data-tab-walk') ?? String(Math.random());
      el.setAttribute('data-tab-walk', key);
      return key;
    });
  let first: string | null = null;
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const key = await deepActive();
    if (key === null) continue;
    if (key === first) break;
    first ??= key;
  }
  return page.evaluate(() => {
    const missed: string[] = [];
    const reachedGroups = new Set<string>();
    const radios: HTMLInputElement[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        if (el.shadowRoot) visit(el.shadowRoot);
        if (!el.matches('button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])'))
          continue;
        // Disabled controls, and proxies hidden from everyone (a file input opened by its visible button).
        if ((el as HTMLButtonElement).disabled || el.matches('input[type=hidden], [aria-hidden=true]'))
          continue;
        // Members of a composite widget with a roving tabindex (tabs, listbox options) are reached by arrow keys.
        if (el.matches('[role=tab], [role=option], [role=menuitem], [role=radio]') && el.tabIndex === -1)
          continue;
        if (!el.checkVisibility({ visibilityProperty: true })) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (el instanceof HTMLInputElement && el.type === 'radio') {
          radios.push(el);
          if (el.hasAttribute('data-tab-walk')) reachedGroups.add(`${el.name}@${el.form?.id ?? ''}`);
          continue;
        }
        if (!el.hasAttribute('data-tab-walk'))
          missed.push(
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('type') ?? ''} ${el.getAttribute('aria-label') ?? ''} in ${(el.getRootNode() as ShadowRoot).host?.tagName ?? 'document'}: ${(el.textContent ?? '').trim().slice(0, 30)}`,
          );
      }
    };
    visit(document);
    for (const r of radios)
      if (!reachedGroups.has(`${r.name}@${r.form?.id ?? ''}`)) missed.push(`radio ${r.name}=${r.value}`);
    const unmark = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) unmark(el.shadowRoot);
        el.removeAttribute('data-tab-walk');
      }
    };
    unmark(document);
    return [...new Set(missed)];
  });
}
