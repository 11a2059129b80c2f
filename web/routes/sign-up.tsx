import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { enrolmentCookie } from '../../api/auth/psc-login.ts';
import { clientIp } from '../../api/auth/request-info.ts';
import { particulierSignUpInput } from '../../api/auth/schemas.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import { identityDeps } from '../../services/identity/deps.ts';
import { minimumPasswordLength } from '../../services/identity/passwords.ts';
import { signUpParticulier, signUpSentMessage } from '../../services/identity/sign-up-particulier.ts';
import { readForm, validInput } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { SignUpPage, SignUpSentPage, type SignUpValues } from '../pages/sign-up.tsx';

/** A refusal as the page says it: an invalid field's own message, else the refusal's. */
function problemOf(error: AppError): string {
  const issues = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
  return issues[0]?.message ?? error.message;
}

/**
 * /inscription: the espace particulier's account creation (same use case as POST /api/particuliers).
 * The address is shared with the Pro Santé Connect enrolment (web/routes/psc.tsx, mounted after
 * this): a browser holding an enrolment cookie, or posting its form, goes on there.
 */
export function signUpRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const identity = identityDeps(deps);

  const page = (c: Context<AppEnv>, values?: SignUpValues, error?: string) => (
    <SignUpPage
      frame={pageFrame(c, deps)}
      csrf={csrfToken(c)}
      cgu={currentCgu()}
      minimumLength={minimumPasswordLength}
      values={values ?? {}}
      error={error}
    />
  );

  web.get('/inscription', async (c, next) => {
    if (getCookie(c, enrolmentCookie) !== undefined) return next();
    return c.html(page(c));
  });

  web.post('/inscription', async (c, next) => {
    const form = await readForm(c);
    if (form.text('formulaire') !== 'particulier') return next();
    checkCsrf(c, form.text('csrf'));
    const values = {
      email: form.text('email').trim(),
      displayName: form.text('displayName').trim(),
      cguAccepted: form.text('cgu') === 'oui',
    };
    try {
      const input = validInput(particulierSignUpInput, {
        ...values,
        password: form.text('password'),
        cguVersion: form.text('version'),
      });
      await signUpParticulier(identity, { ...input, ip: clientIp(c, identity.settings.trustProxy) });
      return c.html(<SignUpSentPage frame={pageFrame(c, deps)} message={signUpSentMessage} />, 202);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.status === 429 || error.status === 409 ? error.status : 422;
      return c.html(page(c, values, problemOf(error)), status);
    }
  });

  return web;
}
