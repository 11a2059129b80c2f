import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { completeAggirGrid } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { pdfText } from '../support/pdf-text.ts';
import { demo, demoFiness, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, the médecin traitant of a family request: designated by the référent, they find it in
 * « Dossiers à compléter », complete the medical part and the AGGIR grid (GIR computed) or decline.
 * The référents never read a medical value: every answer they get is searched for each one typed.
 */

type Detail = { id: string; dossier: { gir: number | null; missingParts: { path: string }[] }; status: string };
type ToComplete = { items: { id: string; dossierNumber: string; personName: string }[] };

const tag = randomUUID().slice(0, 8);

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

const familyRequest = {
  kind: 'ehpad',
  patient: { lastName: 'Lefèvre', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female', departement: '69' },
  administrative: {
    familySituation: 'widowed',
    stayType: 'permanent',
    address: { street: '3 rue des Tilleuls', postcode: '69003', commune: 'Lyon', departement: '69' },
    contactPerson: { name: 'Anne Lefèvre', relationship: 'Fille', phone: '06 12 34 56 78' },
    legalProtection: { measure: 'none' },
    desiredEntryDate: '2030-01-15',
    financialAids: { apa: 'requested', accommodationSocialAid: 'not_requested', housingAid: 'requested' },
  },
};

/** What the physician types, each value unique to this run so that it can be searched for. */
const medical = {
  history: `Antécédent-${tag} : cardiopathie ischémique`,
  currentProblems: `Problème-${tag} : chutes répétées`,
  treatments: `Traitement-${tag} : Bisoprolol 2,5 mg`,
  careNeeds: `Soins-${tag} : pansements quotidiens`,
  cognitiveBehaviouralIssues: `Troubles-${tag} : désorientation nocturne`,
};
const medicalValues = Object.values(medical);

/** A family request by `referent`, its médecin traitant designated and seen so in the read model. */
async function designatedRequest(platform: TestPlatform, referent: string, body: unknown = familyRequest) {
  const created = await platform.api<Detail>('POST', '/api/family/requests', { as: referent, body });
  expect(created.status, 'the family is never shown a duplicate').toBe(201);
  const caseId = created.body.id;
  await platform.api('POST', `/api/referrals/${caseId}/physician`, {
    as: referent,
    body: { physicianId: demo.physician },
  });
  await waitFor('designated in the read model', async () =>
    (await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.physician })).status === 200 ? true : undefined,
  );
  return caseId;
}

