import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu');
const init = (o: number) => tf.initializers.heNormal({ seed: o });
const m = tf.sequential({ layers: [
  tf.layers.conv2d({ inputShape: [32,32,1], filters: 8, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
  tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(3) }),
  tf.layers.globalMaxPooling2d({}),
  tf.layers.dense({ units: 10, activation: 'softmax' }),
]});
m.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
const x = tf.randomUniform([32,32,32,1]); const y = tf.oneHot(tf.randomUniform([32],0,10,'int32'),10);
for (let i=0;i<3;i++){ const t=Date.now(); await m.trainOnBatch(x,y); console.log('ms/batch32', Date.now()-t);}
const p = await tf.profile(async () => { await m.trainOnBatch(x,y); });
const agg: Record<string, number> = {};
for (const k of p.kernels) agg[k.name] = (agg[k.name] ?? 0) + (k.kernelTimeMs as number);
console.log(Object.entries(agg).sort((a,b)=>b[1]-a[1]).slice(0,8));
