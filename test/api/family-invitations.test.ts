import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { familyInvitations } from '../../db/schema-family.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { claimPhysicianInvitationsOf } from '../../services/family/invitations.ts';
import { inDays } from '../support/days.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { mailboxOf, particulierEmail, particulierPassword, personBrowser } from '../support/particuliers.ts';
import { demo } from '../support/platform.ts';
import { createReferralCase } from '../support/referral-cases.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, invitations of a family request: a référent invites a relative by e-mail, who accepts
 * with their particulier account (created at acceptance if needed); the médecin traitant not on the
 * platform is invited through the designation by e-mail and finds the dossier once signed in; the
 * physician invites the family on their own request. What each person checks: the message (dossier
 * number and inviter's name, nothing about the person), who sees the case, the refusals' codes.
 */

type Detail = {
  id: string;
  dossierNumber: string | null;
  status: string;
  requester: { id: string };
  tasks: { id: string; status: string }[];
};
type Refusal = { code: string; message: string };

const tag = randomUUID().slice(0, 8);

async function particulier(db: Database, name: string, email = `${name.toLowerCase()}-${tag}@particulier.test`) {
  const [row] = await db
    .insert(users)
    .values({ role: 'particulier', displayName: name, email, emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  return { id: row.id, email };
}

const familyRequest = {
  kind: 'ehpad',
  patient: { lastName: 'Invitée', firstName: 'Odette', birthDate: '1936-02-03', sex: 'female', departement: '69' },
};

/** The token of the newest invitation link of this template e-mailed to `email`. */
function invitationLink(
  platform: Parameters<typeof mailboxOf>[0],
  email: string,
  template: string,
  path: 'famille' | 'medecin',
) {
  return waitFor(`the ${template} in the development mailbox`, async () => {
    const mail = (await mailboxOf(platform, email)).find((item) => item.template === template);
    const token = mail ? new RegExp(`/invitation/${path}\\?jeton=([a-z2-7]+)`).exec(mail.text)?.[1] : undefined;
    return mail && token ? { mail, token } : undefined;
  });
}

describe('référent invitations', () => {
  it('a référent invites her brother, who creates his account from the link and follows the same request', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const dossierNumber = created.body.dossierNumber ?? '';

    const paulEmail = particulierEmail();
    const sent = await platform.api<{ id: string; message: string }>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: paulEmail.toUpperCase() },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const { mail, token } = await invitationLink(platform, paulEmail, 'family_referent_invitation', 'famille');
    // The message names the dossier and who invites, never the person nor anything about her health.
    expect(mail.subject).toContain(dossierNumber);
    expect(mail.text).toContain('Anne');
    expect(mail.text).not.toContain('Odette');
    expect(mail.text).not.toContain('Invitée');

    // Without a session: the account is asked for, and created with the sign-up rules.
    const browser = personBrowser(platform);
    const accept = (body: object) =>
      browser.request<Record<string, unknown>>('POST', '/api/family/invitations/accept', { json: body });
    expect((await accept({ token })).body).toMatchObject({ code: 'family.invitation_account_required' });
    const account = {
      displayName: 'Paul Lefèvre',
      password: particulierPassword,
      cguVersion: currentCgu().version,
      cguAccepted: true,
    };
    expect((await accept({ token, account: { ...account, password: 'court' } })).body).toMatchObject({
      code: 'auth.weak_password',
    });
    expect((await accept({ token, account: { ...account, cguAccepted: false } })).body).toMatchObject({
      code: 'auth.cgu_not_accepted',
    });
    const accepted = await accept({ token, account });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ caseId, accountCreated: true, href: `/particulier/demandes/${caseId}` });
    const paulId = String(accepted.body.userId);
    const [paul] = await platform.db.select().from(users).where(eq(users.id, paulId));
    expect(paul).toMatchObject({ role: 'particulier', email: paulEmail });
    expect(paul?.emailVerifiedAt, 'the link proved the address').not.toBeNull();

    // The link served once.
    expect((await accept({ token, account })).body).toMatchObject({ code: 'family.invitation_invalid' });

    // Paul sees the same request: « Mon espace » lists it, its page opens, as for Anne.
    const listed = await waitFor('the request in Paul’s list', async () => {
      const answer = await platform.api<{ items: { id: string; dossierNumber: string }[] }>(
        'GET',
        '/api/family/requests',
        { as: paulId },
      );
      return answer.body.items.find((item) => item.id === caseId);
    });
    expect(listed.dossierNumber).toBe(dossierNumber);
    const seen = await platform.api<Detail>('GET', `/api/referrals/${caseId}`, { as: paulId });
    expect(seen.status).toBe(200);
    expect(seen.body.dossierNumber).toBe(dossierNumber);
    // He follows it; the requester's commands stay Anne's, who created it.
    const designated = await platform.api<Refusal>('POST', `/api/referrals/${caseId}/physician`, {
      as: paulId,
      body: { physicianId: demo.physician },
    });
    expect(designated).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });

    // Inviting him again: he follows it already.
    const again = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: paulEmail },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'referral.referent_already' } });
  });

  it('lists the invitations still waiting to those who may invite, and withdraws one: its link stops working', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Annick');
    const marc = await particulier(platform.db, 'Marcelin');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    const caseId = created.body.id;
    const cousinEmail = particulierEmail();
    const sent = await platform.api<{ id: string }>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: cousinEmail },
    });
    expect(sent.status).toBe(201);
    type Pending = { items: { id: string; email: string; invitedBy: string; expiresAt: string }[] };
    const listed = await platform.api<Pending>('GET', `/api/family/requests/${caseId}/invitations`, { as: anne.id });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: sent.body.id, email: cousinEmail })]);
    // Another family's référent: not even the request.
    expect(
      (await platform.api<Refusal>('GET', `/api/family/requests/${caseId}/invitations`, { as: marc.id })).body,
    ).toMatchObject({ code: 'referral.not_found' });
    const withdraw = (as: string) =>
      platform.api<Refusal>('POST', `/api/family/requests/${caseId}/invitations/${sent.body.id}/withdraw`, { as });
    expect((await withdraw(marc.id)).body).toMatchObject({ code: 'referral.not_found' });
    expect((await withdraw(anne.id)).status).toBe(200);
    // Once only; the link no longer opens anything; the list is empty.
    expect(await withdraw(anne.id)).toMatchObject({ status: 404, body: { code: 'family.invitation_not_pending' } });
    const { token } = await invitationLink(platform, cousinEmail, 'family_referent_invitation', 'famille');
    const accepted = await personBrowser(platform).request('POST', '/api/family/invitations/accept', {
      json: {
        token,
        account: {
          displayName: 'Cousin Tardif',
          password: particulierPassword,
          cguVersion: currentCgu().version,
          cguAccepted: true,
        },
      },
    });
    expect(accepted.body).toMatchObject({ code: 'family.invitation_invalid' });
    const after = await platform.api<Pending>('GET', `/api/family/requests/${caseId}/invitations`, { as: anne.id });
    expect(after.body.items).toEqual([]);
  });

  it('refuses a professional as référent, a stranger’s invitation, an existing account without its session; counts the invitations', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne2');
    const stranger = await particulier(platform.db, 'Inconnue');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    const caseId = created.body.id;

    // A référent is never a professional of the case: the address of a professional's account.
    const professional = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: 'claire.martin@demo.parcours.local' },
    });
    expect(professional).toMatchObject({ status: 422, body: { code: 'family.referent_is_professional' } });
    expect(professional.body.message).toMatch(/jamais un professionnel/);
    // Someone who does not follow the request: it does not exist for them.
    const byStranger = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: stranger.id,
      body: { caseId, email: particulierEmail() },
    });
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'referral.not_found' } });
    const invalid = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: 'pas-une-adresse' },
    });
    expect(invalid.status).toBe(422);

    // An address that has an account: its owner signs in first, then accepts with it.
    const cousin = await particulier(platform.db, 'Cousine');
    await platform.api('POST', '/api/family/invitations', { as: anne.id, body: { caseId, email: cousin.email } });
    const { token } = await invitationLink(platform, cousin.email, 'family_referent_invitation', 'famille');
    const anonymous = await personBrowser(platform).request('POST', '/api/family/invitations/accept', {
      json: {
        token,
        account: {
          displayName: 'Autre',
          password: particulierPassword,
          cguVersion: currentCgu().version,
          cguAccepted: true,
        },
      },
    });
    expect(anonymous).toMatchObject({ status: 409, body: { code: 'family.invitation_login_first' } });
    // A professional's session cannot accept it either.
    const asPhysician = await platform.api<Refusal>('POST', '/api/family/invitations/accept', {
      as: demo.physician,
      body: { token },
    });
    expect(asPhysician).toMatchObject({ status: 422, body: { code: 'family.referent_is_professional' } });
    const signedIn = await platform.api<{ accountCreated: boolean }>('POST', '/api/family/invitations/accept', {
      as: cousin.id,
      body: { token },
    });
    expect(signedIn).toMatchObject({ status: 200, body: { accountCreated: false } });
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: cousin.id })).status).toBe(200);

    // Per invited address: five invitations a day at most, whoever sends them.
    const target = particulierEmail();
    for (let sentCount = 0; sentCount < 5; sentCount += 1) {
      const answer = await platform.api('POST', '/api/family/invitations', {
        as: anne.id,
        body: { caseId, email: target },
      });
      expect(answer.status).toBe(201);
    }
    const limited = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: anne.id,
      body: { caseId, email: target },
    });
    expect(limited).toMatchObject({ status: 429, body: { code: 'auth.rate_limited' } });
    // Only the newest of the five links works: the others were replaced.
    const pending = await platform.db
      .select({ withdrawnAt: familyInvitations.withdrawnAt })
      .from(familyInvitations)
      .where(eq(familyInvitations.email, target));
    expect(pending.filter((row) => row.withdrawnAt === null)).toHaveLength(1);
  });
});

