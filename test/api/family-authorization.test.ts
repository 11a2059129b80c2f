import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { addReferent } from '../../services/family/referents.ts';
import { completeAggirGrid } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, who may see and do what on a family request: its référents (the one who created it,
 * one invited), another family's référent, the designated médecin traitant before and after
 * declining, another physician, a facility not addressed, the territory's coordinator (draft).
 * Same conventions as the authorization matrix: hidden = 404 `referral.not_found`, forbidden =
 * 403, allowed = any other answer (a business refusal included).
 */

const tag = randomUUID().slice(0, 8);
type Outcome = 'allowed' | 'forbidden' | 'hidden';

async function particulier(db: Database, name: string) {
  const [row] = await db
    .insert(users)
    .values({
      role: 'particulier',
      displayName: name,
      email: `${name.toLowerCase()}-${tag}@particulier.test`,
      emailVerifiedAt: new Date(),
    })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return row.id;
}

function outcomeOf(answer: { status: number; body: Record<string, unknown> }): Outcome {
  if (answer.status === 404 && answer.body.code === 'referral.not_found') return 'hidden';
  if (answer.status === 403) return 'forbidden';
  return 'allowed';
}

describe('authorization on a family request', () => {
  it('gives each person what is theirs, before and after the physician declines', async ({ platform }) => {
    const anne = await particulier(platform.db, 'Anne');
    const paul = await particulier(platform.db, 'Paul');
    const marc = await particulier(platform.db, 'Marc');
    const created = await platform.api<{ id: string }>('POST', '/api/family/requests', {
      as: anne,
      body: {
        patient: {
          lastName: 'Lefèvre',
          firstName: 'Jeanne',
          birthDate: '1938-04-12',
          sex: 'female',
          departement: '69',
        },
      },
    });
    const caseId = created.body.id;
    await addReferent({ db: platform.db, temporal: platform.client }, { caseId, userId: paul, addedBy: anne });
    await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: anne,
      body: { physicianId: demo.physician },
    });
    await waitFor('projected', async () =>
      (await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.physician })).status === 200 ? true : undefined,
    );
    const people = {
      anne,
      paul,
      marc,
      physician: demo.physician,
      otherPhysician: demo.otherPhysician,
      berthetMember: demo.berthetMember,
      coordinator69: demo.coordinatorRhone,
    };
    type Person = keyof typeof people;
    const probe = async (person: Person, method: string, path: string, body?: unknown) =>
      outcomeOf(await platform.api(method, path, { as: people[person], ...(body === undefined ? {} : { body }) }));
    const row = async (method: string, path: string, expected: Partial<Record<Person, Outcome>>, body?: unknown) => {
      const got: Partial<Record<Person, Outcome>> = {};
      for (const person of Object.keys(expected) as Person[]) got[person] = await probe(person, method, path, body);
      expect(got, `${method} ${path}`).toEqual(expected);
    };

    await row('GET', `/api/referrals/${caseId}`, {
      anne: 'allowed',
      paul: 'allowed',
      marc: 'hidden',
      physician: 'allowed',
      otherPhysician: 'hidden',
      berthetMember: 'hidden',
      coordinator69: 'hidden',
    });
    await row('GET', `/api/referrals/${caseId}/dossier`, {
      anne: 'allowed',
      paul: 'allowed',
      marc: 'hidden',
      physician: 'allowed',
      otherPhysician: 'hidden',
    });
    // The medical part: the physician's, never a référent's.
    for (const [person, visible] of [
      [anne, false],
      [paul, false],
      [demo.physician, true],
    ] as const) {
      const dossier = await platform.api<{ medicalPartVisible: boolean }>('GET', `/api/referrals/${caseId}/dossier`, {
        as: person,
      });
      expect(dossier.body.medicalPartVisible, person).toBe(visible);
    }
    // Designating is the requester's (the référent who created it).
    await row(
      'POST',
      `/api/referrals/${caseId}/physician`,
      { anne: 'allowed', paul: 'forbidden', marc: 'hidden', physician: 'forbidden', otherPhysician: 'hidden' },
      { physicianId: demo.physician },
    );
    // Completing is the designated physician's (an incomplete part: a business refusal once allowed).
    await row(
      'POST',
      `/api/referrals/${caseId}/physician/complete`,
      { anne: 'forbidden', paul: 'forbidden', marc: 'hidden', physician: 'allowed', otherPhysician: 'hidden' },
      { medical: { history: 'Incomplet' }, aggir: completeAggirGrid },
    );
    await row('GET', '/api/physician/dossiers-a-completer', { anne: 'forbidden', physician: 'allowed' });
    await row('POST', `/api/referrals/${caseId}/physician/decline`, {
      anne: 'forbidden',
      paul: 'forbidden',
      marc: 'hidden',
      otherPhysician: 'hidden',
    });
    expect(await probe('physician', 'POST', `/api/referrals/${caseId}/physician/decline`)).toBe('allowed');
    await waitFor('declined in the read model', async () =>
      (await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.physician })).status === 404 ? true : undefined,
    );
    // Declined: the case is no longer theirs; the référents still follow it.
    await row('GET', `/api/referrals/${caseId}`, { anne: 'allowed', paul: 'allowed', physician: 'hidden' });
    await row('GET', `/api/referrals/${caseId}/dossier`, { physician: 'hidden' });
    await row(
      'POST',
      `/api/referrals/${caseId}/physician/complete`,
      { physician: 'hidden' },
      { medical: { history: 'Incomplet' }, aggir: completeAggirGrid },
    );
  });
});
