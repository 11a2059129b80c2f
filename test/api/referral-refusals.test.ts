import { count, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { referrals } from '../../db/schema.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { temporalTest } from '../support/fixtures.ts';
import { recordHistory } from '../support/histories.ts';
import { demo, demoFiness } from '../support/platform.ts';
import type { DemoFacility } from '../support/referral-cases.ts';

const patient = { lastName: 'Martin', firstName: 'Paul', birthDate: '1941-09-30', sex: 'male' } as const;

// Every test of this file may start a workflow: the worker runs from the first one.
const it = temporalTest
  .extend('facility', { scope: 'file' }, async ({ platform }) => {
    const [berthet, elisabeth, revel] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
      platform.facilityId(demoFiness.revel),
    ]);
    return { berthet, elisabeth, revel };
  })
  .extend('referralCount', { scope: 'file' }, ({ db }) => async (requesterId: string): Promise<number> => {
    const [row] = await db.select({ n: count() }).from(referrals).where(eq(referrals.requesterId, requesterId));
    return row?.n ?? 0;
  })
  .extend('newReferral', ({ createReferralCase }) => async (facilities: DemoFacility[]): Promise<ReferralDetail> => {
    const { created } = await createReferralCase({ facilities, patient });
    expect(created.status).toBe(201);
    return created.body;
  });

function taskFor(referral: ReferralDetail, facilityId: string): string {
  const task = referral.tasks.find((candidate) => candidate.facility.id === facilityId);
  if (!task) throw new Error('task missing');
  return task.id;
}

type Refusal = { code: string; message: string; details?: { path: string; message: string }[] };

