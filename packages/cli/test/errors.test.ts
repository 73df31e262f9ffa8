import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir, writeDigits } from './helpers/run-cli.js';

describe('bad input: exit 2 for usage, 1 for failures, with a message that says what to do', () => {
  let digits: string;
  let out: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    digits = await tempDir();
    out = await tempDir();
    await writeDigits(digits, [5]);
  });

  const explain = (...extra: string[]) =>
    runCli('explain', 'mnist', digits, '-o', out, '--workers', '1', ...extra);

  it.each([
    [['-m', 'salience'], /Unknown method "salience"\. Did you mean "saliency"\? Registered: .*saliency/],
    [
      ['-m', 'integrated-gradients', '--opt', 'stepz=4'],
      /Unknown option 'stepz' .*integrated-gradients takes .*steps \(number\)/,
    ],
    [['-m', 'integrated-gradients', '--opt', 'steps=0'], /Option "steps" must be ≥ 1; got 0/],
    [['-m', 'integrated-gradients', '--opt', 'steps'], /--opt takes key=value/],
    [['-m', 'saliency', '--format', 'gif'], /--format takes png, json, npy/],
    [['-m', 'saliency', '--target', 'seven'], /--target takes a class index/],
    [['-m', 'saliency', '--target', '12'], /out of range|12/],
    [['-m', 'saliency', '--workers', '0'], /--workers takes a whole number ≥ 1/],
    [['-m', 'saliency', '--backend', 'cuda'], /--backend must be auto or a backend `loupe backends` lists/],
    [['-m', 'saliency', '--size', 'big'], /--size takes HEIGHTxWIDTH/],
  ])('explain %j → exit 2', async (extra, message) => {
    const run = await explain(...extra);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an unknown flag or a missing argument is a usage error (commander)', async () => {
    const flag = await explain('-m', 'saliency', '--colour', 'red');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--colour'/);
    const missing = await runCli('explain', 'mnist', digits);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '-m, --method <ids>' not specified/);
    const command = await runCli('explian');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command 'explian'/);
  });

  it('a model path that does not exist or is not a model fails with exit 1', async () => {
    const missing = await runCli('explain', join(digits, 'nope.json'), digits, '-m', 'saliency', '-o', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Model not found: .*nope\.json\. Pass a tfjs model\.json/);
    const notModel = join(digits, 'model.json');
    await writeFile(notModel, '{"hello": 1}');
    const bad = await runCli('explain', notModel, digits, '-m', 'saliency', '-o', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/has no "modelTopology"/);
  });

  it('an unreadable image or a missing path fails with exit 1 and writes nothing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'broken.png'), 'not a png at all');
    const target = await tempDir();
    const broken = await runCli(
      'explain',
      'mnist',
      join(dir, 'broken.png'),
      '-m',
      'saliency',
      '-o',
      target,
      '--workers',
      '1',
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Cannot decode .*broken\.png: it is neither PNG nor JPEG/);
    expect(await listFiles(target)).toEqual([]);
    const missing = await runCli('explain', 'mnist', join(dir, 'gone.png'), '-m', 'saliency', '-o', target);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Image path not found: .*gone\.png/);
  });

  it('evaluate rejects unknown metrics, a bad report name and a bad data set', async () => {
    const base = ['evaluate', 'mnist', '-m', 'saliency', '--workers', '1'];
    const metric = await runCli(
      ...base,
      '--data',
      'mnist-samples:2',
      '--metrics',
      'accuracy',
      '-o',
      join(out, 'r.md'),
    );
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/Unknown metric "accuracy"\. Registered: deletion, insertion/);
    const report = await runCli(
      ...base,
      '--data',
      'mnist-samples:2',
      '--metrics',
      'deletion',
      '-o',
      join(out, 'r.pdf'),
    );
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/--out names the report: a \.md or \.html file/);
    const data = await runCli(
      ...base,
      '--data',
      'mnist-samples:5000',
      '--metrics',
      'deletion',
      '-o',
      join(out, 'r.md'),
    );
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/mnist-samples:N with N from 1 to 1000/);
    const metricOpt = await runCli(
      ...base,
      '--data',
      'mnist-samples:2',
      '--metrics',
      'deletion',
      '--metric-opt',
      'fill=purple',
      '-o',
      join(out, 'r.md'),
    );
    expect(metricOpt.code).toBe(2);
    expect(metricOpt.stderr).toMatch(
      /Option "fill" must be one of 'zero', 'mean', 'blur', 'uniform'; got 'purple'/,
    );
  });

  it('visualize needs exactly one objective and a known layer', async () => {
    const none = await runCli('visualize', 'mnist', '-o', out);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Give either --class N\[,N…\] or --channel LAYER:INDEX/);
    const layer = await runCli('visualize', 'mnist', '--channel', 'conv9:0', '--steps', '2', '-o', out);
    expect(layer.code).toBe(2);
    expect(layer.stderr).toMatch(/Unknown layer "conv9"\. .*conv2/);
  });
});
