import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect } from 'vitest';
import type { DossierView, ReferralDetail } from '../../api/referrals/views.ts';
import { referralWorkflowId } from '../../domain/referral/state.ts';
import { referralStateQuery, referralUpdates } from '../../workflows/referral-contract.ts';
import { inDays } from '../support/days.ts';
import { completeAggirGrid, completeDossier, shapeOneDossier } from '../support/dossiers.ts';
import { temporalTest } from '../support/fixtures.ts';
import { demo, demoFiness } from '../support/platform.ts';

type Refusal = { code: string; message: string; details?: Record<string, unknown> };
let patientCounter = 0;
const newPatient = () => ({
  lastName: `Bernard${++patientCounter}`,
  firstName: 'Lucie',
  birthDate: '1936-07-14',
  sex: 'female' as const,
});

// Every test of this file may start a workflow: the worker runs from the first one.
const it = temporalTest
  .extend('facility', { scope: 'file' }, async ({ platform }) => {
    const [berthet, elisabeth, sixieme] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
      platform.facilityId(demoFiness.sixieme),
    ]);
    return { berthet, elisabeth, sixieme };
  })
  /** Any creation body, as the physician posts it (refused ones included). */
  .extend('create', { scope: 'file' }, ({ platform }) => async (body: Record<string, unknown>) => {
    return platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: { kind: 'ehpad', ...body },
    });
  });

const taskOf = (referral: ReferralDetail, facilityId: string) =>
  referral.tasks.find((task) => task.facility.id === facilityId)?.id ?? '';

