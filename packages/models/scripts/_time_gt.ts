import * as tf from '@tensorflow/tfjs';
console.log("start");
await tf.setBackend('cpu');
const init = (o: number) => tf.initializers.heNormal({ seed: o });
const m = tf.sequential({ layers: [
  tf.layers.conv2d({ inputShape: [48,48,1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(3) }),
  tf.layers.globalMaxPooling2d({}),
  tf.layers.dense({ units: 10, activation: 'softmax' }),
]});
m.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
const x = tf.randomUniform([64,48,48,1]); const y = tf.oneHot(tf.randomUniform([64],0,10,'int32'),10);
console.log("built"); await m.trainOnBatch(x,y); console.log("first");
const t=Date.now(); for (let i=0;i<5;i++) await m.trainOnBatch(x,y); console.log('ms/batch64', (Date.now()-t)/5);
