import { OpenAPIHono } from '@hono/zod-openapi';
import { type Context, Hono } from 'hono';
import { sessionIdentity } from '../../api/auth/middleware.ts';
import { minimumPasswordLength } from '../../api/auth/passwords.ts';
import { authRoutes, hasAcceptedCurrentCgu } from '../../api/auth/routes.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponse, toAppError, unexpectedBody } from '../../api/errors.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { readForm } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import {
  CguPage,
  EmailVerificationPage,
  ForgottenPasswordPage,
  InvitationPage,
  LoginCodePage,
  LoginPage,
  NewPasswordPage,
} from '../pages/login.tsx';
import { safeReturnPath } from './require-actor.ts';

/**
 * The real login in French: identifier and password, then the e-mailed code when the device asks
 * for one, then the CGU if a version is waiting. Each step calls the JSON API's own handlers.
 */
export function loginRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const auth = new OpenAPIHono<AppEnv>();
  auth.use(sessionIdentity(deps.db));
  auth.route('/api', authRoutes(deps));
  auth.onError((error, c) => {
    const outcome = toAppError(error);
    return 'unexpected' in outcome ? c.json(unexpectedBody(outcome.requestId), 500) : errorResponse(c, outcome);
  });

  async function callApi(c: Context, path: string, body?: unknown) {
    const headers = new Headers();
    for (const name of ['cookie', 'user-agent', 'x-forwarded-for']) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await auth.request(
      new URL(`/api${path}`, c.req.url).toString(),
      { method: 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
      c.env,
    );
    for (const line of response.headers.getSetCookie()) c.header('set-cookie', line, { append: true });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  const afterLogin = (c: Context, answer: Record<string, unknown>, back: string | undefined) =>
    c.redirect(answer.cguRequired ? `/connexion/cgu${back ? `?retour=${back}` : ''}` : (back ?? '/'), 303);

  web.get('/connexion', (c) =>
    c.html(
      <LoginPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={safeReturnPath(c.req.query('retour'))}
        psc={deps.psc !== undefined}
        notice={
          c.req.query('mot-de-passe') === 'change'
            ? 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.'
            : c.req.query('compte') === 'cree'
              ? 'Votre compte est créé. Connectez-vous avec votre adresse e-mail et votre mot de passe.'
              : undefined
        }
      />,
    ),
  );

  web.post('/connexion', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const back = safeReturnPath(form.text('retour'));
    const identifier = form.text('identifier').trim();
    const answer = await callApi(c, '/auth/login', { identifier, password: form.text('password') });
    if (answer.status === 200) return afterLogin(c, answer.body, back);
    if (answer.status === 202) return c.redirect(`/connexion/code${back ? `?retour=${back}` : ''}`, 303);
    const page = (
      <LoginPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={back}
        identifier={identifier}
        psc={deps.psc !== undefined}
        error={String(answer.body.message ?? 'Connexion impossible.')}
      />
    );
    return c.html(page, answer.status === 429 ? 429 : 401);
  });

  web.get('/connexion/code', (c) =>
    c.html(
      <LoginCodePage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={safeReturnPath(c.req.query('retour'))}
      />,
    ),
  );

  web.post('/connexion/code', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const back = safeReturnPath(form.text('retour'));
    const answer = await callApi(c, '/auth/otp', { code: form.text('code').trim() });
    if (answer.status === 200) return afterLogin(c, answer.body, back);
    const message = String(answer.body.message ?? 'Code refusé.');
    return c.html(
      <LoginCodePage frame={pageFrame(c, deps)} csrf={csrfToken(c)} returnPath={back} error={message} />,
      answer.status === 429 ? 429 : 401,
    );
  });

  web.post('/connexion/code/renvoyer', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const back = safeReturnPath(form.text('retour'));
    const answer = await callApi(c, '/auth/otp/resend');
    return c.html(
      <LoginCodePage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={back}
        {...(answer.status === 202
          ? { notice: 'Un nouveau code vient de vous être envoyé.' }
          : { error: String(answer.body.message ?? 'Envoi impossible.') })}
      />,
    );
  });

  web.get('/connexion/cgu', async (c) => {
    const actor = c.get('actor');
    const accepted = actor ? await hasAcceptedCurrentCgu(deps.db, actor.id) : false;
    return c.html(
      <CguPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={safeReturnPath(c.req.query('retour'))}
        cgu={currentCgu()}
        accepted={accepted}
      />,
    );
  });

  web.post('/connexion/cgu', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const answer = await callApi(c, '/auth/cgu', { version: form.text('version') });
    if (answer.status !== 204) throw new AppError('auth.cgu_outdated');
    return c.redirect(safeReturnPath(form.text('retour')) ?? '/', 303);
  });

  web.get('/connexion/mot-de-passe-oublie', (c) =>
    c.html(<ForgottenPasswordPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} />),
  );

  web.post('/connexion/mot-de-passe-oublie', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const identifier = form.text('identifier').trim();
    const answer = await callApi(c, '/auth/password-reset', { identifier });
    if (answer.status === 202) {
      return c.html(<ForgottenPasswordPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} sent />);
    }
    const message = String(answer.body.message ?? 'Envoi impossible.');
    return c.html(
      <ForgottenPasswordPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} identifier={identifier} error={message} />,
      answer.status === 429 ? 429 : 422,
    );
  });

  const newPasswordPage = (c: Context, token: string, error?: string) => (
    <NewPasswordPage
      frame={pageFrame(c, deps)}
      csrf={csrfToken(c)}
      token={token}
      minimumLength={minimumPasswordLength}
      error={error}
    />
  );

  web.get('/connexion/nouveau-mot-de-passe', (c) => c.html(newPasswordPage(c, c.req.query('jeton') ?? '')));

  web.post('/connexion/nouveau-mot-de-passe', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const token = form.text('jeton').trim();
    const answer = await callApi(c, '/auth/password-reset/confirm', { token, newPassword: form.text('password') });
    if (answer.status === 204) return c.redirect('/connexion?mot-de-passe=change', 303);
    const message = String(answer.body.message ?? 'Modification impossible.');
    return c.html(newPasswordPage(c, token, message), answer.status === 429 ? 429 : answer.status === 410 ? 410 : 422);
  });

  web.get('/connexion/verifier-email', async (c) => {
    const answer = await callApi(c, '/auth/email-verification/confirm', { token: c.req.query('jeton') ?? '' });
    if (answer.status === 204) return c.html(<EmailVerificationPage frame={pageFrame(c, deps)} verified />);
    return c.html(
      <EmailVerificationPage
        frame={pageFrame(c, deps)}
        verified={false}
        error={
          answer.status === 429
            ? String(answer.body.message)
            : 'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré).'
        }
      />,
      answer.status === 429 ? 429 : 410,
    );
  });

  const invitationPage = (c: Context, token: string, displayName?: string, error?: string) => (
    <InvitationPage
      frame={pageFrame(c, deps)}
      csrf={csrfToken(c)}
      token={token}
      cgu={currentCgu()}
      minimumLength={minimumPasswordLength}
      displayName={displayName ?? ''}
      error={error}
    />
  );

  web.get('/invitation', (c) => c.html(invitationPage(c, c.req.query('jeton') ?? '')));

  web.post('/invitation', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const token = form.text('jeton').trim();
    const displayName = form.text('displayName').trim();
    if (form.text('cgu') !== 'oui') {
      return c.html(
        invitationPage(c, token, displayName, 'Vous devez accepter les conditions générales d’utilisation.'),
        422,
      );
    }
    const answer = await callApi(c, '/auth/invitations/accept', {
      token,
      displayName,
      password: form.text('password'),
      cguVersion: form.text('version'),
    });
    if (answer.status === 201) return c.redirect('/connexion?compte=cree', 303);
    const message = String(answer.body.message ?? 'Création du compte impossible.');
    const status = answer.status === 410 || answer.status === 409 || answer.status === 429 ? answer.status : 422;
    return c.html(invitationPage(c, token, displayName, message), status);
  });

  web.post('/deconnexion', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    await callApi(c, '/auth/logout');
    return c.redirect('/connexion', 303);
  });

  return web;
}
