import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { users } from '../../db/schema.ts';
import { ParticulierSection } from '../../web/pages/particulier-home.tsx';
import { temporalTest as it } from '../support/fixtures.ts';
import {
  loginCodeOf,
  mailboxOf,
  particulierEmail,
  particulierPassword,
  personBrowser,
  verificationLinkOf,
} from '../support/particuliers.ts';
import { signIn } from '../support/sessions.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Issue 15, espace particulier, through the pages only (plain forms: no JavaScript needed):
 * « Créer mon compte » at /inscription, the link of the development mailbox, the login by e-mail and
 * code, then « Mon espace ».
 */

const csrfOf = (html: string) => /name="csrf" value="([a-z2-7]+)"/.exec(html)?.[1] ?? '';
const versionOf = (html: string) => /name="version" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function signUpForm(b: ReturnType<typeof personBrowser>) {
  const page = await b.request('GET', '/inscription');
  expect(page.status).toBe(200);
  return { csrf: csrfOf(page.html), version: versionOf(page.html), html: page.html };
}

function fields(form: { csrf: string; version: string }, overrides: Record<string, string> = {}) {
  return {
    csrf: form.csrf,
    formulaire: 'particulier',
    version: form.version,
    email: particulierEmail(),
    displayName: 'Marc Lefèvre',
    password: particulierPassword,
    cgu: 'oui',
    ...overrides,
  };
}

