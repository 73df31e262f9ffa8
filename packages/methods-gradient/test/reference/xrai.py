"""Reference numbers for XRAI (Kapishnikov et al. 2019) segmentation and region ranking.

Run with /usr/bin/python3 (numpy and Debian's python3-skimage 0.19): writes xrai.json beside this script.
- Felzenszwalb segmentations by skimage.segmentation.felzenszwalb of a seeded 18x22 RGB image at two scales
  (sigma 0.8, min_size 4), and of its first channel as a grey image;
- those segments as masks dilated by skimage.morphology.disk(2);
- the greedy region ranking ('full') and the overlap-blind one ('fast') of a seeded attribution over those
  masks with min_pixel_diff 5, following the paper's algorithm (PAIR's published description): repeatedly
  add the mask whose pixels not yet covered have the highest mean attribution; each added region's pixels
  get that mean; uncovered pixels get their own mean; ranks count from 1 (most important).
"""
import json
import os

import numpy as np
from skimage.morphology import dilation, disk
from skimage.segmentation import felzenszwalb

rng = np.random.default_rng(7)
H, W = 18, 22
yy, xx = np.mgrid[0:H, 0:W]
image = np.stack([
    (xx > 9) * 0.6 + 0.1 * rng.random((H, W)),
    ((yy - 8) ** 2 + (xx - 6) ** 2 < 20) * 0.8 + 0.1 * rng.random((H, W)),
    0.3 + 0.05 * rng.random((H, W)),
], axis=-1)
SCALES = [5, 1000]
segmentations = [felzenszwalb(image, scale=s, sigma=0.8, min_size=4) for s in SCALES]
grey = felzenszwalb(image[:, :, 0], scale=40, sigma=0.8, min_size=4)
masks = [seg == label for seg in segmentations for label in range(seg.min(), seg.max() + 1)]
dilated = [dilation(m, disk(2)) for m in masks]
attr = rng.normal(size=(H, W)) + 2.0 * (image[:, :, 1] > 0.5)
MIN_DIFF = 5


def density(mask, base=None):
    chosen = mask if base is None else mask & ~base
    return -np.inf if not chosen.any() else attr[chosen].mean()


def rank_full(masks, area_threshold=1.0):
    out = np.full(attr.shape, -np.inf)
    covered = np.zeros(attr.shape, bool)
    trace = []
    remaining = dict(enumerate(masks))
    while covered.mean() <= area_threshold:
        best, best_key = -np.inf, None
        for key in list(remaining):
            m = remaining[key]
            if (m & ~covered).sum() < MIN_DIFF:
                del remaining[key]
                continue
            g = density(m, covered)
            if g > best:
                best, best_key = g, key
        if not remaining:
            break
        added = remaining.pop(best_key)
        diff = added & ~covered
        trace.append((diff, best))
        covered |= added
        out[diff] = best
    return finish(out, trace)


def rank_fast(masks):
    out = np.full(attr.shape, -np.inf)
    covered = np.zeros(attr.shape, bool)
    trace = []
    gains = [density(m) for m in masks]
    for i in sorted(range(len(masks)), key=lambda i: -gains[i]):
        diff = masks[i] & ~covered
        if diff.sum() < MIN_DIFF:
            continue
        g = density(diff)
        trace.append((diff, g))
        out[diff] = g
        covered |= masks[i]
    return finish(out, trace)


def finish(out, trace):
    rest = out == -np.inf
    out[rest] = density(rest)
    order = [m for m, _ in sorted(trace, key=lambda t: -t[1])]
    if rest.any():
        order.append(rest)
    ranks = np.zeros(attr.shape, int)
    for i, m in enumerate(order):
        ranks[m] = i + 1
    return out, ranks


full_map, full_ranks = rank_full(dilated)
half_map, half_ranks = rank_full(dilated, area_threshold=0.5)
fast_map, fast_ranks = rank_fast(dilated)
flat = lambda a: np.asarray(a).ravel().tolist()
out = {
    'script': 'xrai.py',
    'height': H, 'width': W, 'image': flat(image), 'scales': SCALES, 'sigma': 0.8, 'minSize': 4,
    'segmentations': [flat(s) for s in segmentations], 'greySegmentation': flat(grey),
    'dilationRadius': 2, 'dilated': [flat(m.astype(int)) for m in dilated],
    'attribution': flat(attr), 'minPixelDiff': MIN_DIFF,
    'full': {'map': flat(full_map), 'ranks': flat(full_ranks)},
    'fullHalfArea': {'map': flat(half_map), 'ranks': flat(half_ranks)},
    'fast': {'map': flat(fast_map), 'ranks': flat(fast_ranks)},
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'xrai.json'), 'w') as f:
    json.dump(out, f, separators=(',', ':'))
    f.write('\n')
print([int(s.max()) + 1 for s in segmentations], int(grey.max()) + 1, len(masks), int(full_ranks.max()), int(fast_ranks.max()))
