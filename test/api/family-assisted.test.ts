import { describe, expect } from 'vitest';
import { todayInParis } from '../../domain/calendar/days.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { inDays } from '../support/days.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { mailboxOf, particulierEmail, particulierPassword, personBrowser } from '../support/particuliers.ts';
import { demo } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15 item 6, assisted creation: a professional (here the admissions staff of an EHPAD
 * receiving the person) creates the user-side request on the person's behalf, recording her
 * consent (who, which day, how), and hands it to a référent by invitation. The professional's
 * access ends when the référent takes over, unless the référent keeps it; then until they end it.
 */

type Detail = {
  id: string;
  dossierNumber: string | null;
  origin: string;
  requester: { id: string };
  assistance: {
    professional: { id: string; displayName: string };
    consent: { givenBy: string; givenOn: string; how: string; howLabel: string };
    keptByReferent: boolean;
    endedAt: string | null;
  } | null;
};
type Refusal = { code: string; message: string };

const assistedRequest = (overrides: Record<string, unknown> = {}) => ({
  kind: 'ehpad',
  patient: { lastName: 'Accompagnée', firstName: 'Rose', birthDate: '1935-09-09', sex: 'female', departement: '69' },
  consent: { givenBy: 'Rose Accompagnée', givenOn: todayInParis(), how: 'oral' },
  ...overrides,
});

const newAccount = (displayName: string) => ({
  displayName,
  password: particulierPassword,
  cguVersion: currentCgu().version,
  cguAccepted: true,
});

/** The référent invitation link e-mailed to `email`. */
function tokenFor(platform: Parameters<typeof mailboxOf>[0], email: string) {
  return waitFor('the invitation in the development mailbox', async () => {
    const mail = (await mailboxOf(platform, email)).find((item) => item.template === 'family_referent_invitation');
    return mail ? /\/invitation\/famille\?jeton=([a-z2-7]+)/.exec(mail.text)?.[1] : undefined;
  });
}