describe('the médecin traitant invited by e-mail', () => {
  it('receives the dossier number and the inviter’s name, joins, and finds the dossier in « Dossiers à compléter »', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne3');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    const caseId = created.body.id;
    const dossierNumber = created.body.dossierNumber ?? '';
    const doctorEmail = `dr-${randomUUID().slice(0, 8)}@cabinet.test`;

    const designated = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: anne.id,
      body: { invitedEmail: doctorEmail },
    });
    expect(designated.status, JSON.stringify(designated.body)).toBe(200);
    const { mail, token } = await invitationLink(platform, doctorEmail, 'family_physician_invitation', 'medecin');
    expect(mail.subject).toContain(dossierNumber);
    expect(mail.text).toContain('Anne3');
    expect(mail.text).toMatch(/Pro Santé Connect/);
    expect(mail.text).not.toContain('Odette');

    // A particulier cannot take a physician's invitation.
    const byAnne = await platform.api<Refusal>('POST', '/api/physicians/invitations/accept', {
      as: anne.id,
      body: { token },
    });
    expect(byAnne).toMatchObject({ status: 403, body: { code: 'physician.invitation_not_physician' } });

    // The physician's account (as the Pro Santé Connect enrolment creates it, with another address).
    const [doctor] = await platform.db
      .insert(users)
      .values({
        role: 'physician',
        displayName: 'Dr Hugo Invité',
        email: `hugo-${tag}@autre-cabinet.test`,
        rpps: `1${String(Date.now()).slice(-10)}`,
      })
      .returning({ id: users.id });
    if (!doctor) throw new Error('not created');
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: doctor.id })).status).toBe(404);
    const claimed = await platform.api<{ caseId: string }>('POST', '/api/physicians/invitations/accept', {
      as: doctor.id,
      body: { token },
    });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.caseId).toBe(caseId);
    const waiting = await waitFor('the dossier in « Dossiers à compléter »', async () => {
      const answer = await platform.api<{ items: { id: string; dossierNumber: string }[] }>(
        'GET',
        '/api/physician/dossiers-a-completer',
        { as: doctor.id },
      );
      return answer.body.items.find((item) => item.id === caseId);
    });
    expect(waiting.dossierNumber).toBe(dossierNumber);
    expect((await platform.api('GET', `/api/referrals/${caseId}`, { as: doctor.id })).status).toBe(200);
    // Once only.
    const twice = await platform.api<Refusal>('POST', '/api/physicians/invitations/accept', {
      as: demo.otherPhysician,
      body: { token },
    });
    expect(twice).toMatchObject({ status: 404, body: { code: 'family.invitation_invalid' } });
  });

  it('joins through the enrolment with the invited address: the dossier waits without opening the link; a replaced designation is not claimed', async ({
    platform,
  }) => {
    const anne = await particulier(platform.db, 'Anne4');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    const caseId = created.body.id;
    const doctorEmail = `dr-${randomUUID().slice(0, 8)}@cabinet.test`;
    await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: anne.id,
      body: { invitedEmail: doctorEmail },
    });
    const other = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    await platform.api('POST', `/api/referrals/${other.body.id}/physician`, {
      as: anne.id,
      body: { invitedEmail: doctorEmail },
    });
    // On the second request the family chose a registered physician meanwhile.
    await platform.api('POST', `/api/referrals/${other.body.id}/physician`, {
      as: anne.id,
      body: { physicianId: demo.physician },
    });
    const [doctor] = await platform.db
      .insert(users)
      .values({
        role: 'physician',
        displayName: 'Dr Léa Invitée',
        email: doctorEmail,
        rpps: `2${String(Date.now()).slice(-10)}`,
      })
      .returning({ id: users.id });
    if (!doctor) throw new Error('not created');
    // What createPhysicianFromEnrolment runs once the account exists.
    const claimed = await claimPhysicianInvitationsOf(
      { db: platform.db, temporal: platform.client, taskQueue: platform.taskQueue, appUrl: platform.appUrl },
      { userId: doctor.id, email: doctorEmail.toUpperCase() },
    );
    expect(claimed).toEqual([caseId]);
    await waitFor('the dossier in « Dossiers à compléter »', async () => {
      const answer = await platform.api<{ items: { id: string }[] }>('GET', '/api/physician/dossiers-a-completer', {
        as: doctor.id,
      });
      return answer.body.items.some((item) => item.id === caseId) || undefined;
    });
    expect((await platform.api('GET', `/api/referrals/${other.body.id}`, { as: doctor.id })).status).toBe(404);
  });

  it('designates at once a physician registered with the address typed', async ({ platform }) => {
    const anne = await particulier(platform.db, 'Anne5');
    const created = await platform.api<Detail>('POST', '/api/family/requests', { as: anne.id, body: familyRequest });
    const caseId = created.body.id;
    const designated = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: anne.id,
      body: { invitedEmail: 'Claire.Martin@demo.parcours.local' },
    });
    expect(designated.status).toBe(200);
    await waitFor('the dossier in Dr Martin’s list', async () => {
      const answer = await platform.api<{ items: { id: string }[] }>('GET', '/api/physician/dossiers-a-completer', {
        as: demo.physician,
      });
      return answer.body.items.some((item) => item.id === caseId) || undefined;
    });
    expect(await mailboxOf(platform, 'claire.martin@demo.parcours.local')).not.toContainEqual(
      expect.objectContaining({ template: 'family_physician_invitation' }),
    );
  });
});