describe('bad input gets a clear refusal and writes nothing', () => {
  it('lists every missing field of a creation in French', async ({ platform, referralCount }) => {
    const before = await referralCount(demo.otherPhysician);
    const response = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.otherPhysician,
      body: { kind: 'ehpad', patient: { lastName: 'Martin' }, facilityIds: [] },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('request.invalid');
    expect(response.body.details?.map((detail) => detail.path)).toEqual(
      expect.arrayContaining(['patient.firstName', 'patient.birthDate', 'patient.sex', 'facilityIds']),
    );
    expect(response.body.details?.find((detail) => detail.path === 'facilityIds')?.message).toBe(
      'Choisissez au moins un établissement.',
    );
    expect(await referralCount(demo.otherPhysician)).toBe(before);
  });

  it('refuses a body that is not JSON', async ({ platform }) => {
    const response = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.physician,
      rawBody: '{"kind": ',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('request.malformed_json');
  });

  it('refuses an unknown facility, and one of another kind, before starting anything', async ({
    platform,
    facility,
    referralCount,
  }) => {
    const { berthet, revel } = facility;
    const before = await referralCount(demo.otherPhysician);
    const unknown = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.otherPhysician,
      body: {
        kind: 'ehpad',
        patient,
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet, '2f1d0c7e-4b7a-4a57-9d3e-0b6a1c2d3e4f'],
      },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'facility.unknown', message: 'Établissement inconnu.' });
    const mismatch = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.otherPhysician,
      body: {
        kind: 'ehpad',
        patient,
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [revel],
      },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('facility.kind_mismatch');
    const twice = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.otherPhysician,
      body: {
        kind: 'ehpad',
        patient,
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet, berthet],
      },
    });
    expect(twice.body.code).toBe('referral.duplicate_facility');
    expect(await referralCount(demo.otherPhysician)).toBe(before);
  });

  it('refuses a birth date in the future and an impossible date', async ({ platform, facility }) => {
    const { berthet } = facility;
    const response = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { ...patient, birthDate: '1941-02-30' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet],
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ path: 'patient.birthDate', message: 'Cette date n’existe pas.' }]);
  });

  it('asks who is acting: no session, no case', async ({ platform }) => {
    const anonymous = await platform.api<Refusal>('GET', '/api/referrals');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth.unauthenticated');
  });

  it('lets only the facility addressed answer, and only the requester choose; strangers see no case', async ({
    platform,
    facility,
    newReferral,
  }) => {
    const { berthet } = facility;
    const referral = await newReferral(['berthet']);
    const byOtherFacility = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${taskFor(referral, berthet)}/accept`,
      { as: demo.elisabethMember, body: { proposedEntryDate: inDays(30) } },
    );
    expect(byOtherFacility).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    const byOtherPhysician = await platform.api<Refusal>('POST', `/api/referrals/${referral.id}/cancel`, {
      as: demo.otherPhysician,
      body: { reason: 'Erreur de saisie' },
    });
    expect(byOtherPhysician).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    const byRequester = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${taskFor(referral, berthet)}/accept`,
      { as: demo.physician, body: { proposedEntryDate: inDays(30) } },
    );
    expect(byRequester).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const byFacility = await platform.api<Refusal>('POST', `/api/referrals/${referral.id}/cancel`, {
      as: demo.berthetMember,
      body: { reason: 'Erreur de saisie' },
    });
    expect(byFacility).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });

  it('hides another facility’s request of the same case (404), even from a facility addressed too', async ({
    platform,
    facility,
    newReferral,
  }) => {
    const { berthet, elisabeth } = facility;
    const referral = await newReferral(['berthet', 'elisabeth']);
    const answer = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${taskFor(referral, berthet)}/accept`,
      { as: demo.elisabethMember, body: { proposedEntryDate: inDays(30) } },
    );
    expect(answer).toMatchObject({ status: 404, body: { code: 'task.not_found' } });
    const seen = await platform.api<{ tasks: { facility: { id: string } }[] }>('GET', `/api/referrals/${referral.id}`, {
      as: demo.elisabethMember,
    });
    expect(seen.body.tasks.map((task) => task.facility.id)).toEqual([elisabeth]);
  });

  it('refuses impossible transitions with their stable codes', async ({ platform, facility, newReferral }) => {
    const { berthet, elisabeth } = facility;
    const referral = await newReferral(['berthet', 'elisabeth']);
    const berthetTask = taskFor(referral, berthet);
    const elisabethTask = taskFor(referral, elisabeth);

    const chooseUnanswered = await platform.api<Refusal>('POST', `/api/referrals/${referral.id}/choose`, {
      as: demo.physician,
      body: { taskId: berthetTask },
    });
    expect(chooseUnanswered).toMatchObject({ status: 409, body: { code: 'task.not_accepted' } });

    await platform.api('POST', `/api/referrals/${referral.id}/tasks/${berthetTask}/accept`, {
      as: demo.berthetMember,
      body: { proposedEntryDate: inDays(30) },
    });
    const acceptTwice = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${berthetTask}/accept`,
      {
        as: demo.berthetMember,
        body: { proposedEntryDate: inDays(31) },
      },
    );
    expect(acceptTwice).toMatchObject({ status: 409, body: { code: 'task.invalid_transition' } });

    const admitTooEarly = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${berthetTask}/confirm-admission`,
      { as: demo.berthetMember },
    );
    expect(admitTooEarly).toMatchObject({ status: 409, body: { code: 'task.not_chosen' } });

    const chosen = await platform.api('POST', `/api/referrals/${referral.id}/choose`, {
      as: demo.physician,
      body: { taskId: berthetTask },
    });
    expect(chosen.status).toBe(200);
    const secondChoice = await platform.api<Refusal>('POST', `/api/referrals/${referral.id}/choose`, {
      as: demo.physician,
      body: { taskId: elisabethTask },
    });
    expect(secondChoice).toMatchObject({ status: 409, body: { code: 'referral.choice_already_made' } });

    const lateAnswer = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${elisabethTask}/accept`,
      {
        as: demo.elisabethMember,
        body: { proposedEntryDate: inDays(30) },
      },
    );
    expect(lateAnswer).toMatchObject({ status: 409, body: { code: 'task.invalid_transition' } });

    const unchanged = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.id}`, {
      as: demo.physician,
    });
    expect(unchanged.body.tasks.map((task) => task.status).sort()).toEqual(['cancelled', 'chosen']);
  });

  it('refuses any answer on a closed case', async ({ platform, temporal, facility, newReferral }) => {
    const { berthet } = facility;
    const referral = await newReferral(['berthet']);
    const cancelled = await platform.api<ReferralDetail>('POST', `/api/referrals/${referral.id}/cancel`, {
      as: demo.physician,
      body: { reason: 'La personne reste à domicile.' },
    });
    expect(cancelled.body.status).toBe('cancelled');
    await recordHistory(temporal.client.workflow.getHandle(referralWorkflowId(referral.id)), 'v5-ehpad-cancelled');
    expect(cancelled.body.tasks[0]?.status).toBe('cancelled');
    const late = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${taskFor(referral, berthet)}/accept`,
      {
        as: demo.berthetMember,
        body: { proposedEntryDate: inDays(30) },
      },
    );
    expect(late).toMatchObject({
      status: 409,
      body: { code: 'referral.already_closed', message: 'Cette demande est close : elle ne peut plus être modifiée.' },
    });
  });

  it('answers 404 for a case that does not exist and 422 for an id that cannot exist', async ({ platform }) => {
    const missing = await platform.api<Refusal>('GET', '/api/referrals/6c1f5e0a-8d8b-4c1e-9f0a-3b2c1d0e9f8a', {
      as: demo.physician,
    });
    expect(missing).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    const malformed = await platform.api<Refusal>('GET', '/api/referrals/pas-un-identifiant', { as: demo.physician });
    expect(malformed).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
  });
});
