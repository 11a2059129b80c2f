import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { ReferralState } from '../../domain/referral/state.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { referralStateQuery } from '../../workflows/referral-contract.ts';
import { inDays } from '../support/days.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { recordHistory } from '../support/histories.ts';
import { demo } from '../support/platform.ts';

const patient = {
  lastName: 'Dupont',
  firstName: 'Jeanne',
  birthDate: '1938-04-12',
  sex: 'female',
  departement: '69',
} as const;

describe('a referral from creation to admission, through the API', () => {
  it('fans out, collects answers, lets the requester choose, withdraws the rest and closes as admitted', async ({
    platform,
    temporal,
    createReferralCase,
  }) => {
    const { created, facilities } = await createReferralCase({
      facilities: ['berthet', 'elisabeth', 'sixieme'],
      patient,
    });
    const [berthet, elisabeth, sixieme] = [facilities.berthet.id, facilities.elisabeth.id, facilities.sixieme.id];
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('sent');
    expect(created.body.tasks.map((task) => task.status)).toEqual(['sent', 'sent', 'sent']);
    const caseId = created.body.id;
    const taskOf = (facilityId: string) => {
      const task = created.body.tasks.find((candidate) => candidate.facility.id === facilityId);
      if (!task) throw new Error('task missing');
      return task.id;
    };

    const accepted = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(berthet)}/accept`,
      {
        as: demo.berthetMember,
        body: { proposedEntryDate: inDays(5) },
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.tasks).toEqual([
      expect.objectContaining({ status: 'accepted', proposedEntryDate: inDays(5) }),
    ]);

    const refused = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(elisabeth)}/refuse`,
      {
        as: demo.elisabethMember,
        body: { reasonCode: 'no_place', comment: 'Liste d’attente de plus de six mois.' },
      },
    );
    expect(refused.status).toBe(200);
    expect(refused.body.tasks[0]?.refusal).toEqual({
      reasonCode: 'no_place',
      reasonLabel: 'Pas de place disponible dans un délai compatible',
      comment: 'Liste d’attente de plus de six mois.',
    });

    const chosen = await platform.api<ReferralDetail>('POST', `/api/referrals/${caseId}/choose`, {
      as: demo.physician,
      body: { taskId: taskOf(berthet) },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.status).toBe('facility_chosen');
    const statusByFacility = Object.fromEntries(chosen.body.tasks.map((task) => [task.facility.id, task.status]));
    expect(statusByFacility).toEqual({ [berthet]: 'chosen', [elisabeth]: 'refused', [sixieme]: 'cancelled' });
    expect(chosen.body.tasks.find((task) => task.facility.id === sixieme)?.cancellationReason).toMatch(
      /autre établissement/,
    );

    const admitted = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(berthet)}/confirm-admission`,
      { as: demo.berthetMember },
    );
    expect(admitted.status).toBe(200);

    const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: demo.physician });
    expect(read.body.status).toBe('admitted');
    expect(read.body.closedAt).not.toBeNull();
    expect(read.body.timeline.map((event) => event.seq)).toEqual(read.body.timeline.map((_, index) => index + 1));
    expect(read.body.timeline.at(-1)?.type).toBe('referral.admitted');

    // The read model tells the same story as the workflow itself.
    const handle = temporal.client.workflow.getHandle(referralWorkflowId(caseId));
    const final: ReferralState = await handle.result();
    await recordHistory(handle, 'v6-ehpad-three-facilities-admitted');
    expect(final.status).toBe(read.body.status);
    expect(final.lastSeq).toBe(read.body.version);
    expect(Object.fromEntries(final.tasks.map((task) => [task.taskId, task.status]))).toEqual(
      Object.fromEntries(read.body.tasks.map((task) => [task.id, task.status])),
    );

    // Each side effect once: a new-request message per facility, one per answer, one for the choice, one withdrawal.
    const messages = await platform.messagesOf(caseId);
    const sent = messages.map((message) => `${message.template}→${message.recipientAddress}`).sort();
    expect(sent).toEqual(
      [
        'facility_chosen→admissions+690003777@demo.parcours.local',
        'facility_new_request→admissions+690003777@demo.parcours.local',
        'facility_new_request→admissions+690003983@demo.parcours.local',
        'facility_new_request→admissions+690006937@demo.parcours.local',
        'facility_request_withdrawn→admissions+690006937@demo.parcours.local',
        'requester_answer_received→claire.martin@demo.parcours.local',
        'requester_answer_received→claire.martin@demo.parcours.local',
      ].sort(),
    );
    // Health data stays behind login: no message names the patient.
    for (const message of messages) expect(`${message.subject}\n${message.textBody}`).not.toMatch(/Dupont|Jeanne|1938/);
  });

  it('answers the state query with the same state the API shows while the case is open', async ({
    temporal,
    createReferralCase,
  }) => {
    const { created } = await createReferralCase({ facilities: ['berthet'], patient });
    const state = await temporal.client.workflow
      .getHandle(referralWorkflowId(created.body.id))
      .query(referralStateQuery);
    expect(state.status).toBe('sent');
    expect(state.lastSeq).toBe(created.body.version);
  });

  it('shows each party only what concerns it', async ({ platform, createReferralCase }) => {
    const { created, facilities } = await createReferralCase({ facilities: ['berthet', 'elisabeth'], patient });
    const berthet = facilities.berthet.id;
    const asFacility = await platform.api<ReferralDetail>('GET', `/api/referrals/${created.body.id}`, {
      as: demo.berthetMember,
    });
    expect(asFacility.body.tasks.map((task) => task.facility.id)).toEqual([berthet]);
    const asStranger = await platform.api('GET', `/api/referrals/${created.body.id}`, { as: demo.sixiemeMember });
    expect(asStranger.status).toBe(404);
    const inbox = await platform.api<{ items: { referralId: string }[] }>('GET', '/api/tasks', {
      as: demo.elisabethMember,
    });
    expect(inbox.body.items.map((item) => item.referralId)).toContain(created.body.id);
    const list = await platform.api<{ items: { id: string }[] }>('GET', '/api/referrals', { as: demo.physician });
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });
});
