import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu');
const x = tf.randomNormal([64,28,28,1]);
const w1 = tf.variable(tf.randomNormal([3,3,1,16]));
const w2 = tf.variable(tf.randomNormal([3,3,16,32]));
function time(name, f){ const t=Date.now(); const r=f(); tf.dispose(r); console.log(name, Date.now()-t, 'ms'); }
time('conv1 fwd', ()=>tf.conv2d(x,w1,1,'same'));
const h = tf.relu(tf.conv2d(x,w1,1,'same'));
const p = tf.maxPool(h,2,2,'valid');
time('pool fwd', ()=>tf.maxPool(h,2,2,'valid'));
time('conv2 fwd', ()=>tf.conv2d(p,w2,1,'same'));
const dy = tf.randomNormal([64,14,14,32]);
time('conv2 backfilter', ()=>tf.grad(w=>tf.conv2d(p,w,1,'same').mul(dy).sum())(w2));
time('conv2 backinput', ()=>tf.grad(q=>tf.conv2d(q,w2,1,'same').mul(dy).sum())(p));
time('pool grad', ()=>tf.grad(q=>tf.maxPool(q,2,2,'valid').sum())(h));
const dy1 = tf.randomNormal([64,28,28,16]);
time('conv1 backfilter', ()=>tf.grad(w=>tf.conv2d(x,w,1,'same').mul(dy1).sum())(w1));
