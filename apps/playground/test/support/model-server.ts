import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

const CNN = fileURLToPath(new URL('../../../../packages/models/assets/mnist-cnn/', import.meta.url));

/** Class names the served labels file gives, so the page can be checked to show them. */
export const SERVED_LABELS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A file the host serves: its bytes and content type. */
export interface ServedFile {
  body: Buffer | string;
  type: string;
}

/**
 * A model host on another origin (with CORS, as a CDN would be): `/cnn/model.json` + its weights (the
 * MNIST CNN's files, loaded by URL as "your own" model), `/labels.json`, and a model.json whose weights
 * file is missing (`/broken/model.json`), plus `extra` files by path (e.g. a text model a test trained).
 * Anything else answers 404.
 */
export async function startModelServer(
  extra: Record<string, ServedFile> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, ServedFile> = {
    ...extra,
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