/** The professional creates the request and invites the daughter, who accepts with a new account. */
async function handedOver(
  platform: Parameters<typeof mailboxOf>[0] & Parameters<typeof personBrowser>[0],
  keepAssistingProfessional: boolean,
) {
  const created = await platform.api<Detail>('POST', '/api/family/assisted-requests', {
    as: demo.berthetMember,
    body: assistedRequest({ consent: { givenBy: 'Rose Accompagnée', givenOn: inDays(-2), how: 'written' } }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const caseId = created.body.id;
  const email = particulierEmail();
  const sent = await platform.api('POST', '/api/family/invitations', {
    as: demo.berthetMember,
    body: { caseId, email },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const token = await tokenFor(platform, email);
  const accepted = await personBrowser(platform).request<{ userId: string }>('POST', '/api/family/invitations/accept', {
    json: { token, keepAssistingProfessional, account: newAccount('Claire Accompagnée') },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return { caseId, created: created.body, daughter: accepted.body.userId };
}

describe('a request created by a professional on the person’s behalf', () => {
  it('records the consent and makes the professional its requester until a référent takes it over', async ({
    platform,
  }) => {
    // Only a professional who assists the person (a physician creates a request of their own).
    const byPhysician = await platform.api<Refusal>('POST', '/api/family/assisted-requests', {
      as: demo.physician,
      body: assistedRequest(),
    });
    expect(byPhysician).toMatchObject({ status: 403, body: { code: 'family.assisted_not_allowed' } });
    const future = await platform.api<Refusal & { details: { path: string }[] }>(
      'POST',
      '/api/family/assisted-requests',
      {
        as: demo.berthetMember,
        body: assistedRequest({ consent: { givenBy: 'Rose Accompagnée', givenOn: inDays(3), how: 'oral' } }),
      },
    );
    expect(future.status).toBe(422);
    expect(JSON.stringify(future.body.details)).toContain('jour à venir');
    const noConsent = await platform.api('POST', '/api/family/assisted-requests', {
      as: demo.berthetMember,
      body: assistedRequest({ consent: undefined }),
    });
    expect(noConsent.status).toBe(422);

    const created = await platform.api<Detail>('POST', '/api/family/assisted-requests', {
      as: demo.berthetMember,
      body: assistedRequest(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      origin: 'family',
      requester: { id: demo.berthetMember },
      assistance: {
        professional: { id: demo.berthetMember },
        consent: { givenBy: 'Rose Accompagnée', givenOn: todayInParis(), how: 'oral', howLabel: 'À l’oral' },
        keptByReferent: false,
        endedAt: null,
      },
    });
    expect(created.body.dossierNumber).toMatch(/^P-\d{4}-\d{6}$/);
    // The professional prepares the administrative part; never the medical part nor the grid.
    const dossier = await platform.api<{ medicalPartVisible: boolean; autonomyPartVisible: boolean }>(
      'GET',
      `/api/referrals/${created.body.id}/dossier`,
      { as: demo.berthetMember },
    );
    expect(dossier.body).toMatchObject({ medicalPartVisible: false, autonomyPartVisible: false });
    // Nobody else of the facility, nor any other professional, sees it.
    expect((await platform.api('GET', `/api/referrals/${created.body.id}`, { as: demo.elisabethMember })).status).toBe(
      404,
    );
  });

  it('ends the professional’s access when the référent takes it over; the référent sees the consent', async ({
    platform,
  }) => {
    const { caseId, daughter } = await handedOver(platform, false);
    const seen = await waitFor('the request taken over', async () => {
      const answer = await platform.api<Detail>('GET', `/api/referrals/${caseId}`, { as: daughter });
      return answer.status === 200 && answer.body.requester.id === daughter ? answer.body : undefined;
    });
    expect(seen.assistance).toMatchObject({
      professional: { id: demo.berthetMember },
      consent: { givenBy: 'Rose Accompagnée', givenOn: inDays(-2), how: 'written', howLabel: 'Par écrit' },
      keptByReferent: false,
    });
    expect(seen.assistance?.endedAt).not.toBeNull();
    await waitFor('the professional’s access gone', async () => {
      const answer = await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.berthetMember });
      return answer.status === 404 || undefined;
    });
    // Nor may they invite anyone any more.
    const invite = await platform.api<Refusal>('POST', '/api/family/invitations', {
      as: demo.berthetMember,
      body: { caseId, email: particulierEmail() },
    });
    expect(invite.status).toBe(404);
    // The référent now acts as the requester: she designates the physician.
    const designated = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: daughter,
      body: { physicianId: demo.physician },
    });
    expect(designated.status, JSON.stringify(designated.body)).toBe(200);
    const ended = await platform.api<Refusal>('POST', `/api/family/requests/${caseId}/assistance/end`, {
      as: daughter,
    });
    expect(ended).toMatchObject({ status: 409, body: { code: 'family.assistance_not_active' } });
  });

  it('keeps the professional while the référent wants, until she ends it', async ({ platform }) => {
    const { caseId, daughter } = await handedOver(platform, true);
    const seen = await waitFor('the request taken over', async () => {
      const answer = await platform.api<Detail>('GET', `/api/referrals/${caseId}`, { as: daughter });
      return answer.status === 200 && answer.body.requester.id === daughter ? answer.body : undefined;
    });
    expect(seen.assistance).toMatchObject({ keptByReferent: true, endedAt: null });
    const kept = await platform.api<Detail>('GET', `/api/referrals/${caseId}`, { as: demo.berthetMember });
    expect(kept.status).toBe(200);
    expect(kept.body.assistance).toMatchObject({ keptByReferent: true });
    // The kept professional follows; the requester's commands are the référent's now.
    const cancel = await platform.api<Refusal>('POST', `/api/referrals/${caseId}/cancel`, {
      as: demo.berthetMember,
      body: { reason: 'Essai' },
    });
    expect(cancel).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    // Only a référent ends it.
    const byProfessional = await platform.api<Refusal>('POST', `/api/family/requests/${caseId}/assistance/end`, {
      as: demo.berthetMember,
    });
    expect(byProfessional).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const ended = await platform.api('POST', `/api/family/requests/${caseId}/assistance/end`, { as: daughter });
    expect(ended.status, JSON.stringify(ended.body)).toBe(204);
    await waitFor('the professional’s access gone', async () => {
      const answer = await platform.api('GET', `/api/referrals/${caseId}`, { as: demo.berthetMember });
      return answer.status === 404 || undefined;
    });
  });
});
