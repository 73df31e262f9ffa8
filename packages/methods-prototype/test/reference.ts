// An independent, deliberately naive transcription of the MMD-critic greedy formulas (dense kernel,
// explicit matrix inverse for log-det, like the authors' numpy code) that the package is checked against.

/** Deterministic data: `clusters` Gaussian blobs, plain LCG so it shares nothing with src/random.ts. */
export function blobs(n: number, d: number, seed: number, spread = 1): number[][] {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, k) => (k === 0 ? (i % 3) * 3 * spread : 0) + normal()),
  );
}

export function denseKernel(x: number[][], gamma: number): number[][] {
  return x.map((a) =>
    x.map((b) => {
      let s = 0;
      for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
      return Math.exp(-gamma * s);
    }),
  );
}

export function medianGamma(x: number[][]): number {
  const dists: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      let s = 0;
      for (let k = 0; k < x[i].length; k++) s += (x[i][k] - x[j][k]) ** 2;
      dists.push(Math.sqrt(s));
    }
  }
  dists.sort((a, b) => a - b);
  const h = dists.length >> 1;
  const med = dists.length % 2 ? dists[h] : (dists[h - 1] + dists[h]) / 2;
  return 1 / (2 * med * med);
}

function argmaxFirst(candidates: number[], score: (j: number) => number): number {
  let best = candidates[0];
  for (const j of candidates) if (score(j) > score(best)) best = j;
  return best;
}

function inverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const pivot = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row) => row.slice(n));
}

export function referenceMmdCritic(
  K: number[][],
  m: number,
  k: number,
  reg: 'logdet' | 'none',
): { prototypes: number[]; criticisms: number[] } {
  const n = K.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const colsum = all.map((j) => all.reduce((s, i) => s + K[i][j], 0));
  const protos: number[] = [];
  for (let t = 0; t < m; t++) {
    const cand = all.filter((j) => !protos.includes(j));
    const score = (j: number) =>
      (2 / n) * colsum[j] - (2 * protos.reduce((s, p) => s + K[p][j], 0) + K[j][j]) / (t + 1);
    protos.push(argmaxFirst(cand, score));
  }
  const w = all.map((j) => Math.abs(colsum[j] / n - protos.reduce((s, p) => s + K[p][j], 0) / protos.length));
  const crit: number[] = [];
  for (let t = 0; t < k; t++) {
    const cand = all.filter((j) => !protos.includes(j) && !crit.includes(j));
    let score = (j: number) => w[j];
    if (reg === 'logdet') {
      if (t === 0) score = (j) => w[j] - Math.log(Math.abs(K[j][j]));
      else {
        const inv = inverse(crit.map((a) => crit.map((b) => K[a][b])));
        score = (j) => {
          const kj = crit.map((c) => K[c][j]);
          let quad = 0;
          for (let a = 0; a < crit.length; a++)
            for (let b = 0; b < crit.length; b++) quad += kj[a] * inv[a][b] * kj[b];
          return w[j] + Math.log(Math.abs(K[j][j] - quad));
        };
      }
    }
    crit.push(argmaxFirst(cand, score));
  }
  return { prototypes: protos, criticisms: crit };
}
