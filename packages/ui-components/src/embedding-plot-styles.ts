import { css } from 'lit';

/** The look of `<loupe-embedding-plot>`: the plot area, hover card, legend and caption. */
export const embeddingPlotStyles = css`
  :host { display: grid; gap: 6px; }
  .plot { position: relative; height: var(--loupe-plot-height, 360px); }
  .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; list-style: none; margin: 0; padding: 0; font-size: 0.85em; }
  .legend li { display: inline-flex; align-items: center; gap: 4px; }
  .swatch { width: 10px; height: 10px; display: inline-block; border-radius: 2px; }
  .ring { width: 10px; height: 10px; border: 2px solid currentColor; border-radius: 50%; box-sizing: border-box; }
  .cross { color: #d62728; font-weight: 700; line-height: 1; }
  .caption { margin: 0; font-size: 0.85em; }
  .plot > canvas { width: 100%; height: 100%; display: block; touch-action: none; cursor: grab; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .tip { position: absolute; pointer-events: none; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 4px; font-size: 0.8em; display: grid; justify-items: center; }
  .tip canvas { width: 56px; height: 56px; image-rendering: pixelated; border: none; }
`;