describe('/inscription, then « Mon espace »', () => {
  it('shows a plain DSFR form, phone first: e-mail first, the CGU to tick, no script needed', async ({ platform }) => {
    const { html, csrf, version } = await signUpForm(personBrowser(platform));
    expect(html).toContain('<h1>Créer mon compte</h1>');
    expect(html).toContain('<form method="post" action="/inscription">');
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toMatch(/<input class="fr-input" id="email" name="email" type="email" inputmode="email"/);
    expect(html.indexOf('id="email"')).toBeLessThan(html.indexOf('id="displayName"'));
    expect(html.indexOf('id="displayName"')).toBeLessThan(html.indexOf('id="password"'));
    expect(html).toContain('Au moins 12 caractères.');
    expect(html).toContain('J’ai lu et j’accepte les conditions générales d’utilisation');
    expect(html).toContain('type="checkbox" id="cgu" name="cgu" value="oui" required');
    expect(csrf).not.toBe('');
    expect(version).not.toBe('');
  });

  it('creates the account, sends the link at once; the person confirms it, logs in with the code and lands on « Mon espace »', async ({
    platform,
  }) => {
    const b = personBrowser(platform);
    const form = await signUpForm(b);
    const filled = fields(form);
    const sent = await b.request('POST', '/inscription', { form: filled });
    expect(sent.status).toBe(202);
    expect(sent.html).toContain('Vérifiez vos e-mails');
    expect(sent.html).toContain('Un e-mail vient de partir à l’adresse indiquée.');

    const link = await verificationLinkOf(platform, filled.email);
    const confirmed = await b.request('GET', link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Merci : votre adresse e-mail est confirmée.');

    const login = await b.request('GET', '/connexion');
    expect(login.html).toContain('Autres professionnels et particuliers');
    expect(login.html).toContain('href="/inscription"');
    const typed = await b.request('POST', '/connexion', {
      form: { csrf: csrfOf(login.html), identifier: filled.email, password: particulierPassword },
    });
    expect(typed).toMatchObject({ status: 303, location: '/connexion/code' });
    const code = await loginCodeOf(platform, filled.email);
    const entered = await b.request('POST', '/connexion/code', { form: { csrf: csrfOf(login.html), code } });
    expect(entered).toMatchObject({ status: 303, location: '/' });

    const home = await b.request('GET', '/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('<h1>Mon espace</h1>');
    expect(home.html).toContain('Marc Lefèvre');
    expect(home.html).toContain(filled.email);
    expect(home.html).toContain('Adresse e-mail confirmée');
    expect(home.html).toContain('href="/compte"');
    expect(home.html).toContain('href="/compte/notifications"');
    // The professionals' menu is not theirs.
    expect(home.html).not.toContain('href="/demandes/nouvelle"');
    expect(home.html).not.toContain('href="/boite-de-reception"');
    // Their requests (services/family/requests.ts): none yet, and the way to create one.
    expect(home.html).toContain('Vous n’avez pas encore de demande');
    expect(home.html).toContain('href="/particulier/demandes/nouvelle"');

    const account = await b.request('GET', '/compte');
    expect(account.status).toBe(200);
    expect(account.html).toContain(filled.email);

    const preferences = await b.request('GET', '/compte/notifications');
    expect(preferences.status).toBe(200);
    expect(preferences.html).toContain('Réponses des établissements à mes demandes');
    expect(preferences.html).not.toContain('Nouvelles demandes adressées à mon établissement');
  });

  it('says what is wrong and keeps what was typed (never the password): short password, CGU not ticked', async ({
    platform,
  }) => {
    const b = personBrowser(platform);
    const form = await signUpForm(b);
    const weak = fields(form, { password: 'court' });
    const refused = await b.request('POST', '/inscription', { form: weak });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le mot de passe doit compter au moins 12 caractères.');
    expect(refused.html).toContain(`value="${weak.email}"`);
    expect(refused.html).toContain('value="Marc Lefèvre"');
    expect(refused.html).not.toContain('value="court"');

    const { cgu: _unticked, ...noCgu } = fields(form);
    const notAccepted = await b.request('POST', '/inscription', { form: noCgu });
    expect(notAccepted.status).toBe(422);
    expect(notAccepted.html).toContain('vous devez accepter les conditions générales d’utilisation');

    const badEmail = await b.request('POST', '/inscription', { form: fields(form, { email: 'marc.lefevre' }) });
    expect(badEmail.status).toBe(422);
    expect(badEmail.html).toContain('Indiquez une adresse e-mail valide');

    for (const email of [weak.email, noCgu.email]) {
      expect(await platform.db.select().from(users).where(sql`lower(${users.email}) = ${email}`)).toHaveLength(0);
    }
    // Without the form token: refused.
    const forged = await personBrowser(platform).request('POST', '/inscription', {
      form: fields({ csrf: '', version: form.version }),
    });
    expect(forged.status).toBe(403);
  });

  it('answers an address that already has an account with the same page', async ({ platform }) => {
    const b = personBrowser(platform);
    const form = await signUpForm(b);
    const filled = fields(form);
    const first = await b.request('POST', '/inscription', { form: filled });
    const second = await b.request('POST', '/inscription', { form: { ...filled, displayName: 'Autre Personne' } });
    expect(second.status).toBe(first.status);
    expect(second.html.replace(/value="[a-z2-7]{32}"/g, '')).toBe(first.html.replace(/value="[a-z2-7]{32}"/g, ''));
    const templates = await waitFor('both messages', async () => {
      const sent = (await mailboxOf(platform, filled.email)).map((mail) => mail.template).sort();
      return sent.length === 2 ? sent : undefined;
    });
    expect(templates).toEqual(['email_verification', 'signup_existing_account']);
  });

  it('tells a particulier whose address is not confirmed yet to open the link', async ({ platform }) => {
    const email = particulierEmail();
    const [row] = await platform.db
      .insert(users)
      .values({ role: 'particulier', displayName: 'Paul Durand', email })
      .returning({ id: users.id });
    const { cookie } = await signIn(platform.db, row?.id ?? randomUUID());
    const b = personBrowser(platform);
    const [name, value] = cookie.split('=');
    b.jar.set(name ?? '', value ?? '');
    const home = await b.request('GET', '/');
    expect(home.html).toContain('Votre adresse e-mail n’est pas encore confirmée');
    await platform.db.delete(users).where(eq(users.id, row?.id ?? ''));
  });

  it('lists the requests it is given, or says there is none, with « Créer une demande »', async () => {
    const account = { displayName: 'Anne Lefèvre', email: 'anne@exemple.fr', emailVerified: true };
    const empty = String(await ParticulierSection({ home: { ...account, requests: [] } }).toString());
    expect(empty).toContain('Vous n’avez pas encore de demande.');
    expect(empty).toContain('href="/particulier/demandes/nouvelle"');
    expect(empty).toContain('Créer une demande');
    const one = String(
      await ParticulierSection({
        home: {
          ...account,
          requests: [
            {
              id: 'r1',
              dossierNumber: 'P-2026-000123',
              personName: 'Jeanne Lefèvre',
              statusLabel: 'En préparation',
              updatedAt: '2026-12-01T09:00:00Z',
              href: '/particulier/demandes/r1',
            },
          ],
        },
      }).toString(),
    );
    expect(one).toContain('Jeanne Lefèvre — dossier n° P-2026-000123');
    expect(one).not.toContain('Vous n’avez pas encore de demande');
    const none = String(await ParticulierSection({ home: account }).toString());
    expect(none).not.toContain('Mes demandes');
  });
});
