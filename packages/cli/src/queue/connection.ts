import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError } from '../exit-codes.js';
import { QueueConnectionError } from './errors.js';

/** Where a run's jobs and results live: a Redis URL and the key prefix every Loupe key starts with. */
export interface QueueAddress {
  /** `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). */
  url: string;
  /** Prefix of every key Loupe writes (default `loupe`); runs on different prefixes never meet. */
  prefix?: string;
}

/** Default key prefix. */
export const DEFAULT_PREFIX = 'loupe';

/** Name of the BullMQ queue (its keys are `<prefix>:jobs:*`). */
export const QUEUE_NAME = 'jobs';

/** Checks a `--queue` value: a redis:// or rediss:// URL with a host and, optionally, a port and a db. */
export function parseQueueUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--queue takes a Redis URL such as redis://127.0.0.1:6379/0; got '${text}'.`);
  }
  const db = url.pathname.replace(/^\//, '');
  if (!['redis:', 'rediss:'].includes(url.protocol) || !url.hostname || (db !== '' && !/^\d+$/.test(db))) {
    throw new UsageError(
      `--queue takes redis://host[:port][/db] (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0; got '${text}'.`,
    );
  }
  return text;
}

/** Reconnection delay after the n-th failed try: quick at first, at most 2 s. */
const reconnectDelay = (times: number) => Math.min(times * 100, 2000);

/**
 * Connection options for BullMQ: commands wait through a Redis restart instead of failing
 * (`maxRetriesPerRequest: null`, as BullMQ requires for workers), and reconnection is retried within
 * 2 s (BullMQ's own backoff grows past a job lock's renewal period, so locks could lapse).
 */
export function bullConnection(address: QueueAddress): {
  url: string;
  maxRetriesPerRequest: null;
  retryStrategy: (times: number) => number;
} {
  return { url: address.url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/**
 * Opens a Redis client for Loupe's own keys (run manifests, results). The first connection must
 * succeed within `timeoutMs`, so a wrong address fails fast with a QueueConnectionError; once
 * connected, the client reconnects for ever and holds commands until Redis is back.
 */
export async function openRedis(address: QueueAddress, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis(address.url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    retryStrategy: reconnectDelay,
  });
  const failures: string[] = [];
  const onError = (error: Error) => failures.push(error.message);
  redis.on('error', onError);
  const timer = setTimeout(() => redis.disconnect(), timeoutMs);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const why = failures.at(-1) ?? (error as Error).message;
    throw new QueueConnectionError(
      `Cannot reach Redis at ${address.url} (${why}). Start redis-server there, or fix --queue.`,
    );
  } finally {
    clearTimeout(timer);
  }
  redis.off('error', onError);
  // Later errors (a restart) are retried by the client; without a listener Node would print them.
  redis.on('error', () => {});
  return redis;
}

/** `<prefix>:<parts…>`. */
export function redisKey(address: QueueAddress, ...parts: string[]): string {
  return [address.prefix ?? DEFAULT_PREFIX, ...parts].join(':');
}

/** Opens a Redis client for Loupe's keys and the BullMQ queue (fails fast when Redis is unreachable). */
export async function openQueue(
  address: QueueAddress,
): Promise<{ redis: Redis; queue: Queue; close(): Promise<void> }> {
  const redis = await openRedis(address);
  const queue = new Queue(QUEUE_NAME, {
    connection: bullConnection(address),
    prefix: address.prefix ?? DEFAULT_PREFIX,
  });
  queue.on('error', () => {});
  return {
    redis,
    queue,
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
