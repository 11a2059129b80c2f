import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { acceptCgu } from '../../services/identity/accept-cgu.ts';
import { acceptInvitation } from '../../services/identity/accept-invitation.ts';
import { changePassword } from '../../services/identity/change-password.ts';
import { confirmPasswordReset } from '../../services/identity/confirm-password-reset.ts';
import { type AuthDependencies, identityDeps } from '../../services/identity/deps.ts';
import { confirmDoctorGrant, pendingDoctorGrants } from '../../services/identity/doctor-grants.ts';
import { listInvitations, sendInvitation, withdrawInvitation } from '../../services/identity/invitations.ts';
import { login } from '../../services/identity/login.ts';
import { logout } from '../../services/identity/logout.ts';
import { readCgu } from '../../services/identity/read-cgu.ts';
import { readSession } from '../../services/identity/read-session.ts';
import { requestPasswordReset } from '../../services/identity/request-password-reset.ts';
import { resendLoginCode } from '../../services/identity/resend-login-code.ts';
import { signUpParticulier, signUpSentMessage } from '../../services/identity/sign-up-particulier.ts';
import { verifyEmail } from '../../services/identity/verify-email.ts';
import type { AppEnv } from '../env.ts';
import { logUnexpected } from '../errors.ts';
import { validationHook } from '../openapi.ts';
import {
  clearSessionCookie,
  confirmCodeOfBrowser,
  keepDeviceToken,
  readChallengeCookie,
  readDeviceCookie,
  readSessionCookie,
  setChallengeCookie,
  setSessionCookie,
} from './cookies.ts';
import { clientIp } from './request-info.ts';
import * as routes from './route-definitions.ts';

/** The acting person, or `auth.unauthenticated`. */
function signedIn(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (!actor) throw new AppError('auth.unauthenticated');
  return actor;
}

/**
 * Login by RPPS or e-mail + password, one-time code on a new device, logout, CGU acceptance, password
 * reset, invitations. Each handler: the validated input, the use case (services/identity/), the answer
 * with its cookies.
 */
export function authRoutes(deps: AuthDependencies) {
  const identity = identityDeps(deps);
  const { db } = deps;
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const ipOf = (c: Context) => clientIp(c, identity.settings.trustProxy);
  const caller = (c: Context) => ({ ip: ipOf(c), userAgent: c.req.header('user-agent') });

  api.openapi(routes.loginRoute, async (c) => {
    const result = await login(identity, { ...c.req.valid('json'), ...caller(c), deviceToken: readDeviceCookie(c) });
    keepDeviceToken(c, result.device);
    if (result.kind === 'signed_in') {
      setSessionCookie(c, result.session);
      return c.json({ status: 'authenticated' as const, cguRequired: result.cguRequired }, 200);
    }
    setChallengeCookie(c, result.challengeToken, result.validForMinutes);
    return c.json({ status: 'code_required' as const, validForMinutes: result.validForMinutes }, 202);
  });

  api.openapi(routes.loginCodeRoute, async (c) => {
    const result = await confirmCodeOfBrowser(identity, c, c.req.valid('json').code);
    return c.json({ status: 'authenticated' as const, cguRequired: result.cguRequired }, 200);
  });

  api.openapi(routes.resendCodeRoute, async (c) => {
    const result = await resendLoginCode(identity, { challengeToken: readChallengeCookie(c), ip: ipOf(c) });
    return c.json({ status: 'code_required' as const, validForMinutes: result.validForMinutes }, 202);
  });

  api.openapi(routes.logoutRoute, async (c) => {
    await logout(identity, { sessionToken: readSessionCookie(c), userId: c.get('actor')?.id ?? null, ip: ipOf(c) });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  api.openapi(routes.sessionRoute, async (c) => c.json(await readSession(identity, { actor: c.get('actor') }), 200));

  api.openapi(routes.passwordChangeRoute, async (c) => {
    const actor = signedIn(c);
    const { session } = await changePassword(identity, { userId: actor.id, ...c.req.valid('json'), ...caller(c) });
    setSessionCookie(c, session);
    return c.body(null, 204);
  });

  api.openapi(routes.passwordResetRoute, async (c) => {
    const requestId = c.get('requestId');
    await requestPasswordReset(identity, {
      identifier: c.req.valid('json').identifier,
      ip: ipOf(c),
      onSendError: (error) => logUnexpected(error, requestId),
    });
    return c.body(null, 202);
  });

  api.openapi(routes.passwordResetConfirmRoute, async (c) => {
    await confirmPasswordReset(identity, { ...c.req.valid('json'), ip: ipOf(c) });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  api.openapi(routes.emailVerificationRoute, async (c) => {
    await verifyEmail(identity, { token: c.req.valid('json').token, ip: ipOf(c) });
    return c.body(null, 204);
  });

  const invitationServices = { db, temporal: deps.temporal, taskQueue: deps.taskQueue, appUrl: deps.appUrl };

  api.openapi(routes.invitationSendRoute, async (c) => {
    const actor = signedIn(c);
    const sent = await sendInvitation(invitationServices, { actor, input: c.req.valid('json'), ip: ipOf(c) });
    return c.json({ id: sent.id, expiresAt: sent.expiresAt.toISOString() }, 201);
  });

  api.openapi(routes.invitationListRoute, async (c) => c.json({ items: await listInvitations(db, signedIn(c)) }, 200));

  api.openapi(routes.invitationWithdrawRoute, async (c) => {
    await withdrawInvitation(db, { actor: signedIn(c), id: c.req.valid('param').id, ip: ipOf(c) });
    return c.body(null, 204);
  });

  api.openapi(routes.doctorGrantListRoute, async (c) =>
    c.json({ items: await pendingDoctorGrants(db, signedIn(c)) }, 200),
  );

  api.openapi(routes.doctorGrantConfirmRoute, async (c) => {
    await confirmDoctorGrant(db, { actor: signedIn(c), ...c.req.valid('json'), ip: ipOf(c) });
    return c.body(null, 204);
  });

  api.openapi(routes.invitationAcceptRoute, async (c) =>
    c.json(await acceptInvitation(identity, { ...c.req.valid('json'), ip: ipOf(c) }), 201),
  );

  api.openapi(routes.particulierSignUpRoute, async (c) => {
    await signUpParticulier(identity, { ...c.req.valid('json'), ip: ipOf(c) });
    return c.json({ status: 'email_sent' as const, message: signUpSentMessage }, 202);
  });

  api.openapi(routes.cguReadRoute, async (c) => c.json(await readCgu(identity, { userId: c.get('actor')?.id }), 200));

  api.openapi(routes.cguAcceptRoute, async (c) => {
    await acceptCgu(identity, { userId: signedIn(c).id, version: c.req.valid('json').version, ip: ipOf(c) });
    return c.body(null, 204);
  });

  return api;
}
