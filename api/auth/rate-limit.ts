import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';

/**
 * Counts one attempt against `key` in a fixed window kept in PostgreSQL (shared by every process).
 * Over the limit: refuses with `auth.rate_limited` and the seconds to wait (`Retry-After`).
 */
export async function consumeRateLimit(db: Database, key: string, limit: number, windowSeconds: number) {
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
