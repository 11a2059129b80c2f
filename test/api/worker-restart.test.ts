import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await createTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

describe('a worker that stops in the middle of a case', () => {
  it('lets a new worker carry the case to its end, each side effect done once', async () => {
    const [berthet, elisabeth] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
    ]);
    const firstWorker = await platform.startWorker();
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Lambert', firstName: 'Odette', birthDate: '1935-01-20', sex: 'female' },
        dossier: completeDossier('ehpad'),
        facilityIds: [berthet, elisabeth],
      },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const taskOf = (facilityId: string) => created.body.tasks.find((task) => task.facility.id === facilityId)?.id ?? '';
    // The fan-out is done: both facilities have their message.
    expect((await platform.messagesOf(caseId)).map((message) => message.template)).toEqual([
      'facility_new_request',
      'facility_new_request',
    ]);

    await firstWorker.stop();

    // An answer arrives while no worker runs: it waits for the next one instead of being lost.
    const pendingAccept = platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(berthet)}/accept`,
      {
        as: demo.berthetMember,
        body: { proposedEntryDate: inDays(5) },
      },
    );
    const secondWorker = await platform.startWorker();
    try {
      expect((await pendingAccept).status).toBe(200);
      const refused = await platform.api('POST', `/api/referrals/${caseId}/tasks/${taskOf(elisabeth)}/refuse`, {
        as: demo.elisabethMember,
        body: { reasonCode: 'care_not_adapted' },
      });
      expect(refused.status).toBe(200);
      const chosen = await platform.api('POST', `/api/referrals/${caseId}/choose`, {
        as: demo.physician,
        body: { taskId: taskOf(berthet) },
      });
      expect(chosen.status).toBe(200);
      const admitted = await platform.api<ReferralDetail>(
        'POST',
        `/api/referrals/${caseId}/tasks/${taskOf(berthet)}/confirm-admission`,
        { as: demo.berthetMember },
      );
      expect(admitted.body.status).toBe('admitted');
    } finally {
      await secondWorker.stop();
    }

    const detail = await waitFor('the closed case in the read model', async () => {
      const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: demo.physician });
      return read.body.closedAt ? read.body : undefined;
    });
    // One event per step, numbered without gaps or repeats.
    expect(detail.timeline.map((event) => event.seq)).toEqual(detail.timeline.map((_, index) => index + 1));
    expect(detail.timeline.filter((event) => event.type === 'task.sent')).toHaveLength(2);
    const messages = await platform.messagesOf(caseId);
    expect(messages.map((message) => message.template).sort()).toEqual(
      [
        'facility_chosen',
        'facility_new_request',
        'facility_new_request',
        'requester_answer_received',
        'requester_answer_received',
      ].sort(),
    );
    expect(new Set(messages.map((message) => message.idempotencyKey)).size).toBe(messages.length);
  });
});
