import { describe, expect, it } from 'vitest';
import { useHarnessPage } from './support/harness-suite.js';

const page = useHarnessPage();

describe('<loupe-text-attribution>', () => {
  it('colours tokens through the colormaps, moves by keyboard with scores announced, themes by custom properties', async () => {
    await page.evaluate(async () => {
      const log: unknown[] = [];
      (globalThis as unknown as { tokenEvents: unknown[] }).tokenEvents = log;
      const text = document.createElement('loupe-text-attribution');
      text.id = 'text';
      text.tokens = ['the', 'movie', 'was', 'great'];
      text.scores = [0.1, -0.45, 0, 0.9];
      text.style.setProperty('--loupe-token-radius', '9px');
      text.addEventListener('loupe-token-focus', (e) => log.push((e as CustomEvent).detail));
      document.getElementById('stage')?.append(text);
      await text.updateComplete;
    });
    const styles = await page.evaluate(() => {
      const root = document.getElementById('text')?.shadowRoot;
      const table = loupe.core.colorTable('rdbu');
      const at = (k: number) => `rgb(${table[3 * k]}, ${table[3 * k + 1]}, ${table[3 * k + 2]})`;
      const spans = [...(root?.querySelectorAll('.token') ?? [])] as HTMLElement[];
      return {
        backgrounds: spans.map((s) => getComputedStyle(s).backgroundColor),
        labels: spans.map((s) => s.getAttribute('aria-label')),
        radius: getComputedStyle(spans[0]).borderTopLeftRadius,
        ends: [at(255), at(Math.round(0.5 * 255)), at(Math.round(((-0.5 + 1) / 2) * 255))],
      };
    });
    // Diverging scale clipped at max |score| = 0.9: 'great' at the top end, 'was' (0) at the centre, 'movie' at −0.5.
    expect(styles.backgrounds[3]).toBe(styles.ends[0]);
    expect(styles.backgrounds[2]).toBe(styles.ends[1]);
    expect(styles.backgrounds[1]).toBe(styles.ends[2]);
    expect(styles.labels).toEqual(['the: 0.1', 'movie: -0.45', 'was: 0', 'great: 0.9']);
    expect(styles.radius).toBe('9px');
    // A listbox (a plain list may not carry aria-activedescendant), with no active option until the cursor moves.
    const tokens = page.locator('#text .tokens');
    expect(await tokens.getAttribute('role')).toBe('listbox');
    expect(await tokens.getAttribute('aria-activedescendant')).toBeNull();
    await tokens.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#text .readout').textContent()).toBe('movie: -0.45');
    expect(await tokens.getAttribute('aria-activedescendant')).toBe('token-1');
    expect(await page.locator('#text #token-1').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await page.locator('#text .token.active').textContent()).toBe('great');
    await page.keyboard.press('Home');
    const events = await page.evaluate(
      () => (globalThis as unknown as { tokenEvents: unknown[] }).tokenEvents,
    );
    expect(events).toEqual([
      { index: 0, token: 'the', score: 0.1 },
      { index: 1, token: 'movie', score: -0.45 },
      { index: 3, token: 'great', score: 0.9 },
      { index: 0, token: 'the', score: 0.1 },
    ]);
  });
});