describe('the physician invites the family on their own request', () => {
  it('the family follows it without the medical part and chooses among the acceptances; the physician stays its requester', async ({
    platform,
  }) => {
    const referral = await createReferralCase(platform, {
      facilities: ['berthet', 'elisabeth'],
      answers: { berthet: { accept: { proposedEntryDate: inDays(30) } } },
    });
    const familyEmail = particulierEmail();
    const byFacility = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: referral.facilities.berthet.member.id,
      body: { caseId: referral.id, email: familyEmail },
    });
    expect(byFacility).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const sent = await platform.api('POST', '/api/family/invitations', {
      as: demo.physician,
      body: { caseId: referral.id, email: familyEmail },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const { mail, token } = await invitationLink(platform, familyEmail, 'family_referent_invitation', 'famille');
    expect(mail.text).toContain('Claire Martin');
    const accepted = await personBrowser(platform).request<{ userId: string }>(
      'POST',
      '/api/family/invitations/accept',
      {
        json: {
          token,
          account: {
            displayName: 'Marc Fabrique',
            password: particulierPassword,
            cguVersion: currentCgu().version,
            cguAccepted: true,
          },
        },
      },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const marc = accepted.body.userId;

    const seen = await waitFor('the case for the family', async () => {
      const answer = await platform.api<Detail>('GET', `/api/referrals/${referral.id}`, { as: marc });
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(seen.requester.id).toBe(demo.physician);
    const dossier = await platform.api<{ medicalPartVisible: boolean; autonomyPartVisible: boolean; content: object }>(
      'GET',
      `/api/referrals/${referral.id}/dossier`,
      { as: marc },
    );
    expect(dossier.body).toMatchObject({ medicalPartVisible: false, autonomyPartVisible: false });
    expect(dossier.body.content).not.toHaveProperty('medical');
    expect(dossier.body.content).not.toHaveProperty('autonomy');
    const list = await platform.api<{ items: { id: string }[] }>('GET', '/api/family/requests', { as: marc });
    expect(list.body.items.map((item) => item.id)).toContain(referral.id);

    // The physician keeps the request: the family only chooses.
    const cancel = await platform.api<Refusal>('POST', `/api/referrals/${referral.id}/cancel`, {
      as: marc,
      body: { reason: 'Essai' },
    });
    expect(cancel).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const chosen = await platform.api<Detail>('POST', `/api/referrals/${referral.id}/choose`, {
      as: marc,
      body: { taskId: referral.facilities.berthet.taskId },
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.status).toBe('facility_chosen');
  });
});