describe('the médecin traitant of a family request', () => {
  it('is designated, completes the medical part and the grid (GIR computed); the référent never reads a medical value', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne');
    const answers: unknown[] = [];
    const asAnne = async <T>(method: string, path: string, body?: unknown) => {
      const answer = await platform.api<T>(method, path, { as: anne, ...(body === undefined ? {} : { body }) });
      answers.push(answer.body);
      return answer;
    };
    const created = await asAnne<Detail>('POST', '/api/family/requests', familyRequest);
    expect(created.status).toBe(201);
    const caseId = created.body.id;

    // Only a registered physician is designated by id.
    const unknown = await asAnne('POST', `/api/referrals/${caseId}/physician`, { physicianId: randomUUID() });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'physician.unknown' } });
    const notAPhysician = await asAnne('POST', `/api/referrals/${caseId}/physician`, {
      physicianId: demo.berthetMember,
    });
    expect(notAPhysician.body).toMatchObject({ code: 'physician.unknown' });
    const designated = await asAnne('POST', `/api/referrals/${caseId}/physician`, { physicianId: demo.physician });
    expect(designated.status, JSON.stringify(designated.body)).toBe(200);

    // Another physician: the case does not exist for them.
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.otherPhysician })).status).toBe(404);
    const list = await waitFor('the dossier to complete', async () => {
      const answer = await platform.api<ToComplete>('GET', '/api/physician/dossiers-a-completer', {
        as: demo.physician,
      });
      return answer.body.items.some((item) => item.id === caseId) ? answer.body.items : undefined;
    });
    expect(list.find((item) => item.id === caseId)).toMatchObject({ personName: 'Jeanne Lefèvre' });
    expect(
      (await platform.api('GET', '/api/physician/dossiers-a-completer', { as: anne })).status,
      'a particulier has no such list',
    ).toBe(403);

    // The référent may not complete it; the physician must fill every part.
    const byAnne = await asAnne('POST', `/api/referrals/${caseId}/physician/complete`, {
      medical,
      aggir: completeAggirGrid,
    });
    expect(byAnne).toMatchObject({ status: 403, body: { code: 'physician.not_designated' } });
    const partial = await platform.api('POST', `/api/referrals/${caseId}/physician/complete`, {
      as: demo.physician,
      body: { medical: { history: medical.history }, aggir: completeAggirGrid },
    });
    expect(partial).toMatchObject({ status: 422, body: { code: 'physician.part_incomplete' } });
    const completed = await platform.api<Detail>('POST', `/api/referrals/${caseId}/physician/complete`, {
      as: demo.physician,
      body: { medical, aggir: completeAggirGrid },
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body.dossier).toMatchObject({ gir: 2, missingParts: [] });
    const physicianDossier = await platform.api<{ content: unknown }>('GET', `/api/referrals/${caseId}/dossier`, {
      as: demo.physician,
    });
    for (const value of medicalValues) expect(JSON.stringify(physicianDossier.body)).toContain(value);
    const after = await platform.api<ToComplete>('GET', '/api/physician/dossiers-a-completer', { as: demo.physician });
    expect(after.body.items.map((item) => item.id)).not.toContain(caseId);

    // Everything the référent reads: the case, its dossier, her list, « Mon espace », her messages.
    const detail = await waitFor('the completed case projected', async () => {
      const answer = await asAnne<Detail>('GET', `/api/referrals/${caseId}`);
      return answer.body.dossier.missingParts.length === 0 ? answer : undefined;
    });
    expect(detail.body.dossier.gir, 'the GIR is not shared').toBeNull();
    const dossier = await asAnne<{ medicalPartVisible: boolean; autonomyPartVisible: boolean }>(
      'GET',
      `/api/referrals/${caseId}/dossier`,
    );
    expect(dossier.body).toMatchObject({ medicalPartVisible: false, autonomyPartVisible: false });
    await asAnne('GET', '/api/family/requests');
    // Her own edit of the administrative part cannot bring a medical part in, nor remove the physician's.
    const edited = await asAnne('PUT', `/api/referrals/${caseId}/dossier`, {
      dossier: { administrative: familyRequest.administrative, medical: { history: 'Écrit par la famille' } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const afterEdit = await platform.api<{ content: { medical?: { history?: string } } }>(
      'GET',
      `/api/referrals/${caseId}/dossier`,
      { as: demo.physician },
    );
    expect(afterEdit.body.content.medical?.history).toBe(medical.history);
    // Her pages: the espace particulier's, and the case's pages she can reach (draft steps, dossier, PDF).
    const cookie = await platform.cookieOf(anne);
    const statuses: string[] = [];
    for (const path of [
      '/',
      `/particulier/demandes/${caseId}`,
      `/demandes/${caseId}`,
      `/demandes/${caseId}/dossier`,
      `/demandes/${caseId}/brouillon`,
      `/demandes/${caseId}/brouillon/medical`,
      `/demandes/${caseId}/brouillon/autonomie`,
    ]) {
      const page = await platform.app.request(`http://localhost${path}`, { headers: { cookie } });
      statuses.push(`${path} ${page.status}`);
      answers.push(`${path} ${page.status} ${await page.text()}`);
    }
    const pdf = await platform.app.request(`http://localhost/demandes/${caseId}/dossier.pdf`, { headers: { cookie } });
    statuses.push(`pdf ${pdf.status}`);
    if (pdf.status === 200) answers.push(pdfText(Buffer.from(await pdf.arrayBuffer())));
    expect(statuses.filter((line) => / 5\d\d$/.test(line))).toEqual([]);
    const messages = await waitFor('the référent told', async () => {
      const all = await platform.messagesOf(caseId);
      return all.some((message) => message.template === 'referent_dossier_completed') ? all : undefined;
    });
    const hers = messages.filter((message) => message.recipientId === anne);
    expect(hers.map((message) => message.template)).toContain('referent_dossier_completed');
    answers.push(...hers.map((message) => [message.subject, message.textBody, message.htmlBody, message.data]));

    // Complete: she sends it to the facilities she chose (the existing commands, hers as requester).
    const berthet = await platform.facilityId(demoFiness.berthet);
    const added = await asAnne('POST', `/api/referrals/${caseId}/facilities`, { facilityIds: [berthet] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const sent = await asAnne<Detail>('POST', `/api/referrals/${caseId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.status).toBe('sent');
    // The facility's doctor reads the medical part, as for any request.
    const facilityDossier = await waitFor('sent to the facility', async () => {
      const answer = await platform.api('GET', `/api/referrals/${caseId}/dossier`, { as: demo.berthetDoctor });
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(JSON.stringify(facilityDossier)).toContain(medical.treatments);
    await asAnne('GET', `/api/referrals/${caseId}`);
    await asAnne('GET', `/api/referrals/${caseId}/dossier`);

    const everything = JSON.stringify(answers);
    expect(answers.length).toBeGreaterThan(8);
    for (const value of medicalValues) expect(everything, `the référent read « ${value} »`).not.toContain(value);
    expect(everything).not.toContain(`-${tag} `);
  });

  it('shares the GIR with the référents only when the physician says so', async ({ platform }) => {
    const anne = await particulier(platform.db, 'Anne2');
    const caseId = await designatedRequest(platform, anne);
    const completed = await platform.api('POST', `/api/referrals/${caseId}/physician/complete`, {
      as: demo.physician,
      body: { medical, aggir: completeAggirGrid, shareGir: true },
    });
    expect(completed.status).toBe(200);
    const detail = await waitFor('the shared GIR', async () => {
      const answer = await platform.api<Detail>('GET', `/api/referrals/${caseId}`, { as: anne });
      return answer.body.dossier.gir !== null ? answer.body : undefined;
    });
    expect(detail.dossier.gir).toBe(2);
    const dossier = await platform.api('GET', `/api/referrals/${caseId}/dossier`, { as: anne });
    const text = JSON.stringify(dossier.body);
    for (const value of medicalValues) expect(text).not.toContain(value);
    expect(text).not.toContain('discriminant');
  });

  it('declines (« je ne suis pas le médecin de cette personne »): the référent is told, the physician sees it no more', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne3');
    const caseId = await designatedRequest(platform, anne);
    const declined = await platform.api('POST', `/api/referrals/${caseId}/physician/decline`, { as: demo.physician });
    expect(declined.status, JSON.stringify(declined.body)).toBe(204);
    await waitFor('gone for the physician', async () =>
      (await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.physician })).status === 404 ? true : undefined,
    );
    const list = await platform.api<ToComplete>('GET', '/api/physician/dossiers-a-completer', { as: demo.physician });
    expect(list.body.items.map((item) => item.id)).not.toContain(caseId);
    const again = await platform.api('POST', `/api/referrals/${caseId}/physician/complete`, {
      as: demo.physician,
      body: { medical, aggir: completeAggirGrid },
    });
    expect(again.status).toBe(404);
    const told = await waitFor('the référent told', async () => {
      const all = await platform.messagesOf(caseId);
      return all.find((message) => message.template === 'referent_physician_declined');
    });
    expect(told.recipientId).toBe(anne);
    // She designates another one.
    const other = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: anne,
      body: { physicianId: demo.otherPhysician },
    });
    expect(other.status).toBe(200);
  });

  it('is told at validation of the professional requests in progress for the same person, and validates once sure', async ({
    platform,
    createReferralCase,
  }) => {
    // A person of this test only, so that no other story of the file meets this professional request.
    const person = { lastName: `Roux-${tag}`, firstName: 'Marcelle', birthDate: '1936-09-02', sex: 'female' as const };
    await createReferralCase({ facilities: ['berthet'], patient: person, requester: demo.otherPhysician });
    const anne = await particulier(platform.db, 'Anne4');
    const caseId = await designatedRequest(platform, anne, {
      ...familyRequest,
      patient: { ...familyRequest.patient, ...person },
    });

    const refused = await platform.api<{ code: string; details: { referrals: Record<string, unknown>[] } }>(
      'POST',
      `/api/referrals/${caseId}/physician/complete`,
      { as: demo.physician, body: { medical, aggir: completeAggirGrid } },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('referral.possible_professional_duplicate');
    const [duplicate, ...others] = refused.body.details.referrals;
    expect(others).toEqual([]);
    expect(duplicate).toMatchObject({ kind: 'ehpad', status: 'sent' });
    expect(duplicate?.requesterName, 'who to ask').toEqual(expect.any(String));
    expect(duplicate, 'another physician’s case is not theirs to open').not.toHaveProperty('id');
    const still = await platform.api<ToComplete>('GET', '/api/physician/dossiers-a-completer', { as: demo.physician });
    expect(
      still.body.items.map((item) => item.id),
      'nothing validated',
    ).toContain(caseId);

    const validated = await platform.api<Detail>('POST', `/api/referrals/${caseId}/physician/complete`, {
      as: demo.physician,
      body: { medical, aggir: completeAggirGrid, confirmNotDuplicate: true },
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    expect(validated.body.dossier.missingParts).toEqual([]);
  });

  it('is refused on a professional’s request', async ({ platform, createReferralCase }) => {
    const { id: caseId } = await createReferralCase({ facilities: ['berthet'], send: false });
    const answer = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: demo.physician,
      body: { physicianId: demo.otherPhysician },
    });
    expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ code: 'referral.not_family' });
    expect(answer.status).toBe(409);
  });
});
