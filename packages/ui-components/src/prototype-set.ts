import type { ImageDataLike } from '@loupe/core';

/** Prototypes and criticisms of one class (structurally `@loupe/methods-prototype`'s `ClassPrototypes`). */
export interface ClassPrototypesLike {
  label: number | string;
  /** The rows of this class. */
  rows: readonly number[];
  prototypes: readonly number[];
  criticisms: readonly number[];
  /** Witness of each of `rows`, aligned with `rows`. */
  witness?: ArrayLike<number>;
  /** Weights aligned with `prototypes` (ProtoDash). */
  weights?: ArrayLike<number>;
}

/**
 * A prototype selection as the components read it (structurally `@loupe/methods-prototype`'s
 * `PrototypeSet`, so this package needs no method package): row indices into the data set.
 */
export interface PrototypeSetLike {
  prototypes: readonly number[];
  criticisms: readonly number[];
  /** Weights aligned with `prototypes`. */
  weights?: ArrayLike<number>;
  /** Witness value of every row (MMD-critic). */
  witness?: ArrayLike<number>;
  /** Label of every row. */
  labels?: readonly (number | string)[];
  perClass?: readonly ClassPrototypesLike[];
}

/** Images of the data set's rows: an array, or a function for lazily built ones. */
export type RowImages = ArrayLike<ImageDataLike> | ((row: number) => ImageDataLike | undefined);

/** The image of a row, or undefined. */
export function rowImage(images: RowImages | undefined, row: number): ImageDataLike | undefined {
  if (images === undefined) return undefined;
  return typeof images === 'function' ? images(row) : images[row];
}

/** One card of the gallery. */
export interface GalleryItem {
  row: number;
  role: 'prototype' | 'criticism';
  label: number | string | undefined;
  witness?: number;
  weight?: number;
}

/** Flattens a set into cards, class by class (from `perClass` when present, else from the flat lists). */
export function galleryItems(set: PrototypeSetLike): GalleryItem[] {
  const items: GalleryItem[] = [];
  if (set.perClass && set.perClass.length > 0) {
    for (const group of set.perClass) {
      const witnessOf = (row: number) => {
        const k = group.rows.indexOf(row);
        return k >= 0 && group.witness ? group.witness[k] : set.witness?.[row];
      };
      group.prototypes.forEach((row, k) => {
        items.push({
          row,
          role: 'prototype',
          label: group.label,
          witness: witnessOf(row),
          weight: group.weights?.[k],
        });
      });
      for (const row of group.criticisms)
        items.push({ row, role: 'criticism', label: group.label, witness: witnessOf(row) });
    }
    return items;
  }
  set.prototypes.forEach((row, k) => {
    items.push({
      row,
      role: 'prototype',
      label: set.labels?.[row],
      witness: set.witness?.[row],
      weight: set.weights?.[k],
    });
  });
  for (const row of set.criticisms) {
    items.push({ row, role: 'criticism', label: set.labels?.[row], witness: set.witness?.[row] });
  }
  return items;
}
