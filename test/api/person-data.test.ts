import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { dossierVersions, referrals } from '../../db/schema.ts';
import { auditLog } from '../../db/schema-identity.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type RunningWorker, type TestPlatform } from '../support/platform.ts';

let platform: TestPlatform;
let worker: RunningWorker;
beforeAll(async () => {
  platform = await createTestPlatform();
  worker = await platform.startWorker();
});
afterAll(async () => {
  await worker?.stop();
  await platform?.close();
});

/** A name no other test file uses: letters only, from a fresh uuid. */
function uniqueName(): string {
  const letters = randomUUID()
    .replace(/[^0-9a-f]/g, '')
    .slice(0, 10)
    .replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)] ?? 'x');
  return `Droits${letters}`;
}

async function lastAudit(event: string) {
  const [row] = await platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.event, event), eq(auditLog.userId, demo.admin)))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

describe('a person’s data: export and erasure by an administrator', () => {
  it('exports every case of the person as JSON, to administrators only, each export journaled', async () => {
    const person = { lastName: uniqueName(), firstName: 'Jeanne', birthDate: '1938-04-12' };
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { ...person, sex: 'female' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [await platform.facilityId(demoFiness.berthet)],
        send: true,
      },
    });
    expect(created.status).toBe(201);
    for (const as of [demo.physician, demo.berthetMember, demo.coordinatorRhone]) {
      const refused = await platform.api('POST', '/api/administration/persons/export', { as, body: person });
      expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    }
    expect((await platform.api('POST', '/api/administration/persons/export', { body: person })).status).toBe(401);

    const exported = await platform.api<{
      referrals: { case: { id: string; patientLastName: string }; dossierVersions: unknown[]; events: unknown[] }[];
    }>('POST', '/api/administration/persons/export', { as: demo.admin, body: person });
    expect(exported.status).toBe(200);
    expect(exported.body.referrals.map((item) => item.case.id)).toEqual([created.body.id]);
    expect(exported.body.referrals[0]?.case.patientLastName).toBe(person.lastName);
    expect(exported.body.referrals[0]?.dossierVersions.length).toBeGreaterThan(0);
    expect(exported.body.referrals[0]?.events.length).toBeGreaterThan(0);
    const journal = await lastAudit('person.exported');
    expect(JSON.parse(journal?.details ?? '{}')).toEqual({ cases: created.body.id });
    // The journal names the case, never the person.
    expect(journal?.details).not.toContain(person.lastName);

    const nobody = await platform.api('POST', '/api/administration/persons/export', {
      as: demo.admin,
      body: { ...person, lastName: uniqueName() },
    });
    expect(nobody).toMatchObject({ status: 404, body: { code: 'retention.person_not_found' } });
  });

  it('erases a closed case at once and keeps one in progress; refused to others; journaled', async () => {
    const person = { lastName: uniqueName(), firstName: 'Paul', birthDate: '1941-07-30' };
    const create = async () =>
      platform.api<ReferralDetail>('POST', '/api/referrals', {
        as: demo.physician,
        body: {
          kind: 'ehpad',
          patient: { ...person, sex: 'male' },
          dossier: completeDossier('ehpad'),
          confirmNotDuplicate: true,
          facilityIds: [await platform.facilityId(demoFiness.elisabeth)],
          send: false,
        },
      });
    const open = await create();
    const closed = await create();
    expect([open.status, closed.status], JSON.stringify(open.body)).toEqual([201, 201]);
    const cancelled = await platform.api('POST', `/api/referrals/${closed.body.id}/cancel`, {
      as: demo.physician,
      body: { reason: 'Le patient est rentré chez lui.' },
    });
    expect(cancelled.status).toBe(200);

    const refused = await platform.api('POST', '/api/administration/persons/erase', {
      as: demo.physician,
      body: person,
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const [before] = await platform.db.select().from(referrals).where(eq(referrals.id, closed.body.id));
    expect(before?.patientLastName).toBe(person.lastName);

    const erased = await platform.api('POST', '/api/administration/persons/erase', { as: demo.admin, body: person });
    expect(erased).toMatchObject({
      status: 200,
      body: {
        erased: [{ caseKind: 'referral', caseId: closed.body.id }],
        kept: [{ caseKind: 'referral', caseId: open.body.id, code: 'retention.case_open' }],
      },
    });
    const [after] = await platform.db.select().from(referrals).where(eq(referrals.id, closed.body.id));
    expect(after).toMatchObject({ patientLastName: '', patientFirstName: '', patientBirthDate: '1941-01-01' });
    expect(after?.anonymisedAt).not.toBeNull();
    const [versions] = await platform.db
      .select({ n: sql<number>`count(*)::int` })
      .from(dossierVersions)
      .where(eq(dossierVersions.referralId, closed.body.id));
    expect(versions?.n).toBe(0);
    const [stillOpen] = await platform.db.select().from(referrals).where(eq(referrals.id, open.body.id));
    expect(stillOpen?.patientLastName).toBe(person.lastName);
    expect(JSON.parse((await lastAudit('person.erased'))?.details ?? '{}')).toEqual({
      erased: closed.body.id,
      kept: open.body.id,
    });
  });
});
