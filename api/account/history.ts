import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema-identity.ts';
import { loginMethodLabel, securityEventLabels, securityEvents } from '../../domain/identity/account-security.ts';

export const historyPageSize = 50;

export interface SecurityEventView {
  at: string;
  event: string;
  label: string;
  ip: string | null;
  /** How the login was made (password and code, passkey, Pro Santé Connect), or the code's channel. */
  method: string | null;
}

/** The person's own security events, newest first, one page of 50. */
export async function securityHistory(
  db: Database,
  userId: string,
  page: number,
): Promise<{ items: SecurityEventView[]; page: number; pages: number; total: number }> {
  const mine = and(eq(auditLog.userId, userId), inArray(auditLog.event, securityEvents));
  const [totals] = await db.select({ total: count() }).from(auditLog).where(mine);
  const total = Number(totals?.total ?? 0);
  const rows = await db
    .select()
    .from(auditLog)
    .where(mine)
    .orderBy(desc(auditLog.seq))
    .limit(historyPageSize)
    .offset((page - 1) * historyPageSize);
  return {
    items: rows.map((row) => {
      const details = parseDetails(row.details);
      return {
        at: row.at.toISOString(),
        event: row.event,
        label: securityEventLabels[row.event as keyof typeof securityEventLabels] ?? row.event,
        ip: row.ip,
        method: loginMethodLabel(row.event, details) ?? null,
      };
    }),
    page,
    pages: Math.max(1, Math.ceil(total / historyPageSize)),
    total,
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
