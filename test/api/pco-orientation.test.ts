import { describe, expect } from 'vitest';
import type { OrientationDetail } from '../../api/pco/service.ts';
import { parisDaysBetween, shiftDayByMonths, todayInParis } from '../../domain/calendar/days.ts';
import { pcoWorkflowId } from '../../domain/pco/orientation-state.ts';
import { pcoUpdates } from '../../workflows/pco-contract.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

// Every test here starts orientations: `temporalTest` runs the file's worker from the first one.

const pco = {
  rhoneDoctor: '00000000-0000-4000-8000-000000000031',
  rhoneCoordinator: '00000000-0000-4000-8000-000000000032',
  marseilleDoctor: '00000000-0000-4000-8000-000000000033',
};
type Refusal = { code: string; message: string; details?: Record<string, unknown> };
type Inbox = {
  items: {
    id: string;
    childAge: string;
    daysLeftToValidate: number | null;
    nextLegalDeadline: { label: string } | null;
  }[];
};

/**
 * A birth date `years` and `months` before today (Paris), clamped to the month's end (30 April
 * minus 2 months is 28 February), for ages that do not drift with the run date.
 */
function bornAgo(years: number, months = 0): string {
  return shiftDayByMonths(todayInParis(), -(years * 12 + months));
}

/**
 * Days left to validate as the doctor counts them on the calendar: 15 minus the Paris days since
 * the day it was sent. Read at both ends of the request, so a run across midnight accepts either.
 */
function expectedDaysLeft(submittedAt: string, readFrom: number, readUntil: number): number[] {
  return [...new Set([readFrom, readUntil].map((instant) => 15 - parisDaysBetween(submittedAt, instant)))];
}

const orientation = (overrides: Record<string, unknown> = {}) => ({
  child: { lastName: 'Petit', firstName: 'Léo', birthDate: bornAgo(3, 2), sex: 'male', departement: '69' },
  screening: { checkedItems: ['3y-la-1', '3y-so-1'], generalSigns: ['parental_concern'] },
  unusualDevelopmentConfirmed: true,
  hasMdphRights: false,
  hasEsmsSupport: false,
  family: { contactName: 'Anne Petit', relationship: 'Mère', email: 'anne.petit@example.fr', consent: true },
  ...overrides,
});

