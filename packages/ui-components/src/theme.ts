import { css } from 'lit';

/**
 * Shared look of every Loupe element. Colours come from `--loupe-*` custom properties with light
 * defaults, switched to dark ones under `prefers-color-scheme: dark`, so a page themes all elements at
 * once by setting the properties on any ancestor.
 */
export const themeStyles = css`
  :host {
    --_fg: var(--loupe-fg, #1c1c21);
    --_bg: var(--loupe-bg, #ffffff);
    --_muted: var(--loupe-muted, #5d5d6b);
    --_border: var(--loupe-border, #c9c9d3);
    --_accent: var(--loupe-accent, #2456c8);
    --_accent-fg: var(--loupe-accent-fg, #ffffff);
    --_danger: var(--loupe-danger, #b3261e);
    --_radius: var(--loupe-radius, 6px);
    --_gap: var(--loupe-gap, 8px);
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--loupe-font, system-ui, sans-serif);
    font-size: var(--loupe-font-size, 14px);
    color-scheme: light dark;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--loupe-fg, #e8e8ee);
      --_bg: var(--loupe-bg, #17171c);
      --_muted: var(--loupe-muted, #a4a4b3);
      --_border: var(--loupe-border, #3b3b47);
      --_accent: var(--loupe-accent, #7aa2ff);
      --_accent-fg: var(--loupe-accent-fg, #0b0b10);
      --_danger: var(--loupe-danger, #ff8a80);
    }
  }
  :host([hidden]) {
    display: none;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  select,
  input:not([type='checkbox']):not([type='radio']):not([type='range']) {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  button {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 10px;
    cursor: pointer;
  }
  button[aria-pressed='true'],
  button.primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
