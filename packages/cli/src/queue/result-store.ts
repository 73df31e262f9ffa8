import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { type QueueAddress, redisKey } from './connection.js';

/** Where results are kept: in Redis (default), or as files in a folder every machine mounts. */
export type StoreSpec = { kind: 'redis' } | { kind: 'directory'; path: string };

/** Largest result Redis holds (bytes); bigger ones need a shared results folder. */
export const MAX_REDIS_RESULT_BYTES = 32 * 1024 * 1024;

// Keys per Redis round trip: large enough to amortise latency, small enough to bound reply sizes.
const ROUND_TRIP = 1000;

/** Content-keyed result bytes. Writing a key twice with the same bytes is harmless (idempotent). */
export interface ResultStore {
  /** Writes every entry; resolves once all of them are durable. */
  put(entries: readonly { key: string; bytes: Uint8Array }[]): Promise<void>;
  /** The bytes under each key (null where missing). */
  get(keys: readonly string[]): Promise<(Uint8Array | null)[]>;
  /** Whether each key has a result. */
  has(keys: readonly string[]): Promise<boolean[]>;
  /** Removes the keys' results. */
  remove(keys: readonly string[]): Promise<void>;
}

class RedisStore implements ResultStore {
  constructor(
    private readonly redis: Redis,
    private readonly address: QueueAddress,
  ) {}
  private key(k: string): string {
    return redisKey(this.address, 'result', k);
  }
  async put(entries: readonly { key: string; bytes: Uint8Array }[]): Promise<void> {
    for (const { key, bytes } of entries) {
      if (bytes.byteLength > MAX_REDIS_RESULT_BYTES) {
        throw new Error(
          `A result of ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB is over the ${MAX_REDIS_RESULT_BYTES / 2 ** 20} MiB Redis holds per result (key ${key}); enqueue with --results-dir on storage every machine shares.`,
        );
      }
    }
    // One transaction: the results of a job appear together or not at all.
    const multi = this.redis.multi();
    for (const { key, bytes } of entries) multi.set(this.key(key), Buffer.from(bytes));
    await multi.exec();
  }
  async get(keys: readonly string[]): Promise<(Uint8Array | null)[]> {
    const out: (Uint8Array | null)[] = [];
    for (let at = 0; at < keys.length; at += ROUND_TRIP)
      out.push(...(await this.redis.mgetBuffer(...keys.slice(at, at + ROUND_TRIP).map((k) => this.key(k)))));
    return out;
  }
  async has(keys: readonly string[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (let at = 0; at < keys.length; at += ROUND_TRIP) {
      const pipeline = this.redis.pipeline();
      for (const k of keys.slice(at, at + ROUND_TRIP)) pipeline.exists(this.key(k));
      const replies = (await pipeline.exec()) ?? [];
      out.push(...replies.map(([error, count]) => !error && count === 1));
    }
    return out;
  }
  async remove(keys: readonly string[]): Promise<void> {
    for (let at = 0; at < keys.length; at += ROUND_TRIP)
      await this.redis.del(...keys.slice(at, at + ROUND_TRIP).map((k) => this.key(k)));
  }
}

class DirectoryStore implements ResultStore {
  constructor(private readonly root: string) {}
  private path(key: string): string {
    return join(this.root, key.slice(0, 2), `${key}.bin`);
  }
  async put(entries: readonly { key: string; bytes: Uint8Array }[]): Promise<void> {
    for (const { key, bytes } of entries) {
      const path = this.path(key);
      await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      // Synced before the rename and before the job is acknowledged: a power cut cannot leave a
      // job marked done with its result missing or half-written.
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path).catch(async (error) => {
        await rm(temp, { force: true });
        throw error;
      });
    }
  }
  get(keys: readonly string[]): Promise<(Uint8Array | null)[]> {
    return Promise.all(keys.map((k) => readFile(this.path(k)).catch(() => null)));
  }
  has(keys: readonly string[]): Promise<boolean[]> {
    return Promise.all(
      keys.map((k) =>
        access(this.path(k)).then(
          () => true,
          () => false,
        ),
      ),
    );
  }
  async remove(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.path(k), { force: true })));
  }
}

/** The store a run's manifest names. */
export function openResultStore(spec: StoreSpec, redis: Redis, address: QueueAddress): ResultStore {
  return spec.kind === 'redis' ? new RedisStore(redis, address) : new DirectoryStore(spec.path);
}
