import { asc, desc, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from '../../db/client.ts';
import { auditLog } from '../../db/schema-identity.ts';
import { hashToken } from './tokens.ts';

export type AuditEvent =
  | 'login.success'
  | 'login.failure'
  | 'code.sent'
  | 'code.failed'
  | 'cgu.accepted'
  | 'logout'
  | 'password.changed'
  | 'password.reset_requested'
  | 'password.reset'
  | 'email.verified'
  | 'invitation.sent'
  | 'invitation.accepted'
  | 'invitation.withdrawn'
  | 'doctor.proposed'
  | 'doctor.confirmed'
  | 'account.created'
  | 'account.signup_existing'
  | 'psc.enrolment_started'
  | 'dossier.read'
  | 'session.revoked'
  | 'phone.code_sent'
  | 'phone.verified'
  | 'phone.removed'
  | 'code_channel.changed'
  | 'passkey.added'
  | 'passkey.removed'
  | 'temporal.payloads_decoded'
  | 'person.exported'
  | 'person.erased'
  | 'coordination.reminded'
  | 'coordination.note_added'
  | 'coordination.escalated'
  | 'coordination.facilities_suggested'
  | 'coordination.taken_in_charge';

type AuditRow = typeof auditLog.$inferSelect;

/** The hash before the first row. */
export const auditGenesis = '0'.repeat(64);

/** A row's hash: over the previous row's hash and every field of the row, as stored. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return hashToken(
    JSON.stringify([row.prevHash, row.seq, row.at.toISOString(), row.event, row.userId, row.ip, row.details]),
  );
}

/**
 * Appends one event at the end of the chain, in the transaction of the state change it records
 * (documenso's cancel-document): both commit, or neither. One writer at a time: the chain's lock is
 * transaction-scoped, so it is held until that transaction ends; take it last, after the row locks.
 * Only an event that changes nothing (a failed login, a read) is given the database: it then
 * commits alone.
 */
export async function appendAudit(
  executor: Database | Transaction,
  entry: { event: AuditEvent; userId?: string | null; ip?: string | null; details?: Record<string, string> },
): Promise<void> {
  if (!(executor instanceof PgTransaction)) {
    await executor.transaction((tx) => appendAudit(tx, entry));
    return;
  }
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext('parcours.audit_log'))`);
  const [last] = await executor
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    event: entry.event,
    userId: entry.userId ?? null,
    ip: entry.ip ?? null,
    details: JSON.stringify(entry.details ?? {}),
    prevHash: last?.hash ?? auditGenesis,
  };
  await executor.insert(auditLog).values({ ...row, hash: auditHash(row) });
}

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the whole chain: a missing, inserted or edited row breaks it at that row. */
export async function verifyAuditChain(db: Database, batchSize = 1000): Promise<AuditVerification> {
  let previousHash = auditGenesis;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, count, brokenAt: expectedSeq, reason: `ligne ${expectedSeq} manquante` };
      }
      if (row.prevHash !== previousHash) {
        return { ok: false, count, brokenAt: row.seq, reason: 'chaînage rompu (hash précédent différent)' };
      }
      if (auditHash(row) !== row.hash) {
        return { ok: false, count, brokenAt: row.seq, reason: 'contenu modifié (hash de la ligne différent)' };
      }
      previousHash = row.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < batchSize) return { ok: true, count };
  }
}

/** Who read which part of which case's dossier (health data): one journal row per read. */
export function recordDossierRead(
  db: Database,
  read: {
    reader: Reader;
    caseKind: 'referral' | 'pco';
    caseId: string;
    parts: readonly string[];
    version?: number | undefined;
    /** How it was read, when not on a page or through the API: `pdf` for a printed dossier. */
    format?: 'pdf' | undefined;
  },
): Promise<void> {
  return appendAudit(db, {
    event: 'dossier.read',
    userId: read.reader.userId,
    ip: read.reader.ip,
    details: {
      caseKind: read.caseKind,
      caseId: read.caseId,
      parts: read.parts.join(','),
      ...(read.version !== undefined ? { version: String(read.version) } : {}),
      ...(read.format !== undefined ? { format: read.format } : {}),
    },
  });
}

/** The person reading, and from where (`clientIp` of the request). */
export interface Reader {
  userId: string;
  ip: string | null;
}
