"""Reference numbers for Guided IG (Kapishnikov et al. 2021) on a tiny hand-built MLP.

Run with /usr/bin/python3 (numpy only): writes guided-ig.json beside this script. The model is
x (6) -> dense(W1, b1) -> tanh -> dense(W2, b2) -> scores (2); class 0 is explained; gradients are exact
(analytic, float64). The path walk follows the paper's algorithm (PAIR's published description): per step,
pull lagging features up to alpha - max_dist, then move the `fraction` of features with the smallest
|gradient| (numpy's 'lower' quantile) toward alpha + max_dist until the L1 distance to the input reaches
its target for the step.
"""
import json
import math
import os

import numpy as np

W1 = np.array([[0.9, -0.4, 0.3, 0.7], [-0.6, 0.8, -0.2, 0.5], [0.25, 0.35, -0.9, -0.3],
               [0.5, -0.75, 0.6, 0.2], [-0.3, 0.1, 0.45, -0.85], [0.7, 0.55, -0.15, 0.4]])
B1 = np.array([0.1, -0.2, 0.05, 0.3])
W2 = np.array([[1.2, -0.7], [-0.9, 0.6], [0.8, 0.3], [-1.1, 0.9]])
B2 = np.array([0.2, -0.1])
X = np.array([0.8, -0.55, 0.35, 0.95, -0.2, 0.6])
BASELINE = np.array([0.1, 0.2, -0.3, 0.0, 0.4, -0.1])
CLASS = 0


def score(x):
    return (np.tanh(x @ W1 + B1) @ W2 + B2)[CLASS]


def gradient(x):
    h = np.tanh(x @ W1 + B1)
    return W1 @ ((1 - h * h) * W2[:, CLASS])


def guided_ig(x_in, x_base, steps, fraction, max_dist):
    x = x_base.copy()
    diff = x_in - x_base
    l1_total = np.abs(diff).sum()
    attr = np.zeros_like(x)
    for step in range(steps):
        g = gradient(x)
        alpha = (step + 1) / steps
        lo, hi = max(alpha - max_dist, 0.0), min(alpha + max_dist, 1.0)
        x_lo, x_hi = x_base + diff * lo, x_base + diff * hi
        l1_target = l1_total * (1 - alpha)
        while True:
            before = x.copy()
            with np.errstate(divide='ignore', invalid='ignore'):
                at = np.where(diff != 0, (x - x_base) / diff, hi)
            x = np.where(at < lo, x_lo, x)
            l1_now = np.abs(x - x_in).sum()
            if math.isclose(l1_target, l1_now, rel_tol=1e-9, abs_tol=1e-9) or l1_now < l1_target:
                attr += (x - before) * g
                break
            ranked = np.where(x == x_hi, np.inf, np.abs(g))
            threshold = np.sort(ranked)[int(math.floor(fraction * (len(ranked) - 1)))]
            chosen = (ranked <= threshold) & np.isfinite(ranked)
            l1_chosen = (np.abs(x - x_hi) * chosen).sum()
            gamma = (l1_now - l1_target) / l1_chosen if l1_chosen > 0 else np.inf
            moved = x_hi if gamma > 1 else x + (x_hi - x) * gamma
            x = np.where(chosen, moved, x)
            attr += (x - before) * g
            if gamma <= 1 or l1_chosen == 0:
                break
    return attr


CASES = [
    {'steps': 20, 'fraction': 0.25, 'maxDist': 0.02},
    {'steps': 16, 'fraction': 0.5, 'maxDist': 0.1},
    {'steps': 10, 'fraction': 0.25, 'maxDist': 1.0},
]

out = {
    'script': 'guided-ig.py',
    'W1': W1.tolist(), 'b1': B1.tolist(), 'W2': W2.tolist(), 'b2': B2.tolist(),
    'x': X.tolist(), 'baseline': BASELINE.tolist(), 'class': CLASS,
    'fx': float(score(X)), 'fBaseline': float(score(BASELINE)),
    'cases': [],
}
for case in CASES:
    attr = guided_ig(X, BASELINE, case['steps'], case['fraction'], case['maxDist'])
    out['cases'].append({**case, 'attribution': attr.tolist(), 'sum': float(attr.sum())})
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'guided-ig.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
for case in out['cases']:
    print(case['steps'], case['fraction'], case['maxDist'], case['sum'], out['fx'] - out['fBaseline'])
