import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { project } from '../src/index.js';
import { blobs } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('project', () => {
  it('PCA recovers known axes and their variances', async () => {
    // Points (3a, b, 0.1c) for a, b, c in {−1, 1}: variances 9·8/7, 8/7, 0.08/7 along x, y, z.
    const x: number[][] = [];
    for (const a of [-1, 1]) for (const b of [-1, 1]) for (const c of [-1, 1]) x.push([3 * a, b, 0.1 * c]);
    let variance: number[] = [];
    let points: number[][] = [];
    await expectNoTensorLeaks(async () => {
      const r = await project(x, { method: 'pca', dims: 2 });
      variance = r.variance ?? [];
      points = r.points;
    });
    expect(variance[0]).toBeCloseTo(72 / 7, 4);
    expect(variance[1]).toBeCloseTo(8 / 7, 4);
    x.forEach((row, i) => {
      expect(points[i][0]).toBeCloseTo(row[0], 4);
      expect(points[i][1]).toBeCloseTo(row[1], 4);
    });
  });

  it('t-SNE keeps clusters apart and is reproducible from its seed', async () => {
    const x = blobs(30, 5, 41, 4);
    const a = await project(x, { method: 'tsne', seed: 3 });
    const b = await project(x, { method: 'tsne', seed: 3 });
    expect(a.points).toEqual(b.points);
    const dist = (i: number, j: number) =>
      Math.hypot(a.points[i][0] - a.points[j][0], a.points[i][1] - a.points[j][1]);
    let within = 0;
    let between = 0;
    for (let i = 0; i < 30; i++) {
      for (let j = i + 1; j < 30; j++) {
        if (i % 3 === j % 3) within += dist(i, j) / 135;
        else between += dist(i, j) / 300;
      }
    }
    expect(within).toBeLessThan(between / 2);
  });

  it('UMAP returns one seeded point per row', async () => {
    const x = blobs(40, 4, 43, 4);
    const a = await project(x, { method: 'umap', seed: 5, iterations: 50 });
    const b = await project(x, { method: 'umap', seed: 5, iterations: 50 });
    expect(a.points).toHaveLength(40);
    expect(a.points[0]).toHaveLength(2);
    expect(a.points).toEqual(b.points);
  });

  it('rejects impossible settings', async () => {
    await expect(project([[1, 2]], { dims: 3 })).rejects.toBeInstanceOf(OptionError);
    await expect(project([[1, 2]], { method: 'umap' })).rejects.toBeInstanceOf(OptionError);
  });
});
