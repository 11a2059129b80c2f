import { isIPv4, isIPv6 } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';

/**
 * Counts one attempt against `key` in a fixed window kept in PostgreSQL (shared by every process).
 * Over the limit: refuses with `auth.rate_limited` and the seconds to wait (`Retry-After`).
 */
export async function consumeRateLimit(db: Queryable, key: string, limit: number, windowSeconds: number) {
  const rows = await db.execute<{ count: number; remaining: number }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start > now() - make_interval(secs => ${windowSeconds})
        then rate_limits.count + 1 else 1 end,
      window_start = case when rate_limits.window_start > now() - make_interval(secs => ${windowSeconds})
        then rate_limits.window_start else now() end
    returning count,
      extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now()))::float8 as remaining`);
  const row = rows[0];
  if (row && Number(row.count) > limit) {
    throw rateLimited(Math.max(1, Math.ceil(Number(row.remaining))));
  }
}

export function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    'auth.rate_limited',
    retryAfterSeconds < 90
      ? `Trop de tentatives. Réessayez dans ${retryAfterSeconds} secondes.`
      : `Trop de tentatives. Réessayez dans ${minutes} minutes.`,
    { retryAfterSeconds },
  );
}

/** Growing delays after failures: `free` failures cost nothing, then each one doubles the wait. */
export interface FailureDelay {
  free: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Failures older than this (counted from the last one) are forgotten. */
  forgetAfterSeconds: number;
}

/** The wait due after `failures` failures (0 while they are free). */
export function delayAfter(failures: number, settings: FailureDelay): number {
  if (failures <= settings.free) return 0;
  return Math.min(settings.maxDelaySeconds, settings.firstDelaySeconds * 2 ** (failures - settings.free - 1));
}

/**
 * Refuses with `auth.rate_limited` while the delay earned by the failures under `key` runs. The row
 * is `rate_limits` again: `window_start` holds the last failure, `count` the failures since.
 */
export async function checkFailureDelay(db: Queryable, key: string, settings: FailureDelay): Promise<void> {
  const rows = await db.execute<{ count: number; since: number }>(sql`
    select count, extract(epoch from (now() - window_start))::float8 as since
    from rate_limits where key = ${key}`);
  const row = rows[0];
  if (!row || Number(row.since) > settings.forgetAfterSeconds) return;
  const remaining = delayAfter(Number(row.count), settings) - Number(row.since);
  if (remaining > 0) throw rateLimited(Math.max(1, Math.ceil(remaining)));
}

export async function recordFailure(db: Queryable, key: string, settings: FailureDelay): Promise<void> {
  await db.execute(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start > now() - make_interval(secs => ${settings.forgetAfterSeconds})
        then rate_limits.count + 1 else 1 end,
      window_start = now()`);
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

/**
 * What a per-address limit counts: an IPv4 address, or the /64 of an IPv6 one (one subscriber's
 * network gets a whole /64: counting single addresses would let it rotate through billions).
 */
export function addressRange(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
