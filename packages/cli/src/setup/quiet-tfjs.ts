// Imported first by the entry points: tfjs prints a "you are running TensorFlow.js in Node.js" banner
// on the first tensor write unless PROD is set, and some modules create tensors when they load. The
// CLI reports its backend itself.
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
