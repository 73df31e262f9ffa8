import { LoupeBackendPicker } from './backend-picker.js';
import { LoupeCurve } from './curve.js';
import { defineElement } from './define-element.js';
import { LoupeEmbeddingPlot } from './embedding-plot.js';
import { LoupeExplainer } from './explainer.js';
import { LoupeFeatureViz } from './feature-viz.js';
import { LoupeHeatmap } from './heatmap.js';
import { LoupeImageInput } from './image-input.js';
import { LoupeMethodGrid } from './method-grid.js';
import { LoupeParams } from './params-form.js';
import { LoupePrototypeGallery } from './prototype-gallery.js';
import { LoupeTextAttribution } from './text-attribution.js';

/** Every element of this package by tag name (the names are public API). */
export const LOUPE_ELEMENTS: Readonly<Record<string, CustomElementConstructor>> = {
  'loupe-heatmap': LoupeHeatmap,
  'loupe-method-grid': LoupeMethodGrid,
  'loupe-image-input': LoupeImageInput,
  'loupe-params': LoupeParams,
  'loupe-curve': LoupeCurve,
  'loupe-prototype-gallery': LoupePrototypeGallery,
  'loupe-embedding-plot': LoupeEmbeddingPlot,
  'loupe-feature-viz': LoupeFeatureViz,
  'loupe-backend-picker': LoupeBackendPicker,
  'loupe-explainer': LoupeExplainer,
  'loupe-text-attribution': LoupeTextAttribution,
};

/**
 * Registers every Loupe element with `customElements` (names already taken are left alone). Importing
 * the package defines nothing, so it is safe during server rendering; call this once in the browser.
 */
export function defineLoupeElements(): void {
  for (const [name, element] of Object.entries(LOUPE_ELEMENTS)) defineElement(name, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'loupe-heatmap': LoupeHeatmap;
    'loupe-method-grid': LoupeMethodGrid;
    'loupe-image-input': LoupeImageInput;
    'loupe-params': LoupeParams;
    'loupe-curve': LoupeCurve;
    'loupe-prototype-gallery': LoupePrototypeGallery;
    'loupe-embedding-plot': LoupeEmbeddingPlot;
    'loupe-feature-viz': LoupeFeatureViz;
    'loupe-backend-picker': LoupeBackendPicker;
    'loupe-explainer': LoupeExplainer;
    'loupe-text-attribution': LoupeTextAttribution;
  }
}
