import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { freshRpps } from '../support/accounts.ts';
import { completeDossier } from '../support/dossiers.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import {
  mailboxOf,
  particulierEmail,
  particulierPassword,
  personBrowser,
  signedInBrowser,
} from '../support/particuliers.ts';
import { demo, demoFiness } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

type Platform = Parameters<typeof mailboxOf>[0] & Parameters<typeof personBrowser>[0];

/** A browser signed in as a new particulier with a family request of her own. */
async function referentWithRequest(platform: Platform & { db: import('../../db/client.ts').Database }) {
  const [row] = await platform.db
    .insert(users)
    .values({ role: 'particulier', displayName: 'Anne Invite', email: particulierEmail(), emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  if (!row) throw new Error('not created');
  const created = await platform.api<{ id: string; dossierNumber: string }>('POST', '/api/family/requests', {
    as: row.id,
    body: {
      patient: { lastName: 'Invitée', firstName: 'Odette', birthDate: '1936-02-03', sex: 'female', departement: '69' },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const b = await signedInBrowser(platform, row.id);
  return { b, userId: row.id, caseId: created.body.id, dossierNumber: created.body.dossierNumber };
}

/** The path of the newest invitation link of this template e-mailed to `email`. */
function invitationPath(platform: Platform, email: string, template: string) {
  return waitFor(`the ${template} in the development mailbox`, async () => {
    const mail = (await mailboxOf(platform, email)).find((item) => item.template === template);
    return mail ? /\/invitation\/(?:famille|medecin)\?jeton=[a-z2-7]+/.exec(mail.text)?.[0] : undefined;
  });
}

describe('the family invitation pages', () => {
  it('a référent invites a relative from her request; the link’s page creates the relative’s account', async ({
    platform,
  }) => {
    const { b, caseId, dossierNumber } = await referentWithRequest(platform);
    const page = await b.request('GET', `/particulier/demandes/${caseId}`);
    const invalid = await b.request('POST', `/particulier/demandes/${caseId}/inviter`, {
      form: { csrf: b.csrf(), email: 'pas une adresse' },
    });
    expect(invalid.status).toBe(303);
    expect(invalid.location).toMatch(/\?invitation=[a-z_.]+$/);
    expect(invalid.location).not.toContain('adresse');
    expect(page.status).toBe(200);

    const email = particulierEmail();
    const sent = await b.request('POST', `/particulier/demandes/${caseId}/inviter`, {
      form: { csrf: b.csrf(), email },
    });
    expect(sent).toMatchObject({ status: 303, location: `/particulier/demandes/${caseId}?fait=invitation` });
    // Waiting invitations are listed on her page; one sent by mistake is withdrawn there.
    const mistaken = particulierEmail();
    await b.request('POST', `/particulier/demandes/${caseId}/inviter`, { form: { csrf: b.csrf(), email: mistaken } });
    const listed = await b.request('GET', `/particulier/demandes/${caseId}`);
    expect(listed.html).toContain(email);
    const withdrawAction = new RegExp(
      `action="(/particulier/demandes/${caseId}/invitations/[0-9a-f-]{36}/retirer)"[^>]*>(?:(?!</form>).)*${mistaken.replace(/[.]/g, '\\.')}`,
      's',
    ).exec(listed.html)?.[1];
    expect(withdrawAction).toBeDefined();
    const withdrawn = await b.request('POST', withdrawAction ?? '', { form: { csrf: b.csrf() } });
    expect(withdrawn).toMatchObject({
      status: 303,
      location: `/particulier/demandes/${caseId}?fait=invitation-retiree`,
    });
    const after = await b.request('GET', withdrawn.location ?? '');
    expect(after.html).toContain('L’invitation est retirée');
    expect(after.html).not.toContain(mistaken);
    expect(after.html).toContain(email);

    // The link: who invites and the dossier number, nothing about the person.
    const link = await invitationPath(platform, email, 'family_referent_invitation');
    const relative = personBrowser(platform);
    const invitation = await relative.request('GET', link);
    expect(invitation.status).toBe(200);
    expect(invitation.html).toContain('Anne Invite vous invite à suivre une demande d’admission, comme référent.');
    expect(invitation.html).toContain(`Dossier n° ${dossierNumber}`);
    expect(invitation.html).not.toContain('Odette');
    expect(invitation.html).toContain('Créer mon compte et suivre la demande');
    const token = /jeton=([a-z2-7]+)/.exec(link)?.[1] ?? '';
    const form = {
      csrf: relative.csrf(),
      jeton: token,
      displayName: 'Paul Invite',
      password: particulierPassword,
      version: currentCgu().version,
    };
    // CGU not ticked: said on the page, nothing created.
    const unticked = await relative.request('POST', '/invitation/famille', { form });
    expect(unticked.status).toBe(422);
    expect(unticked.html).toContain('fr-alert--error');
    const accepted = await relative.request('POST', '/invitation/famille', { form: { ...form, cgu: 'oui' } });
    expect(accepted.status, accepted.html.slice(0, 500)).toBe(303);
    const [paul] = await platform.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(paul).toBeDefined();
    const followed = await waitFor('the relative a référent in the read model', async () => {
      const answer = await platform.api<{ id: string }>('GET', `/api/referrals/${caseId}`, { as: paul?.id ?? '' });
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(followed.id).toBe(caseId);
    // The link served once.
    const again = await personBrowser(platform).request('GET', link);
    expect(again.html).toContain('Ce lien d’invitation n’est pas valable');
  });

  it('the invited médecin traitant, once signed in, attaches the dossier to « Dossiers à compléter »', async ({
    platform,
  }) => {
    const { userId, caseId, dossierNumber } = await referentWithRequest(platform);
    const doctorEmail = `invite-${caseId.slice(0, 8)}@medecin.test`;
    const designated = await platform.api('POST', `/api/referrals/${caseId}/physician`, {
      as: userId,
      body: { invitedEmail: doctorEmail },
    });
    expect(designated.status, JSON.stringify(designated.body)).toBe(200);
    const link = await invitationPath(platform, doctorEmail, 'family_physician_invitation');
    const anonymous = await personBrowser(platform).request('GET', link);
    expect(anonymous.html).toContain('S’identifier avec Pro Santé Connect');
    expect(anonymous.html).toContain(dossierNumber);

    const [doctor] = await platform.db
      .insert(users)
      .values({ role: 'physician', displayName: 'Dr Inès Invitée', email: doctorEmail, rpps: freshRpps() })
      .returning({ id: users.id });
    const office = await signedInBrowser(platform, doctor?.id ?? '');
    const signedIn = await office.request('GET', link);
    expect(signedIn.html).toContain('Ajouter ce dossier à « Dossiers à compléter »');
    const claimed = await office.request('POST', '/invitation/medecin', {
      form: { csrf: office.csrf(), jeton: /jeton=([a-z2-7]+)/.exec(link)?.[1] ?? '' },
    });
    expect(claimed).toMatchObject({ status: 303, location: '/medecin/dossiers-a-completer' });
    const list = await waitFor('the dossier in his list', async () => {
      const answer = await office.request('GET', '/medecin/dossiers-a-completer');
      return answer.html.includes(`dossier n° ${dossierNumber}`) ? answer.html : undefined;
    });
    expect(list).toContain('Odette Invitée');
  });

  it('a physician invites the family on a request of his own, from its page; the family follows it', async ({
    platform,
  }) => {
    const [doctor] = await platform.db
      .insert(users)
      .values({
        role: 'physician',
        displayName: 'Dr Jules Demandeur',
        email: `${particulierEmail()}.medecin`,
        rpps: freshRpps(),
      })
      .returning({ id: users.id });
    const doctorId = doctor?.id ?? '';
    const created = await platform.api<{ id: string }>('POST', '/api/referrals', {
      as: doctorId,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Suivie', firstName: 'Louise', birthDate: '1934-01-05', sex: 'female', departement: '69' },
        dossier: completeDossier('ehpad'),
        facilityIds: [await platform.facilityId(demoFiness.berthet)],
        send: true,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.id;
    const office = await signedInBrowser(platform, doctorId);
    const page = await waitFor('his case page', async () => {
      const answer = await office.request('GET', `/demandes/${caseId}`);
      return answer.status === 200 ? answer.html : undefined;
    });
    expect(page).toContain('Inviter la famille à suivre la demande');

    const invalid = await office.request('POST', `/demandes/${caseId}/inviter-famille`, {
      form: { email: 'pas-une-adresse' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.html).toContain('Indiquez une adresse e-mail valide');
    const email = particulierEmail();
    const sent = await office.request('POST', `/demandes/${caseId}/inviter-famille`, { form: { email } });
    expect(sent).toMatchObject({ status: 303, location: `/demandes/${caseId}?fait=famille` });
    expect((await office.request('GET', sent.location ?? '')).html).toContain('L’invitation est envoyée');

    const link = await invitationPath(platform, email, 'family_referent_invitation');
    const family = personBrowser(platform);
    const invitation = await family.request('GET', link);
    const accepted = await family.request('POST', '/invitation/famille', {
      form: {
        csrf: family.csrf(),
        jeton: /jeton=([a-z2-7]+)/.exec(link)?.[1] ?? '',
        displayName: 'Chloé Suivie',
        password: particulierPassword,
        version: currentCgu().version,
        cgu: 'oui',
      },
    });
    expect(invitation.status).toBe(200);
    expect(accepted.status, accepted.html.slice(0, 300)).toBe(303);
    const [chloe] = await platform.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    const followed = await waitFor('the family a référent of his request', async () => {
      const answer = await platform.api<{ requester: { id: string } }>('GET', `/api/referrals/${caseId}`, {
        as: chloe?.id ?? '',
      });
      return answer.status === 200 ? answer.body : undefined;
    });
    // He stays its requester.
    expect(followed.requester.id).toBe(doctorId);
    // A facility of the case may not invite anyone on it.
    const facility = await signedInBrowser(platform, demo.berthetMember);
    const byFacility = await facility.request('POST', `/demandes/${caseId}/inviter-famille`, {
      form: { email: particulierEmail() },
    });
    expect(byFacility.status).toBe(403);
  });
});
