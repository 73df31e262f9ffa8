import type { ImageInputDetail } from '@loupe/ui-components';
import * as tf from '@tensorflow/tfjs';
import type { AppContext } from '../app-context.js';
import { sampleSet } from '../runtime/samples.js';
import { encodePixels, fitsInUrl } from '../state/pixel-codec.js';
import { h, loupeElement } from '../ui/dom.js';

/** Loads sample `index` of the shipped digits as the current input. */
export async function useSample(ctx: AppContext, index: number): Promise<void> {
  const samples = await sampleSet();
  const row = ((index % samples.count) + samples.count) % samples.count;
  const pixels = tf.tidy(
    () => samples.images.slice([row, 0, 0, 0], [1, 28, 28, 1]).reshape([28, 28, 1]) as tf.Tensor3D,
  );
  try {
    ctx.setInput(
      pixels,
      `sample ${row} (label ${samples.labels[row]})`,
      { kind: 'sample', index: row },
      'sample',
    );
  } finally {
    pixels.dispose();
  }
}

/**
 * The input controls: `<loupe-image-input>` (draw, upload, drop, paste, camera) showing the input being
 * explained on its pad, where the pen edits it, and a picker over the shipped sample digits. Drawings
 * small enough go into the URL as pixels.
 */
export function createInputPanel(ctx: AppContext): HTMLElement {
  const imageInput = loupeElement('loupe-image-input');
  const configure = () => {
    const session = ctx.session;
    if (!session) return;
    imageInput.size = session.inputSize[0];
    imageInput.preprocess = session.preprocess;
  };
  configure();
  ctx.events.addEventListener('model', configure);
  imageInput.addEventListener('loupe-input', async (event) => {
    const { tensor, source } = (event as CustomEvent<ImageInputDetail>).detail;
    const values = await tensor.data();
    const choice = fitsInUrl(values.length)
      ? { kind: 'pixels' as const, size: tensor.shape[0], data: encodePixels(values) }
      : ctx.state.input;
    ctx.setInput(tensor, source === 'drawing' ? 'your drawing' : `your ${source} image`, choice, source);
  });
  const index = h('input', { type: 'number', min: 0, max: 999, value: 0, 'aria-label': 'Sample number' });
  const caption = h('p', { class: 'input-caption muted', 'aria-live': 'polite' });
  const show = () => {
    if (ctx.state.input.kind === 'sample') index.value = String(ctx.state.input.index);
    const input = ctx.input;
    if (!input) return;
    caption.textContent = `Explaining ${input.description}. Draw on it to change it.`;
    // The pad already shows a drawing; anything else (a sample, an upload, a linked input) is put there.
    if (input.source !== 'drawing') imageInput.image = input.display;
  };
  ctx.events.addEventListener('input', show);
  const go = (n: number) => void useSample(ctx, n);
  index.addEventListener('change', () => go(Number(index.value)));
  const samples = h(
    'div',
    { class: 'row samples' },
    'Sample digit ',
    index,
    h(
      'button',
      { type: 'button', 'aria-label': 'Previous sample', onclick: () => go(Number(index.value) - 1) },
      '◀',
    ),
    h(
      'button',
      { type: 'button', 'aria-label': 'Next sample', onclick: () => go(Number(index.value) + 1) },
      '▶',
    ),
    h('button', { type: 'button', onclick: () => go(Math.floor(Math.random() * 1000)) }, 'Random'),
  );
  const sampleNote = h(
    'p',
    { class: 'muted' },
    'The shipped sample digits are 28×28 gray; this model takes another input, so draw or upload one.',
  );
  const toggle = () => {
    const fits = ctx.session?.takesDigits === true;
    samples.hidden = !fits;
    sampleNote.hidden = fits;
  };
  toggle();
  ctx.events.addEventListener('model', toggle);
  return h(
    'section',
    { class: 'input-panel', 'aria-label': 'Input' },
    h('h2', {}, 'Input'),
    imageInput,
    caption,
    samples,
    sampleNote,
  );
}
