import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, inject } from 'vitest';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema-identity.ts';
import { appendAudit, verifyAuditChain } from '../../services/identity/audit.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

function runVerifyCommand() {
  return spawnSync('npx', ['tsx', 'bin/audit-verify.ts'], {
    env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    encoding: 'utf8',
  });
}

/** Edits a row as a superuser who switches triggers off (`session_replication_role = replica`). */
async function rewrite(db: Database, seq: number, event: string) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.update(auditLog).set({ event }).where(eq(auditLog.seq, seq));
  });
}

describe('security journal', () => {
  it('chains each event to the previous one; the chain verifies, an edited row is detected, then restored', async ({
    db,
  }) => {
    const marker = randomUUID();
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        appendAudit(db, {
          event: 'login.failure',
          ip: '192.0.2.1',
          details: { marker, index: String(index) },
        }),
      ),
    );
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.details} like ${`%${marker}%`}`)
      .orderBy(auditLog.seq);
    expect(rows).toHaveLength(8);
    const good = await verifyAuditChain(db);
    expect(good.ok).toBe(true);

    const target = rows[3];
    if (!target) throw new Error('row');
    // The table refuses changes: an ordinary update or delete fails.
    await expect(
      db.update(auditLog).set({ event: 'login.success' }).where(eq(auditLog.seq, target.seq)),
    ).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.seq, target.seq))).rejects.toThrow();
    // Someone with superuser access bypasses the trigger and rewrites an event: detected.
    await rewrite(db, target.seq, 'login.success');
    try {
      const broken = await verifyAuditChain(db);
      expect(broken).toMatchObject({ ok: false, brokenAt: target.seq });
      const command = runVerifyCommand();
      expect(command.status).toBe(1);
      expect(command.stderr).toContain(`événement n° ${target.seq}`);
    } finally {
      await rewrite(db, target.seq, target.event);
    }
    const command = runVerifyCommand();
    expect(command.status).toBe(0);
    expect(command.stdout).toMatch(/Journal de sécurité intègre/);
  }, 90_000);

  it('records a failed login through the API, with its address and reason', async ({ platform, db }) => {
    const before = await db.select({ n: sql<number>`max(${auditLog.seq})` }).from(auditLog);
    const email = `nobody-${randomUUID()}@audit.test`;
    const response = await platform.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ identifier: email, password: 'whatever' }),
    });
    expect(response.status).toBe(401);
    const [row] = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${before[0]?.n ?? 0} and ${auditLog.ip} = '198.51.100.7'`);
    expect(row).toMatchObject({ event: 'login.failure', userId: null });
    expect(JSON.parse(row?.details ?? '{}')).toEqual({ reason: 'unknown_identifier' });
  });

  it('records every read of a dossier: who, which case, which part, from where', async ({
    platform,
    db,
    sessions,
    createReferralCase,
  }) => {
    const { created } = await createReferralCase({
      facilities: ['berthet'],
      patient: { lastName: 'Journal', firstName: 'Lecture', birthDate: '1936-03-02', sex: 'female' },
      send: true,
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const readsOf = async () =>
      (
        await db
          .select()
          .from(auditLog)
          .where(sql`${auditLog.event} = 'dossier.read' and ${auditLog.details} like ${`%${caseId}%`}`)
          .orderBy(auditLog.seq)
      ).map((row) => ({ userId: row.userId, ...JSON.parse(row.details) }));
    expect(await readsOf()).toEqual([]);

    expect((await platform.api('GET', `/api/referrals/${caseId}/dossier`, { as: demo.physician })).status).toBe(200);
    expect((await platform.api('GET', `/api/referrals/${caseId}/dossier`, { as: demo.berthetMember })).status).toBe(
      200,
    );
    const page = await platform.app.request(`/demandes/${caseId}/dossier`, {
      headers: { cookie: await sessions.cookieOf(demo.berthetDoctor) },
    });
    expect(page.status).toBe(200);
    // A stranger reads nothing, and nothing is recorded for them.
    expect((await platform.api('GET', `/api/referrals/${caseId}/dossier`, { as: demo.otherPhysician })).status).toBe(
      404,
    );

    expect(await readsOf()).toEqual([
      { userId: demo.physician, caseKind: 'referral', caseId, parts: 'administrative,autonomy,medical', version: '1' },
      { userId: demo.berthetMember, caseKind: 'referral', caseId, parts: 'administrative,autonomy', version: '1' },
      {
        userId: demo.berthetDoctor,
        caseKind: 'referral',
        caseId,
        parts: 'administrative,autonomy,medical',
        version: '1',
      },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
