import { OptionError } from '@loupe/core';
import { describe, expect, it } from 'vitest';
import { gaussLegendre, QUADRATURE_RULES, quadrature } from '../src/quadrature.js';

describe('quadrature', () => {
  it('Gauss–Legendre integrates polynomials of degree 2n − 1 exactly on [0, 1]', () => {
    for (const n of [1, 2, 5, 16, 50]) {
      const { alphas, weights } = quadrature('gauss-legendre', n);
      for (const degree of [0, 1, 2 * n - 1]) {
        const approx = alphas.reduce((s, a, i) => s + weights[i] * a ** degree, 0);
        expect(Math.abs(approx - 1 / (degree + 1))).toBeLessThan(1e-13);
      }
      expect(alphas.every((a) => a > 0 && a < 1)).toBe(true);
    }
  });

  it('matches the known 3-point rule (nodes 0, ±√(3/5), weights 8/9, 5/9)', () => {
    const { nodes, weights } = gaussLegendre(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(0.6), 14);
    expect(nodes[1]).toBe(0);
    expect(weights[1]).toBeCloseTo(8 / 9, 14);
    expect(weights[2]).toBeCloseTo(5 / 9, 14);
  });

  it('gives weights summing to 1 for every rule, the trapezoid exactly', () => {
    for (const rule of QUADRATURE_RULES) {
      for (const steps of [2, 7, 50, 301]) {
        const { weights, alphas } = quadrature(rule, steps);
        expect(alphas).toHaveLength(steps);
        expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
    }
    const t = quadrature('riemann-trapezoid', 4);
    expect(t.alphas).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(t.weights).toEqual([1 / 6, 1 / 3, 1 / 3, 1 / 6]);
  });

  it('rejects steps < 1 (and < 2 for the trapezoid) with OptionError', () => {
    expect(() => quadrature('gauss-legendre', 0)).toThrow(OptionError);
    expect(() => quadrature('riemann-left', 1.5)).toThrow(OptionError);
    expect(() => quadrature('riemann-trapezoid', 1)).toThrow(OptionError);
  });
});
