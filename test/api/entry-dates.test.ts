import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { formatFrenchDay } from '../../domain/calendar/days.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { referralUpdates } from '../../workflows/referral-contract.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { platformTestWith } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

/**
 * The days of an entry (domain/referral/entry-dates.ts), through the API and straight to the
 * workflow: dates are relative to today in Paris (`inDays`), so the tests hold whatever day they run.
 * The server here lets an admission be confirmed 5 days ahead (PARCOURS_ADMISSION_NOTICE_DAYS).
 */
const it = platformTestWith({ admissionNoticeDays: 5 }, { worker: true });

type Refusal = { code: string; message: string; details?: { path: string; message: string }[] };
let patients = 0;
const patient = () => ({ lastName: `Entree${++patients}`, firstName: 'Marcel', birthDate: '1935-02-03' });

describe('entry days', () => {
  it('refuses a wished entry already past, at creation and in a new version of the dossier', async ({
    platform,
    createReferralCase,
  }) => {
    const berthet = await platform.facilityId('690003777');
    const past = completeDossier('ehpad');
    past.administrative = { ...past.administrative, desiredEntryDate: inDays(-1) };
    const created = await platform.api<Refusal>('POST', '/api/referrals', {
      as: demo.physician,
      body: { kind: 'ehpad', patient: { ...patient(), sex: 'male' }, facilityIds: [berthet], dossier: past },
    });
    expect(created.status).toBe(422);
    expect(created.body.details).toContainEqual({
      path: 'dossier.administrative.desiredEntryDate',
      message: 'La date d’entrée souhaitée est passée : indiquez aujourd’hui ou une date à venir.',
    });

    const referral = await createReferralCase({ facilities: ['berthet'], patient: patient() });
    const updated = await platform.api<Refusal>('PUT', `/api/referrals/${referral.id}/dossier`, {
      as: demo.physician,
      body: { dossier: past },
    });
    expect(updated.status).toBe(422);
    expect(updated.body.details?.[0]?.path).toBe('dossier.administrative.desiredEntryDate');
  });

  it('refuses a place held beyond the proposed entry, at the edge and in the workflow’s validator', async ({
    platform,
    temporal,
    createReferralCase,
  }) => {
    const referral = await createReferralCase({ facilities: ['berthet'], patient: patient() });
    const { taskId } = referral.facilities.berthet;
    const accept = (body: Record<string, unknown>) =>
      platform.api<Refusal>('POST', `/api/referrals/${referral.id}/tasks/${taskId}/accept`, {
        as: demo.berthetMember,
        body,
      });
    const late = await accept({ proposedEntryDate: inDays(10), placeHeldUntil: inDays(11) });
    expect(late.status).toBe(422);
    expect(late.body.details).toContainEqual({
      path: 'placeHeldUntil',
      message: `La place ne peut pas être réservée au-delà de la date d’entrée proposée (le ${formatFrenchDay(inDays(10))}).`,
    });

    // Sent past the API, the workflow refuses the same days with the same codes.
    const handle = temporal.client.workflow.getHandle(referralWorkflowId(referral.id));
    const straight = (args: { proposedEntryDate: string; placeHeldUntil?: string }) =>
      handle
        .executeUpdate(referralUpdates.accept, { args: [{ taskId, actorId: demo.berthetMember, ...args }] })
        .catch((error: unknown) => error);
    const pastEntry = await straight({ proposedEntryDate: inDays(-1) });
    expect(pastEntry).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(pastEntry).toMatchObject({ cause: { type: 'task.proposed_entry_date_past' } });
    expect(await straight({ proposedEntryDate: inDays(10), placeHeldUntil: inDays(-1) })).toMatchObject({
      cause: { type: 'task.place_held_past' },
    });
    expect(await straight({ proposedEntryDate: inDays(10), placeHeldUntil: inDays(12) })).toMatchObject({
      cause: { type: 'task.place_held_after_entry' },
    });
    const pastWish = await handle
      .executeUpdate(referralUpdates.updateDossier, {
        args: [
          { actorId: demo.physician, dossier: { schemaVersion: 1, administrative: { desiredEntryDate: inDays(-3) } } },
        ],
      })
      .catch((error: unknown) => error);
    expect(pastWish).toMatchObject({ cause: { type: 'referral.desired_entry_date_past' } });

    const held = await accept({ proposedEntryDate: inDays(10), placeHeldUntil: inDays(10), comment: 'Chambre 4.' });
    expect(held.status).toBe(200);
  });

  it('refuses the admission more than N days before the entry, then records the actual entry day', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = await createReferralCase({
      facilities: ['berthet'],
      patient: patient(),
      answers: { berthet: { accept: { proposedEntryDate: inDays(20), comment: 'Chambre 12 au 1er étage.' } } },
    });
    const { taskId } = referral.facilities.berthet;
    const path = `/api/referrals/${referral.id}/tasks/${taskId}/confirm-admission`;
    expect(
      (await platform.api('POST', `/api/referrals/${referral.id}/choose`, { as: demo.physician, body: { taskId } }))
        .status,
    ).toBe(200);

    const early = await platform.api<Refusal>('POST', path, { as: demo.berthetMember });
    expect(early.status).toBe(409);
    expect(early.body).toEqual({
      code: 'task.admission_too_early',
      message: `L’admission ne peut pas encore être confirmée : l’entrée prévue est le ${formatFrenchDay(inDays(20))}. Elle pourra l’être à partir du ${formatFrenchDay(inDays(15))} (5 jours avant l’entrée au plus). Si la personne est déjà entrée, indiquez la date de son entrée.`,
    });
    const beforeAcceptance = await platform.api<Refusal>('POST', path, {
      as: demo.berthetMember,
      body: { actualEntryDate: inDays(-2) },
    });
    expect(beforeAcceptance.body.code).toBe('task.entry_before_acceptance');

    // The person came in today, earlier than proposed.
    const admitted = await platform.api<ReferralDetail>('POST', path, {
      as: demo.berthetMember,
      body: { actualEntryDate: inDays(0) },
    });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.id}`, { as: demo.physician });
    expect(read.body.tasks[0]).toMatchObject({
      status: 'admitted',
      proposedEntryDate: inDays(20),
      actualEntryDate: inDays(0),
      acceptanceComment: 'Chambre 12 au 1er étage.',
    });
    expect(read.body.timeline.find((event) => event.type === 'task.admitted')?.data).toEqual({
      actualEntryDate: inDays(0),
    });
  });

  it('records the proposed day when the admission names none', async ({ platform, createReferralCase }) => {
    const referral = await createReferralCase({
      facilities: ['berthet'],
      patient: patient(),
      answers: { berthet: { accept: { proposedEntryDate: inDays(5) } } },
    });
    const { taskId } = referral.facilities.berthet;
    await platform.api('POST', `/api/referrals/${referral.id}/choose`, { as: demo.physician, body: { taskId } });
    const admitted = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${referral.id}/tasks/${taskId}/confirm-admission`,
      { as: demo.berthetMember },
    );
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    const read = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.id}`, {
      as: demo.berthetMember,
    });
    expect(read.body.tasks[0]).toMatchObject({ status: 'admitted', actualEntryDate: inDays(5) });
  });
});
