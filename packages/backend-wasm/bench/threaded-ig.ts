// Child process of all-cores.ts: one warm-up and one timed IG-50 run on tfjs-wasm's threaded build with
// `threads` XNNPACK threads. Prints one JSON line: { ms, threads (as the backend reports them), cpuMs }.
import * as tf from '@tensorflow/tfjs';
import { igFixture, timeIg } from './ig-fixture.js';
import { useThreadedWasm } from './threaded-wasm.js';

tf.env().set('PROD', true);
const [digits, threads] = process.argv.slice(2).map(Number);
const reported = await useThreadedWasm(threads);
const fixture = await igFixture(digits);
await timeIg(fixture);
const cpu = process.cpuUsage();
const ms = await timeIg(fixture);
const { user, system } = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms, threads: reported, cpuMs: (user + system) / 1000 }));
fixture.dispose();
process.exit(0);
