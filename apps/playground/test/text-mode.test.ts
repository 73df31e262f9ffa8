import { parseVocabulary, tokenize } from '@loupe/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hook, launch, loadModelUrl, openApp, waitForHook } from './support/browser.js';
import { startModelServer } from './support/model-server.js';
import { horizontalOverflow, seriousViolations } from './support/page-checks.js';
import { TEXT_LABELS, TEXT_LENGTH, TEXT_VOCAB, trainTextModel } from './support/text-model.js';

const SENTENCE = 'This movie was BAD, and the plot';
const alert = '.text-mode [role=alert]:not([hidden])';

/** The tokens `<loupe-text-attribution>` shows, read from its shadow root. */
function shownTokens(page: Page): Promise<string[]> {
  return page.locator('loupe-text-attribution .token').allTextContents();
}

/** Types into the text box and explains with Ctrl+Enter. */
async function explainText(page: Page, text: string): Promise<void> {
  await page.fill('#text-input', text);
  await page.press('#text-input', 'Control+Enter');
}

describe('Attribute: the text mode for a model that reads token ids', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let host: { url: string; close(): Promise<void> };
  let logits: (row: readonly number[]) => number[];

  beforeAll(async () => {
    const trained = await trainTextModel();
    logits = trained.logits;
    host = await startModelServer(trained.files);
    browser = await launch();
    const base = `${host.url}/text`;
    const query = `?model=${encodeURIComponent(`url:${base}/model.json`)}&vocab=${encodeURIComponent(`${base}/vocab.json`)}&labels=${encodeURIComponent(`${base}/labels.json`)}&backend=cpu&methods=saliency`;
    ({ page, errors } = await openApp(browser, inject('appUrl'), query));
    await waitForHook(page, 'h.modelKind === "text" && h.text?.modelId === h.modelId');
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows the text mode instead of the image body and explains a typed sentence', async () => {
    expect(await page.locator('.text-mode').isVisible()).toBe(true);
    expect(await page.locator('.input-column').isVisible()).toBe(false);
    expect(await page.locator('section.results').isVisible()).toBe(false);
    expect(await page.locator('#text-encoding').textContent()).toMatch(
      /vocabulary \(16 tokens.*\[UNK\] \(id 1\)/,
    );
    await explainText(page, SENTENCE);
    await waitForHook(page, `h.text?.tokens.join(' ') === 'This movie was BAD , and the plot'`);
    const text = (await hook(page)).text;
    if (!text) throw new Error('no text result');
    const expected = tokenize(SENTENCE, parseVocabulary(JSON.stringify(TEXT_VOCAB)));
    expect(text.tokens).toEqual(expected.tokens);
    expect(text.ids).toEqual(expected.ids);
    expect(await shownTokens(page)).toEqual(expected.tokens);
    expect(await page.locator('.token-table tbody tr').count()).toBe(expected.tokens.length);
    // "bad" decides: the model predicts negative, and that token carries the largest |score|.
    expect(text.predicted).toBe(0);
    expect(text.target).toBe(0);
    expect(await page.locator('.text-mode .prediction strong').textContent()).toBe(TEXT_LABELS[0]);
    const magnitudes = text.scores.map(Math.abs);
    expect(magnitudes.indexOf(Math.max(...magnitudes))).toBe(expected.tokens.indexOf('BAD'));
    // Integrated gradients' completeness, against the trained model's logits computed here in Node.
    expect(text.technique).toBe('integrated-gradients');
    const gain = logits(text.row)[0] - logits(new Array(TEXT_LENGTH).fill(0))[0];
    expect(Math.abs(text.sum - gain)).toBeLessThan(0.01 * Math.abs(gain));
    expect(text.padSum).toBe(0);
    expect(page.url()).toContain(`text=${encodeURIComponent(SENTENCE).replace(/%20/g, '+')}`);
    expect(errors).toEqual([]);
  });

  it('explains the class and technique chosen (kept in the URL), and passes axe', async () => {
    await page.selectOption('#text-target', '1');
    await waitForHook(page, 'h.text?.target === 1');
    let text = (await hook(page)).text;
    // For "positive", the deciding "bad" is the strongest evidence against.
    const bad = text?.tokens.indexOf('BAD') ?? -1;
    const magnitudes = text?.scores.map(Math.abs) ?? [];
    expect(magnitudes.indexOf(Math.max(...magnitudes))).toBe(bad);
    expect(text?.scores[bad]).toBeLessThan(0);
    await page.click('.text-mode details.method-forms > summary');
    await page.selectOption('loupe-params select#p-technique', 'deeplift');
    await waitForHook(page, 'h.text?.technique === "deeplift"');
    text = (await hook(page)).text;
    if (!text) throw new Error('no text result');
    // DeepLIFT's scores also sum to f(x) − f(baseline) (Rescale rule, summation to delta).
    const gain = logits(text.row)[1] - logits(new Array(TEXT_LENGTH).fill(0))[1];
    expect(Math.abs(text.sum - gain)).toBeLessThan(0.01 * Math.abs(gain));
    expect(decodeURIComponent(page.url())).toContain('"token-attribution":{"technique":"deeplift"}');
    expect(await seriousViolations(page)).toEqual([]);
    // A mask baseline needs the mask token's id: the run fails with a message, and the old result goes.
    await page.selectOption('loupe-params select#p-baseline', 'mask');
    await expect.poll(() => page.locator(alert).textContent()).toMatch(/needs maskToken/);
    expect(await page.locator('loupe-text-attribution').isVisible()).toBe(false);
    await page.selectOption('loupe-params select#p-baseline', 'pad');
    await page.selectOption('loupe-params select#p-technique', 'integrated-gradients');
    await page.selectOption('#text-target', 'predicted');
    await waitForHook(page, 'h.text?.target === 0 && h.text?.technique === "integrated-gradients"');
  });

  it('reaches the tokens by Tab and reads their scores with the arrow keys', async () => {
    await page.focus('.text-mode button:has-text("Stop")');
    let onTokens = false;
    for (let i = 0; i < 4 && !onTokens; i++) {
      await page.keyboard.press('Tab');
      onTokens = await page.evaluate(
        () =>
          document.activeElement?.tagName === 'LOUPE-TEXT-ATTRIBUTION' &&
          document.activeElement.shadowRoot?.activeElement?.classList.contains('tokens') === true,
      );
    }
    expect(onTokens).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('loupe-text-attribution .readout').textContent()).toMatch(/^This: /);
  });

  it('fits a 390-px phone: nothing sticks out sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await horizontalOverflow(page);
    await page.setViewportSize({ width: 1280, height: 1000 });
    expect(overflow.outside).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
  });

  it('says what to do with a text longer than the model reads', async () => {
    await explainText(page, 'the film was a movie and it was very good and this story');
    await expect
      .poll(() => page.locator(alert).textContent())
      .toMatch(/13 tokens; the model reads at most 8\. Shorten it/);
    expect(await page.locator('loupe-text-attribution').isVisible()).toBe(false);
  });

  it('shows the notice on the tabs that explain images', async () => {
    await page.click('#tab-evaluate');
    await expect.poll(() => page.locator('.tab-notice').textContent()).toMatch(/the loaded model reads text/);
    expect(await page.locator('.tab-notice').isVisible()).toBe(true);
    await page.click('#tab-attribute');
    expect(await page.locator('.text-mode').isVisible()).toBe(true);
  });

  it('takes token ids when the model comes without a vocabulary, and says so', async () => {
    const first = (await hook(page)).modelId;
    await loadModelUrl(page, `${host.url}/text/model.json`, { 'Vocabulary URL': '', 'Labels URL': '' });
    await waitForHook(page, `h.modelId > ${first} && h.modelKind === "text"`);
    expect(await page.locator('#text-encoding').textContent()).toMatch(
      /box takes token ids \(0–15\) separated by spaces/,
    );
    await page.fill('#text-input', 'the film was good');
    await page.click('.text-mode button:has-text("Explain")');
    await expect
      .poll(() => page.locator(alert).textContent())
      .toMatch(/without a vocabulary.*"the" is not one/);
    await explainText(page, '4 5 2 6');
    await waitForHook(page, `h.text?.ids.join(' ') === '4 5 2 6'`);
    const text = (await hook(page)).text;
    expect(text?.predicted).toBe(1);
    const magnitudes = text?.scores.map(Math.abs) ?? [];
    expect(magnitudes.indexOf(Math.max(...magnitudes))).toBe(2);
    await explainText(page, '4 16');
    await expect.poll(() => page.locator(alert).textContent()).toMatch(/Token id 16 is outside.*0 to 15/);
    expect(errors).toEqual([]);
  });

  it('brings the image body back for the shipped MNIST CNN', async () => {
    await page.click('button:has-text("Shipped MNIST CNN")');
    await waitForHook(
      page,
      'h.modelKind === "image" && h.attributions.saliency?.inputVersion === h.inputVersion',
    );
    expect(await page.locator('.input-column').isVisible()).toBe(true);
    expect(await page.locator('section.results').isVisible()).toBe(true);
    expect(await page.locator('.text-mode').isVisible()).toBe(false);
    expect((await hook(page)).text).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