describe('orienting a young child to the PCO of the département', () => {
  it('suggests orientation for a 3-year-old with signs in two domains; once confirmed, only the Rhône PCO receives it', async ({
    platform,
  }) => {
    const suggestion = await platform.api<{
      suggestsOrientation: boolean;
      domainsWithSigns: string[];
      reasons: string[];
    }>('POST', '/api/pco/screenings/evaluate', {
      as: demo.physician,
      body: { birthDate: bornAgo(3, 2), answers: { checkedItems: ['3y-la-1', '3y-so-1'], generalSigns: [] } },
    });
    expect(suggestion.body).toMatchObject({
      suggestsOrientation: true,
      domainsWithSigns: ['language', 'socialisation'],
    });

    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'submitted',
      ageRange: '0-6',
      platform: { name: 'PCO TND Rhône 0–6 ans (démo)' },
    });
    expect(created.body.child.age).toBe('3 ans 2 mois');
    expect(created.body.nextDeadline?.label).toBe('Validation de la prescription (15 jours)');

    const readFrom = Date.now();
    const rhone = await platform.api<Inbox>('GET', '/api/pco/inbox', { as: pco.rhoneDoctor });
    const item = rhone.body.items.find((candidate) => candidate.id === created.body.id);
    expect(item).toMatchObject({ childAge: '3 ans 2 mois' });
    // 15 on the day it was sent, whatever the hour (it said 16 after 12:00 UTC).
    expect(expectedDaysLeft(created.body.submittedAt, readFrom, Date.now())).toContain(item?.daysLeftToValidate);
    const marseille = await platform.api<Inbox>('GET', '/api/pco/inbox', { as: pco.marseilleDoctor });
    expect(marseille.body.items.map((candidate) => candidate.id)).not.toContain(created.body.id);
    const asFacility = await platform.api<Refusal>('GET', `/api/pco/orientations/${created.body.id}`, {
      as: demo.berthetMember,
    });
    expect(asFacility.status).toBe(404);
    const messages = await platform.messagesOf(created.body.id);
    expect(messages.map((message) => `${message.template}→${message.recipientAddress}`)).toEqual([
      'pco_new_orientation→pco-069-0-6@demo.parcours.local',
    ]);
    expect(`${messages[0]?.subject} ${messages[0]?.textBody}`).not.toMatch(/Petit|Léo/);
  });

  it('routes a 9-year-old to the 7–12 platform where there is one, and refuses where there is none', async ({
    platform,
  }) => {
    const rhone = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation({
        child: { lastName: 'Grand', firstName: 'Lina', birthDate: bornAgo(9), sex: 'female', departement: '69' },
      }),
    });
    expect(rhone.body).toMatchObject({ ageRange: '7-12', platform: { name: 'PCO TND Rhône 7–12 ans (démo)' } });
    const marseille = await platform.api<Refusal>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation({
        child: { lastName: 'Grand', firstName: 'Lina', birthDate: bornAgo(9), sex: 'female', departement: '13' },
      }),
    });
    expect(marseille).toMatchObject({ status: 422, body: { code: 'pco.no_platform' } });
  });

  it('refuses what the law or the form does not allow, with a French message', async ({ platform }) => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { child: { lastName: 'A', firstName: 'B', birthDate: bornAgo(12), sex: 'male', departement: '69' } },
        'pco.too_old',
      ],
      [{ unusualDevelopmentConfirmed: false }, 'pco.confirmation_required'],
      [{ family: { contactName: 'Anne Petit', relationship: 'Mère', consent: false } }, 'pco.consent_required'],
      [{ screening: { checkedItems: ['12m-gm-1'], generalSigns: [] } }, 'pco.unknown_screening_item'],
    ];
    for (const [override, code] of cases) {
      const response = await platform.api<Refusal>('POST', '/api/pco/orientations', {
        as: demo.physician,
        body: orientation(override),
      });
      expect(response.status, code).toBe(422);
      expect(response.body.code).toBe(code);
      expect(response.body.message.length).toBeGreaterThan(10);
    }
    const byFacility = await platform.api<Refusal>('POST', '/api/pco/orientations', {
      as: demo.berthetMember,
      body: orientation(),
    });
    expect(byFacility.status).toBe(403);
  });

  it('refuses at the edge, and in the workflow’s validator, values PostgreSQL could not store', async ({
    platform,
    temporal,
  }) => {
    const child = orientation().child;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ child: { ...child, lastName: 'Pe\u0000tit' } }, 'child.lastName', 'Caractère nul (U+0000) non autorisé.'],
      [
        { child: { ...child, firstName: '\uDC00' } },
        'child.firstName',
        'Caractère mal encodé (demi-paire de substitution), non enregistrable.',
      ],
      [
        { child: { ...child, birthDate: '0000-01-01' } },
        'child.birthDate',
        'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.',
      ],
      [
        { family: { ...orientation().family, contactName: '\u202EAnne' } },
        'family.contactName',
        'Nom du parent ou représentant légal : caractère de contrôle du sens d’écriture (U+202E) non autorisé.',
      ],
    ];
    for (const [override, path, message] of cases) {
      const response = await platform.api<Refusal>('POST', '/api/pco/orientations', {
        as: demo.physician,
        body: orientation(override),
      });
      expect(response, path).toMatchObject({
        status: 422,
        body: { code: 'request.invalid', details: expect.arrayContaining([{ path, message }]) },
      });
    }

    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation(),
    });
    const path = `/api/pco/orientations/${created.body.id}`;
    await platform.api('POST', `${path}/validate`, {
      as: pco.rhoneDoctor,
      body: { setting: 'contracted', professions: ['psychologue'] },
    });
    const care = {
      kind: 'assessment',
      profession: 'psychologue',
      amountCents: 10_000,
      provider: 'contracted',
    } as const;
    const atYearZero = await platform.api<Refusal>('POST', `${path}/care`, {
      as: pco.rhoneCoordinator,
      body: { ...care, date: '0000-01-01' },
    });
    expect(atYearZero).toMatchObject({ status: 422, body: { code: 'request.invalid' } });
    const handle = temporal.client.workflow.getHandle(pcoWorkflowId(created.body.id));
    const straight = await handle
      .executeUpdate(pcoUpdates.recordCare, {
        args: [{ actorId: pco.rhoneCoordinator, id: crypto.randomUUID(), ...care, date: '0000-01-01' }],
      })
      .catch((error: unknown) => error);
    expect(straight).toMatchObject({ cause: { type: 'request.invalid' } });
    // Nothing entered the history: the orientation answers its next command.
    const recorded = await platform.api<OrientationDetail>('POST', `${path}/care`, {
      as: pco.rhoneCoordinator,
      body: { ...care, date: todayInParis() },
    });
    expect(recorded.body.status).toBe('in_progress');
  });

  it('lets only the platform’s doctor validate, then follows care, the package and the closure', async ({
    platform,
  }) => {
    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation(),
    });
    const path = `/api/pco/orientations/${created.body.id}`;
    const byCoordinator = await platform.api<Refusal>('POST', `${path}/validate`, {
      as: pco.rhoneCoordinator,
      body: { setting: 'contracted', professions: ['psychomotricien'] },
    });
    expect(byCoordinator.status).toBe(403);
    const validated = await platform.api<OrientationDetail>('POST', `${path}/validate`, {
      as: pco.rhoneDoctor,
      body: { setting: 'contracted', professions: ['psychomotricien', 'psychologue'] },
    });
    expect(validated.body).toMatchObject({
      status: 'validated',
      nextDeadline: { label: 'Premier bilan (3 mois après la validation)' },
    });
    const twice = await platform.api<Refusal>('POST', `${path}/validate`, {
      as: pco.rhoneDoctor,
      body: { setting: 'platform', professions: ['psychologue'] },
    });
    expect(twice).toMatchObject({ status: 409, body: { code: 'pco.already_decided' } });
    const today = todayInParis();
    const assessed = await platform.api<OrientationDetail>('POST', `${path}/care`, {
      as: pco.rhoneCoordinator,
      body: { kind: 'assessment', profession: 'psychologue', date: today, amountCents: 25_000, provider: 'contracted' },
    });
    expect(assessed.body.status).toBe('in_progress');
    expect(assessed.body.packageUsage.find((line) => line.id === 'psychologue')).toMatchObject({
      usedCents: 25_000,
      remainingCents: 5_000,
    });
    expect(assessed.body.timeline.map((event) => event.type)).toContain('pco.package_warning');
    const beyond = await platform.api<Refusal>('POST', `${path}/care`, {
      as: pco.rhoneCoordinator,
      body: { kind: 'assessment', profession: 'psychologue', date: today, amountCents: 10_000, provider: 'contracted' },
    });
    expect(beyond).toMatchObject({ status: 409, body: { code: 'pco.package_ceiling_exceeded' } });
    const closed = await platform.api<OrientationDetail>('POST', `${path}/close`, {
      as: pco.rhoneDoctor,
      body: { outcome: 'diagnosis_and_care' },
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: { label: 'Diagnostic posé et prise en charge organisée' },
    });
    const templates = (await platform.messagesOf(created.body.id)).map((message) => message.template).sort();
    expect(templates).toEqual(['pco_closed', 'pco_decision', 'pco_new_orientation']);
  });

  it('orients a child with MDPH rights or ESMS support; the doctor reads it and may refuse for a CDAPH decision', async ({
    platform,
  }) => {
    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation({ hasMdphRights: true, hasEsmsSupport: false }),
    });
    expect(created.status).toBe(201);
    const path = `/api/pco/orientations/${created.body.id}`;
    const asDoctor = await platform.api<OrientationDetail>('GET', path, { as: pco.rhoneDoctor });
    expect(asDoctor.body.screening).toMatchObject({ existingSupport: { mdphRights: true, esmsSupport: false } });
    const refused = await platform.api<OrientationDetail>('POST', `${path}/refuse`, {
      as: pco.rhoneDoctor,
      body: { reason: 'cdaph_equivalent', comment: 'Accompagnement SESSAD notifié par la CDAPH.' },
    });
    expect(refused.body).toMatchObject({ status: 'refused' });
    const asPhysician = await platform.api<OrientationDetail>('GET', path, { as: demo.physician });
    expect(asPhysician.body.refusal).toEqual({
      reason: 'cdaph_equivalent',
      label: 'Accompagnement équivalent déjà décidé par la CDAPH',
      comment: 'Accompagnement SESSAD notifié par la CDAPH.',
    });
  });

  it('records the refusal reason and tells the physician', async ({ platform }) => {
    const created = await platform.api<OrientationDetail>('POST', '/api/pco/orientations', {
      as: demo.physician,
      body: orientation(),
    });
    const refused = await platform.api<OrientationDetail>('POST', `/api/pco/orientations/${created.body.id}/refuse`, {
      as: pco.rhoneDoctor,
      body: { reason: 'no_significant_gap' },
    });
    expect(refused.body).toMatchObject({ status: 'refused', refusal: { reason: 'no_significant_gap' } });
    const decision = (await platform.messagesOf(created.body.id)).find(
      (message) => message.template === 'pco_decision',
    );
    expect(decision?.textBody).toContain('nouvel examen clinique');
  });
});
