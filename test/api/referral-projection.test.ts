import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectReferral } from '../../activities/project-referral.ts';
import { connectDatabase, type DatabaseConnection } from '../../db/client.ts';
import { facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import type { ReferralState } from '../../domain/referral/state.ts';
import { completeDossier } from '../support/dossiers.ts';
import { demo, demoFiness } from '../support/platform.ts';

/** The projection activity on its own, against the real database: idempotent and order-proof. */
let database: DatabaseConnection;
beforeAll(() => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => {
  await database?.close();
});

const now = '2026-03-02T09:00:00.000Z';

function applied(state: ReferralState, command: Parameters<typeof decide>[1]) {
  const decision = decide(state, command, now);
  if (!decision.ok) throw new Error(decision.code);
  return decision;
}

describe('the referral projection', () => {
  it('writes every facility task of a snapshot, and a retried older snapshot moves no row back', async () => {
    const rows = await database.db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(inArray(facilities.finess, [demoFiness.berthet, demoFiness.elisabeth, demoFiness.sixieme]));
    expect(rows).toHaveLength(3);
    const caseId = randomUUID();
    const patient = { lastName: 'Projection', firstName: 'Odette', birthDate: '1936-05-04', sex: 'female' as const };
    const created = createReferral(
      {
        caseId,
        kind: 'ehpad',
        requesterId: demo.physician,
        patient,
        dossier: completeDossier('ehpad', patient),
        facilities: rows.map((row) => ({ taskId: randomUUID(), facilityId: row.id, facilityName: row.name })),
      },
      now,
    );
    const sent = applied(created.state, { type: 'send', actorId: demo.physician });
    const accepting = sent.state.tasks[0]?.taskId as string;
    const accepted = applied(sent.state, {
      type: 'accept',
      taskId: accepting,
      actorId: demo.berthetMember,
      proposedEntryDate: '2026-04-01',
    });

    await projectReferral(database.db, { state: created.state, events: created.events });
    await projectReferral(database.db, { state: sent.state, events: sent.events });
    await projectReferral(database.db, { state: accepted.state, events: accepted.events });
    // A retry of the earlier step arrives last (an activity retried after a lost answer).
    await projectReferral(database.db, { state: sent.state, events: sent.events });

    const tasks = await database.db
      .select({
        id: facilityTasks.id,
        status: facilityTasks.status,
        proposedEntryDate: facilityTasks.proposedEntryDate,
      })
      .from(facilityTasks)
      .where(eq(facilityTasks.referralId, caseId));
    expect(tasks).toHaveLength(3);
    expect(tasks.find((task) => task.id === accepting)).toMatchObject({
      status: 'accepted',
      proposedEntryDate: '2026-04-01',
    });
    expect(tasks.filter((task) => task.id !== accepting).map((task) => task.status)).toEqual(['sent', 'sent']);
    const [row] = await database.db
      .select({ status: referrals.status, version: referrals.version })
      .from(referrals)
      .where(eq(referrals.id, caseId));
    expect(row).toEqual({ status: accepted.state.status, version: accepted.state.lastSeq });
  });
});
