import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import { asset } from '../../web/assets.ts';
import { accountPassword, createAccountHarness, mobileNumber } from '../support/account-harness.ts';
import { signIn } from '../support/sessions.ts';

let h: Awaited<ReturnType<typeof createAccountHarness>>;
beforeAll(async () => {
  h = await createAccountHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the account page /compte', () => {
  it('shows sessions, passkeys, password, phone and code channel; asks who you are without a session', async () => {
    const person = await h.person();
    await signIn(h.db, person.id);
    const page = await person.browser.request('GET', '/compte');
    expect(page.status).toBe(200);
    for (const text of [
      '<h1>Mon compte</h1>',
      'Sessions ouvertes',
      'Cette session',
      'Fermer toutes les autres sessions',
      'Clés d’accès',
      'Ajouter une clé d’accès',
      'Changer le mot de passe',
      'Recevoir un code par SMS',
      'Vérifiez d’abord votre numéro de mobile.',
      asset('simplewebauthn', 'index.umd.min.js'),
    ]) {
      expect(page.html).toContain(text);
    }
    const anonymous = await h.browser().request('GET', '/compte');
    expect(anonymous).toMatchObject({ status: 303, location: '/connexion?retour=%2Fcompte' });
  });

  it('refuses a form without its token', async () => {
    const person = await h.person();
    await person.browser.request('GET', '/compte');
    const forged = await person.browser.request('POST', '/compte/sessions/fermer-les-autres', { csrf: 'x' }, true);
    expect(forged.status).toBe(403);
  });

  it('changes the password when both entries match, and keeps this browser signed in', async () => {
    const person = await h.person();
    await person.browser.request('GET', '/compte');
    const mismatch = await person.browser.submit('/compte/mot-de-passe', {
      currentPassword: accountPassword,
      newPassword: 'a brand new password',
      confirmation: 'a brand new passwrd',
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.html).toContain('Les deux mots de passe saisis ne sont pas identiques.');
    const wrong = await person.browser.submit('/compte/mot-de-passe', {
      currentPassword: 'not my password',
      newPassword: 'a brand new password',
      confirmation: 'a brand new password',
    });
    expect(wrong.html).toContain('Identifiant ou mot de passe incorrect.');
    const changed = await person.browser.submit('/compte/mot-de-passe', {
      currentPassword: accountPassword,
      newPassword: 'a brand new password',
      confirmation: 'a brand new password',
    });
    expect(changed).toMatchObject({ status: 303, location: '/compte?mot-de-passe=change#mot-de-passe' });
    const after = await person.browser.request('GET', '/compte?mot-de-passe=change');
    expect(after.status).toBe(200);
    expect(after.html).toContain('Votre mot de passe a été changé. Vos autres sessions ont été fermées.');
    expect((await h.browser(person.cookie).request('GET', '/compte')).status).toBe(303);
  });

  it('verifies a mobile number with the SMS code, then offers SMS for login codes', async () => {
    const person = await h.person();
    await person.browser.request('GET', '/compte');
    const refused = await person.browser.submit('/compte/canal', { channel: 'sms' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Vérifiez d’abord votre numéro de téléphone mobile');

    const number = mobileNumber();
    const sent = await person.browser.submit('/compte/telephone', { phone: number.typed });
    expect(sent).toMatchObject({ status: 303, location: '/compte?telephone=code#telephone' });
    const waiting = await person.browser.request('GET', '/compte?telephone=code');
    expect(waiting.html).toContain(`Code reçu par SMS au ${formatPhoneNumber(number.e164)}`);
    const code = await h.codeSentTo(number.e164);
    const wrong = await person.browser.submit('/compte/telephone/verifier', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('Code incorrect. Vérifiez le code reçu par SMS.');
    const verified = await person.browser.submit('/compte/telephone/verifier', { code });
    expect(verified).toMatchObject({ status: 303, location: '/compte?telephone=verifie#telephone' });
    const chosen = await person.browser.submit('/compte/canal', { channel: 'sms' });
    expect(chosen).toMatchObject({ status: 303, location: '/compte?canal=enregistre#canal' });
    const page = await person.browser.request('GET', '/compte');
    expect(page.html).toMatch(/Vérifié le/);
    expect(page.html).toMatch(/id="channel-sms" name="channel" value="sms" checked/);
  });

  it('shows the login history in French, newest first', async () => {
    const person = await h.person();
    await h.browser().request('POST', '/api/auth/login', { identifier: person.email, password: 'wrong password' });
    const page = await person.browser.request('GET', '/compte/historique');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Historique de connexion');
    expect(page.html).toContain('Échec de connexion');
  });
});
