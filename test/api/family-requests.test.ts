import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { referralReferents } from '../../db/schema-family.ts';
import { AppError } from '../../domain/errors.ts';
import { formatFamilyDossierNumber } from '../../services/family/dossier-number.ts';
import { addReferent } from '../../services/family/referents.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, a family request: a particulier creates it (the same referral workflow, a family
 * origin, a dossier number), lists it in « Mon espace », invites another référent; nobody else
 * sees it.
 */

type Detail = { id: string; dossierNumber: string | null; origin: string; status: string; requester: { id: string } };
type Items = { items: { id: string; dossierNumber: string; personName: string; statusLabel: string; href: string }[] };

const tag = randomUUID().slice(0, 8);

async function particulier(db: Parameters<typeof addReferent>[0]['db'], name: string) {
  const [row] = await db
    .insert(users)
    .values({ role: 'particulier', displayName: name, email: `${name.toLowerCase()}-${tag}@particulier.test` })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return row.id;
}

const familyRequestBody = {
  kind: 'ehpad',
  patient: { lastName: 'Lefèvre', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female', departement: '69' },
  administrative: {
    familySituation: 'widowed',
    stayType: 'permanent',
    contactPerson: { name: 'Anne Lefèvre', relationship: 'Fille', phone: '06 12 34 56 78' },
    legalProtection: { measure: 'none' },
    desiredEntryDate: '2030-01-15',
    financialAids: { apa: 'requested', accommodationSocialAid: 'not_requested', housingAid: 'requested' },
  },
};

describe('POST /api/family/requests', () => {
  it('creates a family draft with a readable, unique dossier number, listed for its référent only', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne');
    const stranger = await particulier(platform.db, 'Autre');
    const first = await platform.api<Detail>('POST', '/api/family/requests', { as: anne, body: familyRequestBody });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ origin: 'family', status: 'draft', requester: { id: anne } });
    expect(first.body.dossierNumber).toMatch(/^P-\d{4}-\d{6}$/);
    const second = await platform.api<Detail>('POST', '/api/family/requests', { as: anne, body: familyRequestBody });
    expect(second.status).toBe(201);
    expect(second.body.dossierNumber).not.toBe(first.body.dossierNumber);

    const listed = await waitFor('both listed', async () => {
      const answer = await platform.api<Items>('GET', '/api/family/requests', { as: anne });
      return answer.body.items.length === 2 ? answer.body.items : undefined;
    });
    expect(listed.map((item) => item.dossierNumber).sort()).toEqual(
      [first.body.dossierNumber, second.body.dossierNumber].sort(),
    );
    expect(listed[0]).toMatchObject({ personName: 'Jeanne Lefèvre', statusLabel: 'Brouillon' });
    expect(listed[0]?.href).toBe(`/particulier/demandes/${listed[0]?.id}`);

    // Another family: no list, no case (404, not 403: whether it exists is not theirs to know).
    expect((await platform.api<Items>('GET', '/api/family/requests', { as: stranger })).body.items).toEqual([]);
    expect((await platform.api('GET', `/api/referrals/${first.body.id}`, { as: stranger })).status).toBe(404);
    expect((await platform.api('GET', `/api/referrals/${first.body.id}`, { as: anne })).status).toBe(200);
    // « Mon espace » lists it with its number.
    const home = await platform.app.request('http://localhost/', {
      headers: { cookie: await platform.cookieOf(anne) },
    });
    expect(await home.text()).toContain(`dossier n° ${first.body.dossierNumber}`);
  });

  it('is refused to professionals and checks its body', async ({ platform }) => {
    const physician = await platform.api('POST', '/api/family/requests', {
      as: demo.physician,
      body: familyRequestBody,
    });
    expect(physician.status).toBe(403);
    expect(physician.body).toMatchObject({ code: 'auth.forbidden' });
    const anne = await particulier(platform.db, 'Anne2');
    const smr = await platform.api('POST', '/api/family/requests', {
      as: anne,
      body: { ...familyRequestBody, kind: 'smr' },
    });
    expect(smr.status).toBe(422);
    const badStay = await platform.api('POST', '/api/family/requests', {
      as: anne,
      body: { ...familyRequestBody, administrative: { stayType: 'weekend' } },
    });
    expect(badStay.status).toBe(422);
  });

  it('adds an invited référent (addReferent), once, by a référent, a particulier only', async ({ platform }) => {
    const anne = await particulier(platform.db, 'Anne3');
    const paul = await particulier(platform.db, 'Paul');
    const stranger = await particulier(platform.db, 'Autre3');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne, body: familyRequestBody });
    const caseId = created.body.id;
    const deps = { db: platform.db, temporal: platform.client };
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
    expect(await refusal(addReferent(deps, { caseId, userId: paul, addedBy: stranger }))).toBe('auth.forbidden');
    expect(await refusal(addReferent(deps, { caseId, userId: demo.physician, addedBy: anne }))).toBe(
      'family.referent_not_particulier',
    );
    await addReferent(deps, { caseId, userId: paul, addedBy: anne });
    expect(await refusal(addReferent(deps, { caseId, userId: paul, addedBy: anne }))).toBe('referral.referent_already');
    const rows = await waitFor('Paul projected', async () => {
      const found = await platform.db.select().from(referralReferents).where(eq(referralReferents.referralId, caseId));
      return found.length === 2 ? found : undefined;
    });
    expect(rows.find((row) => row.userId === paul)?.addedBy).toBe(anne);
    expect(rows.find((row) => row.userId === anne)?.addedBy).toBe(anne);
    const pauls = await platform.api<Items>('GET', '/api/family/requests', { as: paul });
    expect(pauls.body.items.map((item) => item.id)).toEqual([caseId]);
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: paul })).status).toBe(200);
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: stranger })).status).toBe(404);
  });

  it('formats the number with the Paris year and six digits', () => {
    expect(formatFamilyDossierNumber('2026', 123)).toBe('P-2026-000123');
    expect(formatFamilyDossierNumber('2027', 1234567)).toBe('P-2027-1234567');
  });
});
