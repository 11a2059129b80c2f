import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import {
  referralAddReferentUpdate,
  referralClaimPhysicianInvitationUpdate,
  referralEndAssistanceUpdate,
} from '../../workflows/referral-contract.ts';
import { recordHistory } from '../support/histories.ts';
import { demo } from '../support/platform.ts';
import { createTimeSkippingHarness, storyTimeoutMs } from '../support/time-skipping.ts';

/**
 * The family Updates of a case's workflow (issue 15 items 3, 6, 7): a request an assisting
 * professional created, taken over by a référent who keeps them then ends their access, its
 * physician invited by e-mail who joins; a physician's own request the family is invited to. Their
 * histories are recorded for the replay test (PARCOURS_RECORD_HISTORIES=1).
 */

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
beforeAll(async () => {
  h = await createTimeSkippingHarness();
});
afterAll(async () => {
  await h?.close();
});

async function particulier(name: string): Promise<string> {
  const [row] = await h.db
    .insert(users)
    .values({
      role: 'particulier',
      displayName: name,
      email: `famille-${randomUUID().slice(0, 8)}@particulier.test`,
      emailVerifiedAt: new Date(),
    })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return row.id;
}

describe('family invitations on the referral workflow (time-skipping server)', () => {
  it(
    'an assisted request: taken over by a référent who keeps the professional, then ends their access; the invited physician joins',
    async () => {
      await h.withWorker(async () => {
        const daughter = await particulier('Claire Accompagnée');
        const request = await h.startReferral({
          tasks: [],
          send: false,
          extra: {
            requesterId: demo.berthetMember,
            dossier: undefined,
            origin: {
              kind: 'family',
              referentIds: [],
              assistedBy: {
                professionalId: demo.berthetMember,
                consent: { givenBy: 'Rose Accompagnée', at: '2026-12-01', how: 'written' },
              },
              emailConfirmation: { confirmedAt: new Date().toISOString() },
            },
            dossierNumber: `P-2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
          },
        });
        const invitedEmail = `dr-${randomUUID().slice(0, 8)}@cabinet.test`;
        await request.run('designatePhysician', { actorId: demo.berthetMember, invitedEmail });
        const taken = await request.handle.executeUpdate(referralAddReferentUpdate, {
          args: [{ actorId: demo.berthetMember, userId: daughter, keepAssistance: true }],
        });
        expect(taken.requesterId).toBe(daughter);
        expect(taken.origin?.assistedBy).toMatchObject({ keptByReferent: true });
        expect(taken.origin?.assistedBy?.endedAt).toBeUndefined();
        const ended = await request.handle.executeUpdate(referralEndAssistanceUpdate, {
          args: [{ actorId: daughter }],
        });
        expect(ended.origin?.assistedBy?.endedAt).toBeDefined();
        const joined = await request.handle.executeUpdate(referralClaimPhysicianInvitationUpdate, {
          args: [{ actorId: demo.otherPhysician, invitedEmail: invitedEmail.toUpperCase() }],
        });
        expect(joined.origin?.physician).toMatchObject({ userId: demo.otherPhysician, invitedEmail });
        expect(await h.messages(request.caseId, 'physician_dossier_to_complete')).toHaveLength(1);
        await request.run('cancel', { actorId: daughter, reason: 'Fin du scénario' });
        await recordHistory(request.handle, 'v7-family-assisted-kept-ended-physician-joined');
      });
    },
    storyTimeoutMs,
  );

  it(
    'a physician’s own request: the family invited follows it, the physician stays its requester',
    async () => {
      await h.withWorker(async () => {
        const son = await particulier('Marc Fabrique');
        const request = await h.startReferral({ tasks: [], send: false });
        await expect(
          request.handle.executeUpdate(referralAddReferentUpdate, { args: [{ actorId: son, userId: son }] }),
        ).rejects.toThrow();
        const followed = await request.handle.executeUpdate(referralAddReferentUpdate, {
          args: [{ actorId: demo.physician, userId: son }],
        });
        expect(followed).toMatchObject({ requesterId: demo.physician, referentIds: [son] });
        expect(followed.origin).toBeUndefined();
        await request.run('cancel', { actorId: demo.physician, reason: 'Fin du scénario' });
        await recordHistory(request.handle, 'v7-professional-family-invited');
      });
    },
    storyTimeoutMs,
  );
});