describe('the dossier', () => {
  it('keeps a draft until it is complete, listing what is missing in French', async ({
    platform,
    facility,
    create,
  }) => {
    const { berthet } = facility;
    const draft = await create({ patient: newPatient(), facilityIds: [berthet], send: false });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.dossier.missingParts.map((part) => part.label)).toContain('Grille AGGIR (volet autonomie)');
    expect(draft.body.tasks[0]?.status).toBe('planned');
    // Facilities do not see a draft.
    const inbox = await platform.api<{ items: { referralId: string }[] }>('GET', '/api/tasks', {
      as: demo.berthetMember,
    });
    expect(inbox.body.items.map((item) => item.referralId)).not.toContain(draft.body.id);

    const send = await platform.api<Refusal>('POST', `/api/referrals/${draft.body.id}/send`, { as: demo.physician });
    expect(send.status).toBe(422);
    expect(send.body.code).toBe('referral.dossier_incomplete');
    expect(send.body.details?.missingParts).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'autonomy.aggir' })]),
    );

    const completed = await platform.api<ReferralDetail>('PUT', `/api/referrals/${draft.body.id}/dossier`, {
      as: demo.physician,
      body: { dossier: completeDossier('ehpad') },
    });
    expect(completed.body.dossier).toEqual({ version: 2, missingParts: [], gir: 2 });
    const sent = await platform.api<ReferralDetail>('POST', `/api/referrals/${draft.body.id}/send`, {
      as: demo.physician,
    });
    expect(sent.body.status).toBe('sent');
  });

  it('refuses to send at creation an incomplete dossier, and creates nothing', async ({
    platform,
    facility,
    create,
  }) => {
    const { berthet } = facility;
    const before = await platform.api<{ items: unknown[] }>('GET', '/api/referrals', { as: demo.physician });
    const response = await create({ patient: newPatient(), facilityIds: [berthet] });
    expect(response.status).toBe(422);
    expect((response.body as unknown as Refusal).code).toBe('referral.dossier_incomplete');
    const after = await platform.api<{ items: unknown[] }>('GET', '/api/referrals', { as: demo.physician });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('shows the autonomy part to every party and the medical part to the requester and the facility doctor, never to facility staff', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = (await createReferralCase({ facilities: ['berthet'], patient: newPatient() })).created;
    const path = `/api/referrals/${referral.body.id}/dossier`;
    const asRequester = await platform.api<DossierView>('GET', path, { as: demo.physician });
    expect(asRequester.status, JSON.stringify(asRequester.body)).toBe(200);
    expect(asRequester.body.medicalPartVisible).toBe(true);
    expect(asRequester.body.content).toHaveProperty('autonomy.aggir');
    expect(asRequester.body.content).toHaveProperty('medical.history');
    const asDoctor = await platform.api<DossierView>('GET', path, { as: demo.berthetDoctor });
    expect(asDoctor.status, JSON.stringify(asDoctor.body)).toBe(200);
    expect(asDoctor.body.medicalPartVisible).toBe(true);
    expect(asDoctor.body.content).toHaveProperty('medical.history');
    const asStaff = await platform.api<DossierView>('GET', path, { as: demo.berthetMember });
    expect(asStaff.body.medicalPartVisible).toBe(false);
    expect(asStaff.body.content).not.toHaveProperty('medical');
    expect(asStaff.body.content).toHaveProperty('administrative.address.commune', 'Lyon');
    // The autonomy part (AGGIR grid) is the admissions staff's too, as in the national dossier.
    expect(asStaff.body.autonomyPartVisible).toBe(true);
    expect(asStaff.body.content).toHaveProperty('autonomy.aggir.discriminant.transfers', 'C');
    expect(asStaff.body.parts).toEqual([
      { part: 'administrative', label: 'Volet administratif', visible: true, version: 1 },
      { part: 'autonomy', label: 'Volet autonomie', visible: true, version: 1 },
      { part: 'medical', label: 'Volet médical', visible: false, version: 1 },
    ]);
    const staffDetail = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.body.id}`, {
      as: demo.berthetMember,
    });
    expect(staffDetail.body.dossier.gir).toBe(2);
  });

  it('reads a dossier stored in shape 1 (the grid in the medical part) as today’s parts, and versions each part', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = (
      await createReferralCase({ facilities: ['berthet'], patient: newPatient(), dossier: shapeOneDossier('ehpad') })
    ).created;
    const id = referral.body.id;
    expect(referral.body.dossier).toMatchObject({ version: 1, missingParts: [], gir: 2 });
    const path = `/api/referrals/${id}/dossier`;
    const asStaff = await platform.api<DossierView>('GET', path, { as: demo.berthetMember });
    expect(asStaff.body.content).toEqual({
      schemaVersion: 2,
      administrative: expect.any(Object),
      autonomy: { aggir: completeAggirGrid },
    });
    const asRequester = await platform.api<DossierView>('GET', path, { as: demo.physician });
    expect(asRequester.body.content).toHaveProperty('autonomy.aggir', completeAggirGrid);
    expect(asRequester.body.content).not.toHaveProperty('medical.aggir');

    // A new version changing the medical texts only: the other parts keep their version.
    const next = completeDossier('ehpad');
    const changed = await platform.api<ReferralDetail>('PUT', path, {
      as: demo.physician,
      body: { dossier: { ...next, medical: { ...next.medical, treatments: 'Aucun traitement en cours.' } } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const versions = async (as: string, query = '') =>
      Object.fromEntries(
        (await platform.api<DossierView>('GET', `${path}${query}`, { as })).body.parts.map((p) => [p.part, p.version]),
      );
    expect(await versions(demo.physician)).toEqual({ administrative: 1, autonomy: 1, medical: 2 });
    expect(await versions(demo.berthetMember, '?version=1')).toEqual({ administrative: 1, autonomy: 1, medical: 1 });
  });

  it('tells the facilities of a new version, and shows which version each answered', async ({
    platform,
    facility,
    createReferralCase,
  }) => {
    const { berthet } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet', 'elisabeth'], patient: newPatient() }))
      .created;
    const id = referral.body.id;
    await platform.api('POST', `/api/referrals/${id}/tasks/${taskOf(referral.body, berthet)}/accept`, {
      as: demo.berthetMember,
      body: { proposedEntryDate: inDays(60) },
    });
    const updated = await platform.api<ReferralDetail>('PUT', `/api/referrals/${id}/dossier`, {
      as: demo.physician,
      body: { dossier: completeDossier('ehpad') },
    });
    expect(updated.body.dossier.version).toBe(2);
    expect(updated.body.tasks.find((task) => task.facility.id === berthet)?.answeredDossierVersion).toBe(1);
    const notified = (await platform.messagesOf(id)).filter(
      (message) => message.template === 'facility_dossier_updated',
    );
    expect(notified.map((message) => message.recipientAddress).sort()).toEqual([
      'admissions+690003777@demo.parcours.local',
      'admissions+690003983@demo.parcours.local',
    ]);
    const firstVersion = await platform.api<DossierView>('GET', `/api/referrals/${id}/dossier?version=1`, {
      as: demo.physician,
    });
    expect(firstVersion.body.version).toBe(1);
  });

  it('warns of an active case for the same person, and creates it when the requester confirms', async ({
    facility,
    create,
  }) => {
    const { berthet, elisabeth } = facility;
    const patient = newPatient();
    await create({ patient, dossier: completeDossier('ehpad'), facilityIds: [berthet] });
    const twin = await create({
      patient: { ...patient, lastName: patient.lastName.toUpperCase() },
      dossier: completeDossier('ehpad'),
      facilityIds: [elisabeth],
    });
    expect(twin.status).toBe(409);
    const refusal = twin.body as unknown as Refusal;
    expect(refusal.code).toBe('referral.possible_duplicate');
    expect(refusal.details?.referrals).toHaveLength(1);
    const confirmed = await create({
      patient,
      dossier: completeDossier('ehpad'),
      facilityIds: [elisabeth],
      confirmNotDuplicate: true,
    });
    expect(confirmed.status).toBe(201);
  });
});

describe('answers and follow-up through the API', () => {
  it('marks a request read when the facility first opens it, then follows review, information and acceptance', async ({
    platform,
    facility,
    createReferralCase,
  }) => {
    const { berthet } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet', 'elisabeth'], patient: newPatient() }))
      .created;
    const id = referral.body.id;
    const task = taskOf(referral.body, berthet);
    const opened = await platform.api<ReferralDetail>('GET', `/api/referrals/${id}`, { as: demo.berthetMember });
    expect(opened.body.tasks[0]).toMatchObject({ status: 'read' });
    expect(opened.body.tasks[0]?.readAt).not.toBeNull();
    const step = (path: string, as: string, body?: unknown) =>
      platform.api<ReferralDetail>('POST', `/api/referrals/${id}/tasks/${task}/${path}`, { as, body });
    expect((await step('review', demo.berthetMember)).body.tasks[0]?.status).toBe('under_review');
    const asked = await step('request-info', demo.berthetMember, {
      question: 'Pouvez-vous joindre le dernier bilan ?',
    });
    expect(asked.body.tasks[0]?.infoRequest).toMatchObject({
      question: 'Pouvez-vous joindre le dernier bilan ?',
      answer: null,
    });
    const notAllowed = await platform.api<Refusal>('POST', `/api/referrals/${id}/tasks/${task}/answer-info`, {
      as: demo.berthetMember,
      body: { answer: 'x' },
    });
    expect(notAllowed.status).toBe(403);
    const answered = await step('answer-info', demo.physician, { answer: 'Bilan joint au dossier.' });
    expect(answered.body.tasks.find((t) => t.id === task)).toMatchObject({ status: 'under_review' });
    const accepted = await step('accept', demo.berthetMember, {
      proposedEntryDate: inDays(60),
      placeHeldUntil: inDays(45),
    });
    expect(accepted.body.tasks[0]).toMatchObject({ status: 'accepted', placeHeldUntil: inDays(45) });
    const templates = (await platform.messagesOf(id)).map((message) => message.template);
    expect(templates.filter((template) => template === 'requester_answer_received')).toHaveLength(2);
    expect(templates).toContain('facility_info_answered');
  });

  it('withdraws one facility, adds another, and reopens the case when the chosen one cannot admit', async ({
    platform,
    facility,
    createReferralCase,
  }) => {
    const { berthet, elisabeth, sixieme } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet', 'elisabeth'], patient: newPatient() }))
      .created;
    const id = referral.body.id;
    const withdrawn = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${id}/tasks/${taskOf(referral.body, elisabeth)}/withdraw`,
      {
        as: demo.physician,
      },
    );
    expect(withdrawn.body.tasks.find((task) => task.facility.id === elisabeth)?.cancellationReason).toBe(
      'Demande retirée par le demandeur',
    );
    const added = await platform.api<ReferralDetail>('POST', `/api/referrals/${id}/facilities`, {
      as: demo.physician,
      body: { facilityIds: [sixieme] },
    });
    expect(added.body.tasks.find((task) => task.facility.id === sixieme)?.status).toBe('sent');
    const again = await platform.api<Refusal>('POST', `/api/referrals/${id}/facilities`, {
      as: demo.physician,
      body: { facilityIds: [sixieme] },
    });
    expect(again.body.code).toBe('referral.duplicate_facility');

    const berthetTask = taskOf(referral.body, berthet);
    const sixiemeTask = added.body.tasks.find((task) => task.facility.id === sixieme)?.id ?? '';
    await platform.api('POST', `/api/referrals/${id}/tasks/${berthetTask}/accept`, {
      as: demo.berthetMember,
      body: { proposedEntryDate: inDays(60) },
    });
    await platform.api('POST', `/api/referrals/${id}/tasks/${sixiemeTask}/accept`, {
      as: demo.sixiemeMember,
      body: { proposedEntryDate: inDays(90) },
    });
    await platform.api('POST', `/api/referrals/${id}/choose`, { as: demo.physician, body: { taskId: berthetTask } });
    const byOther = await platform.api<Refusal>(
      'POST',
      `/api/referrals/${id}/tasks/${berthetTask}/admission-impossible`,
      {
        as: demo.sixiemeMember,
        body: { reason: 'Pas notre demande.' },
      },
    );
    // Another facility of the same case does not see Berthet's request at all.
    expect(byOther).toMatchObject({ status: 404, body: { code: 'task.not_found' } });
    const reopened = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${id}/tasks/${berthetTask}/admission-impossible`,
      {
        as: demo.berthetMember,
        body: { reason: 'Dégradation de l’état de santé incompatible.' },
      },
    );
    expect(reopened.status).toBe(200);
    const seen = await platform.api<ReferralDetail>('GET', `/api/referrals/${id}`, { as: demo.physician });
    expect(seen.body.status).toBe('sent');
    expect(Object.fromEntries(seen.body.tasks.map((task) => [task.facility.id, task.status]))).toEqual({
      [berthet]: 'admission_impossible',
      [elisabeth]: 'cancelled',
      [sixieme]: 'accepted',
    });
    const templates = (await platform.messagesOf(id)).map(
      (message) => `${message.template}→${message.recipientAddress}`,
    );
    expect(templates).toContain('facility_request_reactivated→admissions+690006937@demo.parcours.local');
    expect(templates).toContain('requester_admission_impossible→claire.martin@demo.parcours.local');
  });

  it('filters the requester’s list by status and the inbox by status', async ({ platform, createReferralCase }) => {
    const referral = (await createReferralCase({ facilities: ['elisabeth'], patient: newPatient() })).created;
    await platform.api('POST', `/api/referrals/${referral.body.id}/cancel`, {
      as: demo.physician,
      body: { reason: 'Erreur de saisie' },
    });
    const cancelled = await platform.api<{ items: { id: string; status: string }[] }>(
      'GET',
      '/api/referrals?status=cancelled',
      {
        as: demo.physician,
      },
    );
    expect(cancelled.body.items.map((item) => item.id)).toContain(referral.body.id);
    expect(cancelled.body.items.every((item) => item.status === 'cancelled')).toBe(true);
    const inbox = await platform.api<{ items: { status: string }[] }>('GET', '/api/tasks?status=cancelled', {
      as: demo.elisabethMember,
    });
    expect(inbox.body.items.every((item) => item.status === 'cancelled')).toBe(true);
    const bad = await platform.api<Refusal>('GET', '/api/referrals?status=nimporte', { as: demo.physician });
    expect(bad.status).toBe(422);
  });
});

describe('values PostgreSQL could not store, refused at the edge with a French message', () => {
  const bounds = 'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.';
  const nul = 'Caractère nul (U+0000) non autorisé.';
  const loneHalf = 'Caractère mal encodé (demi-paire de substitution), non enregistrable.';
  const override = 'Caractère de contrôle du sens d’écriture (U+202E) non autorisé.';
  type Invalid = { code: string; message: string; details: { path: string; message: string }[] };
  const refused = (path: string, message: string) => ({
    status: 422,
    body: {
      code: 'request.invalid',
      message: expect.any(String),
      details: expect.arrayContaining([{ path, message }]),
    },
  });

  it('refuses them on creation, and no case is created', async ({ platform, facility, create }) => {
    const { berthet } = facility;
    const before = await platform.api<{ items: unknown[] }>('GET', '/api/referrals', { as: demo.physician });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ lastName: 'Du\u0000pont' }, 'patient.lastName', nul],
      [{ firstName: '\uD800' }, 'patient.firstName', loneHalf],
      [{ birthDate: '0000-01-01' }, 'patient.birthDate', bounds],
      [
        { lastName: '\u200B\u200B\u200B' },
        'patient.lastName',
        'Caractère invisible (U+200B) non autorisé dans un nom.',
      ],
      [{ lastName: '\u200D' }, 'patient.lastName', 'Au moins une lettre attendue.'],
      [{ lastName: '\u202Etnopud' }, 'patient.lastName', override],
    ];
    for (const [identity, path, message] of cases) {
      const response = await platform.api<Invalid>('POST', '/api/referrals', {
        as: demo.physician,
        body: { kind: 'ehpad', patient: { ...newPatient(), ...identity }, facilityIds: [berthet], send: false },
      });
      expect(response, path).toMatchObject(refused(path, message));
    }
    const medical = completeDossier('ehpad');
    const withNul = { ...medical, medical: { ...medical.medical, history: 'Chute\u0000' } };
    const dossier = await create({ patient: newPatient(), dossier: withNul, facilityIds: [berthet] });
    expect(dossier).toMatchObject(
      refused('dossier.medical.history', 'Antécédents : caractère nul (U+0000) non autorisé.'),
    );
    const after = await platform.api<{ items: unknown[] }>('GET', '/api/referrals', { as: demo.physician });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('refuses them on a facility’s acceptance, and the case keeps answering', async ({
    platform,
    facility,
    createReferralCase,
  }) => {
    const { berthet } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet'], patient: newPatient() })).created;
    const task = taskOf(referral.body, berthet);
    const accept = (body: Record<string, unknown>) =>
      platform.api<Invalid>('POST', `/api/referrals/${referral.body.id}/tasks/${task}/accept`, {
        as: demo.berthetMember,
        body,
      });
    expect(await accept({ proposedEntryDate: '0000-01-01' })).toMatchObject(refused('proposedEntryDate', bounds));
    expect(await accept({ proposedEntryDate: inDays(-1) })).toMatchObject(
      refused('proposedEntryDate', 'Cette date est passée : indiquez aujourd’hui ou une date à venir.'),
    );
    expect(await accept({ proposedEntryDate: inDays(800) })).toMatchObject({ status: 422 });
    expect(await accept({ proposedEntryDate: inDays(30), placeHeldUntil: '0000-01-01' })).toMatchObject(
      refused('placeHeldUntil', bounds),
    );
    expect(await accept({ proposedEntryDate: inDays(30), comment: 'Du\u0000pont' })).toMatchObject(
      refused('comment', nul),
    );
    expect(await accept({ proposedEntryDate: inDays(30), comment: '\uD800' })).toMatchObject(
      refused('comment', loneHalf),
    );
    expect(await accept({ proposedEntryDate: inDays(30), comment: 'Chambre \u202E12' })).toMatchObject(
      refused('comment', override),
    );

    const accepted = await accept({ proposedEntryDate: inDays(30), comment: 'Chambre 12\r\nau 1er étage.' });
    expect(accepted.status).toBe(200);
    const chosen = await platform.api<ReferralDetail>('POST', `/api/referrals/${referral.body.id}/choose`, {
      as: demo.physician,
      body: { taskId: task },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.tasks[0]).toMatchObject({ status: 'chosen', proposedEntryDate: inDays(30) });
  });

  it('refuses, in the workflow’s validator, an update sent past the API with a year 0000', async ({
    platform,
    temporal,
    facility,
    createReferralCase,
  }) => {
    const { berthet } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet'], patient: newPatient() })).created;
    const task = taskOf(referral.body, berthet);
    const handle = temporal.client.workflow.getHandle(referralWorkflowId(referral.body.id));
    const straight = handle.executeUpdate(referralUpdates.accept, {
      args: [{ taskId: task, actorId: demo.berthetMember, proposedEntryDate: '0000-01-01' }],
    });
    await expect(straight).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(straight).rejects.toMatchObject({ cause: { type: 'request.invalid' } });
    const dossier = await handle
      .executeUpdate(referralUpdates.updateDossier, {
        args: [{ actorId: demo.physician, dossier: { schemaVersion: 1, medical: { history: 'Du\u0000pont' } } }],
      })
      .catch((error: unknown) => error);
    expect(dossier).toMatchObject({ cause: { type: 'request.invalid' } });
    // Nothing entered the history: the case answers its next command.
    const accepted = await platform.api<ReferralDetail>(
      'POST',
      `/api/referrals/${referral.body.id}/tasks/${task}/accept`,
      { as: demo.berthetMember, body: { proposedEntryDate: inDays(30) } },
    );
    expect(accepted.body.tasks[0]).toMatchObject({ status: 'accepted', proposedEntryDate: inDays(30) });
    expect((await handle.query(referralStateQuery)).dossier.version).toBe(1);
  });

  it('refuses them in the page form too, showing the message beside the field', async ({
    platform,
    sessions,
    facility,
    createReferralCase,
  }) => {
    const { berthet } = facility;
    const referral = (await createReferralCase({ facilities: ['berthet'], patient: newPatient() })).created;
    const task = taskOf(referral.body, berthet);
    const response = await platform.app.request(`/demandes/${referral.body.id}/taches/${task}/accepter`, {
      method: 'POST',
      headers: {
        cookie: await sessions.cookieOf(demo.berthetMember),
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ proposedEntryDate: '0000-01-01', comment: '' }).toString(),
    });
    expect(response.status).not.toBe(303);
    const html = await response.text();
    expect(html).toContain('Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.');
    expect(html).toContain('value="0000-01-01"');
    const seen = await platform.api<ReferralDetail>('GET', `/api/referrals/${referral.body.id}`, {
      as: demo.physician,
    });
    expect(seen.body.tasks[0]?.status).not.toBe('accepted');
  });

  it('answers 404 with a code for a dossier version that does not exist', async ({ platform, createReferralCase }) => {
    const referral = (await createReferralCase({ facilities: ['berthet'], patient: newPatient() })).created;
    const path = `/api/referrals/${referral.body.id}/dossier`;
    const first = await platform.api<DossierView>('GET', `${path}?version=1`, { as: demo.physician });
    expect(first).toMatchObject({ status: 200, body: { version: 1 } });
    for (const version of ['99999', '2147483647'])
      expect(await platform.api<Refusal>('GET', `${path}?version=${version}`, { as: demo.physician })).toMatchObject({
        status: 404,
        body: { code: 'referral.dossier_version_not_found', message: 'Cette version du dossier n’existe pas.' },
      });
    expect(await platform.api<Refusal>('GET', `${path}?version=99999999999`, { as: demo.physician })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid' },
    });
  });
});
