import { type Context, Hono } from 'hono';
import {
  clearSessionCookie,
  confirmCodeOfBrowser,
  keepDeviceToken,
  readChallengeCookie,
  readDeviceCookie,
  readSessionCookie,
  setChallengeCookie,
  setSessionCookie,
} from '../../api/auth/cookies.ts';
import { clientIp } from '../../api/auth/request-info.ts';
import {
  cguAcceptInput,
  emailVerificationInput,
  invitationAcceptInput,
  loginCodeInput,
  loginInput,
  passwordResetConfirmInput,
  passwordResetRequestInput,
} from '../../api/auth/schemas.ts';
import type { AppEnv } from '../../api/env.ts';
import { logUnexpected } from '../../api/errors.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { acceptCgu } from '../../services/identity/accept-cgu.ts';
import { acceptInvitation } from '../../services/identity/accept-invitation.ts';
import { confirmPasswordReset } from '../../services/identity/confirm-password-reset.ts';
import { identityDeps } from '../../services/identity/deps.ts';
import { login } from '../../services/identity/login.ts';
import { logout } from '../../services/identity/logout.ts';
import { minimumPasswordLength } from '../../services/identity/passwords.ts';
import { readCgu } from '../../services/identity/read-cgu.ts';
import { requestPasswordReset } from '../../services/identity/request-password-reset.ts';
import { resendLoginCode } from '../../services/identity/resend-login-code.ts';
import { verifyEmail } from '../../services/identity/verify-email.ts';
import { readForm, validInput } from '../components/form-data.ts';
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

/** Runs a use case; a refusal (`AppError`) is returned to be shown on the page, anything else is thrown. */
async function refusalOf(run: () => Promise<unknown>): Promise<AppError | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/**
 * The real login in French: identifier and password, then the e-mailed code when the device asks
 * for one, then the CGU if a version is waiting. Each step calls the same use case as the JSON API
 * (services/identity/) and sets the same cookies.
 */
