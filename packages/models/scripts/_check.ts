import * as tf from '@tensorflow/tfjs';
import { trainCnn } from '../../eval/src/training/cnn-trainer.js';
await tf.setBackend('cpu');
// gradient check via tiny problem: learns? and tf model agrees with JS forward?
const arch = { name: 'm', inputShape: [8, 8, 1] as [number, number, number], layers: [
  { kind: 'conv', name: 'c1', filters: 4 }, { kind: 'pool', name: 'p1' }, { kind: 'conv', name: 'c2', filters: 4 },
  { kind: 'global-max', name: 'g' }, { kind: 'dense', name: 'd', units: 2, activation: 'softmax' }] as const };
const n = 200; const x = new Float32Array(n*64); const labels: number[] = [];
for (let i=0;i<n;i++){ const lab = i%2; labels.push(lab); for (let p=0;p<64;p++) x[i*64+p]=Math.random()*0.3; const r=Math.floor(Math.random()*6), c=Math.floor(Math.random()*6); if(lab) for(let d=0;d<3;d++) x[i*64+(r+d)*8+c+1]=1; else for(let d=0;d<3;d++) x[i*64+(r+1)*8+c+d]=1; }
const t=Date.now();
const m = await trainCnn(arch as never, { x, labels, count: n }, { seed: 1, epochs: 20, learningRate: 1e-2 });
console.log('ms', Date.now()-t);
const pred = (m.predict(tf.tensor4d(x,[n,8,8,1])) as tf.Tensor).argMax(-1).dataSync();
let ok=0; for (let i=0;i<n;i++) if (pred[i]===labels[i]) ok++; console.log('acc', ok/n);
