import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import { temporalTest as it } from '../support/fixtures.ts';
import { particulierEmail, signedInBrowser } from '../support/particuliers.ts';
import { demo } from '../support/platform.ts';

describe('a request created by a professional on the person’s behalf, through the pages', () => {
  it('records the consent, creates the request, and shows it with the form to invite the référent', async ({
    platform,
  }) => {
    const officer = await signedInBrowser(platform, demo.berthetMember);
    const home = await officer.request('GET', '/');
    expect(home.html).toContain('href="/demandes-accompagnees/nouvelle"');
    const form = await officer.request('GET', '/demandes-accompagnees/nouvelle');
    expect(form.status).toBe(200);
    for (const label of ['L’accord de la personne', 'Qui a donné son accord', 'Adresse (numéro et rue)']) {
      expect(form.html).toContain(label);
    }
    const lastName = `Accompagnee${randomUUID().slice(0, 6)}`;
    const fields = {
      csrf: officer.csrf(),
      lastName,
      firstName: 'Rose',
      birthDate: '1935-09-09',
      sex: 'female',
      street: '3 rue Garibaldi',
      postcode: '69003',
      commune: 'Lyon',
      consentGivenBy: `Rose ${lastName}`,
      consentGivenOn: todayInParis(),
      consentHow: 'written',
    };
    const noConsent = await officer.request('POST', '/demandes-accompagnees/nouvelle', {
      form: { ...fields, consentGivenBy: '' },
    });
    expect(noConsent.status).toBe(422);
    expect(noConsent.html).toContain('fr-alert--error');
    const created = await officer.request('POST', '/demandes-accompagnees/nouvelle', { form: fields });
    expect(created.status, created.html.slice(0, 400)).toBe(303);
    expect(created.location).toMatch(/^\/particulier\/demandes\/[0-9a-f-]{36}\?creee=1$/);
    const page = await officer.request('GET', created.location ?? '');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Demande pour Rose ${lastName}`);
    expect(page.html).toContain('Demande créée par un professionnel');
    expect(page.html).toContain(`avec l’accord de Rose ${lastName} (par écrit`);
    expect(page.html).toContain('Inviter un proche');
    // The physician is the référent's to designate (the search is the espace particulier's).
    expect(page.html).not.toContain('Désigner le médecin traitant');

    // Not a family's, nor a physician's.
    const [family] = await platform.db
      .insert(users)
      .values({ role: 'particulier', displayName: 'Anne', email: particulierEmail(), emailVerifiedAt: new Date() })
      .returning({ id: users.id });
    for (const who of [family?.id ?? '', demo.physician]) {
      const refused = await (await signedInBrowser(platform, who)).request('GET', '/demandes-accompagnees/nouvelle');
      expect(refused.status).toBe(403);
    }
  });
});