export function loginRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const identity = identityDeps(deps);
  const caller = (c: Context) => ({
    ip: clientIp(c, identity.settings.trustProxy),
    userAgent: c.req.header('user-agent'),
  });

  const afterLogin = (c: Context, cguRequired: boolean, back: string | undefined) =>
    c.redirect(cguRequired ? `/connexion/cgu${back ? `?retour=${back}` : ''}` : (back ?? '/'), 303);

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
    try {
      const input = validInput(loginInput, { identifier, password: form.text('password') });
      const result = await login(identity, { ...input, ...caller(c), deviceToken: readDeviceCookie(c) });
      keepDeviceToken(c, result.device);
      if (result.kind === 'signed_in') {
        setSessionCookie(c, result.session);
        return afterLogin(c, result.cguRequired, back);
      }
      setChallengeCookie(c, result.challengeToken, result.validForMinutes);
      return c.redirect(`/connexion/code${back ? `?retour=${back}` : ''}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = (
        <LoginPage
          frame={pageFrame(c, deps)}
          csrf={csrfToken(c)}
          returnPath={back}
          identifier={identifier}
          psc={deps.psc !== undefined}
          error={error.message}
        />
      );
      return c.html(page, error.status === 429 ? 429 : 401);
    }
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
    try {
      const { code } = validInput(loginCodeInput, { code: form.text('code').trim() });
      const result = await confirmCodeOfBrowser(identity, c, code);
      return afterLogin(c, result.cguRequired, back);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return c.html(
        <LoginCodePage frame={pageFrame(c, deps)} csrf={csrfToken(c)} returnPath={back} error={error.message} />,
        error.status === 429 ? 429 : 401,
      );
    }
  });

  web.post('/connexion/code/renvoyer', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const back = safeReturnPath(form.text('retour'));
    const refusal = await refusalOf(() =>
      resendLoginCode(identity, { challengeToken: readChallengeCookie(c), ip: caller(c).ip }),
    );
    return c.html(
      <LoginCodePage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={back}
        {...(refusal ? { error: refusal.message } : { notice: 'Un nouveau code vient de vous être envoyé.' })}
      />,
    );
  });

  web.get('/connexion/cgu', async (c) => {
    const { accepted, ...cgu } = await readCgu(identity, { userId: c.get('actor')?.id });
    return c.html(
      <CguPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        returnPath={safeReturnPath(c.req.query('retour'))}
        cgu={cgu}
        accepted={accepted}
      />,
    );
  });

  web.post('/connexion/cgu', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const actor = c.get('actor');
    // Any refusal (no session, a version no longer in force) reads as an outdated page: reload it.
    const refusal = await refusalOf(async () => {
      if (!actor) throw new AppError('auth.unauthenticated');
      const { version } = validInput(cguAcceptInput, { version: form.text('version') });
      await acceptCgu(identity, { userId: actor.id, version, ip: caller(c).ip });
    });
    if (refusal) throw new AppError('auth.cgu_outdated');
    return c.redirect(safeReturnPath(form.text('retour')) ?? '/', 303);
  });

  web.get('/connexion/mot-de-passe-oublie', (c) =>
    c.html(<ForgottenPasswordPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} />),
  );

  web.post('/connexion/mot-de-passe-oublie', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const identifier = form.text('identifier').trim();
    const requestId = c.get('requestId');
    const refusal = await refusalOf(() =>
      requestPasswordReset(identity, {
        ...validInput(passwordResetRequestInput, { identifier }),
        ip: caller(c).ip,
        onSendError: (error) => logUnexpected(error, requestId),
      }),
    );
    if (!refusal) return c.html(<ForgottenPasswordPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} sent />);
    return c.html(
      <ForgottenPasswordPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        identifier={identifier}
        error={refusal.message}
      />,
      refusal.status === 429 ? 429 : 422,
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
    const refusal = await refusalOf(() =>
      confirmPasswordReset(identity, {
        ...validInput(passwordResetConfirmInput, { token, newPassword: form.text('password') }),
        ip: caller(c).ip,
      }),
    );
    if (!refusal) {
      clearSessionCookie(c);
      return c.redirect('/connexion?mot-de-passe=change', 303);
    }
    const status = refusal.status === 429 || refusal.status === 410 ? refusal.status : 422;
    return c.html(newPasswordPage(c, token, refusal.message), status);
  });

  web.get('/connexion/verifier-email', async (c) => {
    const refusal = await refusalOf(() =>
      verifyEmail(identity, {
        ...validInput(emailVerificationInput, { token: c.req.query('jeton') ?? '' }),
        ip: caller(c).ip,
      }),
    );
    if (!refusal) return c.html(<EmailVerificationPage frame={pageFrame(c, deps)} verified />);
    return c.html(
      <EmailVerificationPage
        frame={pageFrame(c, deps)}
        verified={false}
        error={
          refusal.status === 429
            ? refusal.message
            : 'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré).'
        }
      />,
      refusal.status === 429 ? 429 : 410,
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
    const refusal = await refusalOf(async () => {
      const input = validInput(invitationAcceptInput, {
        token,
        displayName,
        password: form.text('password'),
        cguVersion: form.text('version'),
      });
      await acceptInvitation(identity, { ...input, ip: caller(c).ip });
    });
    if (!refusal) return c.redirect('/connexion?compte=cree', 303);
    const status = refusal.status === 410 || refusal.status === 409 || refusal.status === 429 ? refusal.status : 422;
    return c.html(invitationPage(c, token, displayName, refusal.message), status);
  });

  web.post('/deconnexion', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    await logout(identity, {
      sessionToken: readSessionCookie(c),
      userId: c.get('actor')?.id ?? null,
      ip: caller(c).ip,
    });
    clearSessionCookie(c);
    return c.redirect('/connexion', 303);
  });

  return web;
}
