import { it } from 'vitest';
import { mmdCritic } from '../src/index.js';
import { blobs } from './reference.js';
it('x', async () => {
  const grid: number[][] = []; for (let a=0;a<7;a++) for (let b=0;b<7;b++) grid.push([a,b]);
  console.log((await mmdCritic(grid, { prototypes: 8, criticisms: 0 })).mmd2);
  console.log((await mmdCritic(blobs(45,3,7,2), { prototypes: 8, criticisms: 0 })).mmd2);
  console.log((await mmdCritic(blobs(60,2,3,0.5), { prototypes: 8, criticisms: 0 })).mmd2);
});
