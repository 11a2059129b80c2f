import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { addReferent } from '../../services/family/referents.ts';
import { completeAggirGrid } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { mailboxOf, particulierEmail, particulierPassword, personBrowser } from '../support/particuliers.ts';
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

  it('gives the assisting professional the request until the référent takes it over, and nobody else', async ({
    platform,
  }) => {
    const marc = await particulier(platform.db, 'Marcel');
    const people = {
      berthetMember: demo.berthetMember,
      elisabethMember: demo.elisabethMember,
      coordinator69: demo.coordinatorRhone,
      physician: demo.physician,
      marc,
    };
    type Person = keyof typeof people | 'daughter';
    const ids: Record<string, string> = { ...people };
    const probe = async (person: Person, method: string, path: string, body?: unknown) =>
      outcomeOf(await platform.api(method, path, { as: ids[person] ?? '', ...(body === undefined ? {} : { body }) }));
    const row = async (method: string, path: string, expected: Partial<Record<Person, Outcome>>, body?: unknown) => {
      const got: Partial<Record<Person, Outcome>> = {};
      for (const person of Object.keys(expected) as Person[]) got[person] = await probe(person, method, path, body);
      expect(got, `${method} ${path}`).toEqual(expected);
    };
    const assisted = {
      kind: 'ehpad',
      patient: { lastName: 'Matrice', firstName: 'Rose', birthDate: '1935-09-09', sex: 'female', departement: '69' },
      consent: { givenBy: 'Rose Matrice', givenOn: todayInParis(), how: 'oral' },
    };
    // Creating on a person's behalf: a professional who assists them, never a family nor a physician.
    await row('POST', '/api/family/assisted-requests', { marc: 'forbidden', physician: 'forbidden' }, assisted);
    const created = await platform.api<{ id: string }>('POST', '/api/family/assisted-requests', {
      as: demo.berthetMember,
      body: assisted,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.id;

    // Before hand-over: the professional who created it, and nobody else (their colleagues neither).
    await row('GET', `/api/referrals/${caseId}`, {
      berthetMember: 'allowed',
      elisabethMember: 'hidden',
      physician: 'hidden',
      marc: 'hidden',
    });
    await row('GET', `/api/referrals/${caseId}/dossier`, { berthetMember: 'allowed', marc: 'hidden' });
    const invite = (email: string) => ({ caseId, email });
    await row(
      'POST',
      '/api/family/invitations',
      { marc: 'hidden', elisabethMember: 'hidden' },
      invite(particulierEmail()),
    );
    const email = particulierEmail();
    expect(await probe('berthetMember', 'POST', '/api/family/invitations', invite(email))).toBe('allowed');
    const token = await waitFor('the invitation in the development mailbox', async () => {
      const mail = (await mailboxOf(platform, email)).find((item) => item.template === 'family_referent_invitation');
      return mail ? /\/invitation\/famille\?jeton=([a-z2-7]+)/.exec(mail.text)?.[1] : undefined;
    });
    const accepted = await personBrowser(platform).request<{ userId: string }>(
      'POST',
      '/api/family/invitations/accept',
      {
        json: {
          token,
          keepAssistingProfessional: false,
          account: {
            displayName: 'Claire Matrice',
            password: particulierPassword,
            cguVersion: currentCgu().version,
            cguAccepted: true,
          },
        },
      },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    ids.daughter = accepted.body.userId;
    await waitFor('the request taken over in the read model', async () =>
      (await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.berthetMember })).status === 404
        ? true
        : undefined,
    );

    // After hand-over: the daughter's; the professional's access has ended.
    await row('GET', `/api/referrals/${caseId}`, { daughter: 'allowed', berthetMember: 'hidden', marc: 'hidden' });
    await row('GET', `/api/referrals/${caseId}/dossier`, { daughter: 'allowed', berthetMember: 'hidden' });
    await row(
      'POST',
      '/api/family/invitations',
      { berthetMember: 'hidden', marc: 'hidden' },
      invite(particulierEmail()),
    );
    await row(
      'POST',
      `/api/referrals/${caseId}/physician`,
      { daughter: 'allowed', berthetMember: 'hidden' },
      {
        physicianId: demo.physician,
      },
    );
  });
});
