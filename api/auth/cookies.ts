import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { confirmLoginCode } from '../../services/identity/confirm-login-code.ts';
import type { IdentityDeps } from '../../services/identity/deps.ts';
import {
  deviceTokenFrom,
  openSession as openSessionRecord,
  type SessionDeps,
  trustDevice as trustDeviceRecord,
} from '../../services/identity/open-session.ts';
import type { NewSession } from '../../services/identity/sessions.ts';
import type { AuthSettings } from '../../services/identity/settings.ts';
import { clientIp, secureCookies } from './request-info.ts';

/**
 * The identity cookies: the use cases in services/identity/ answer tokens, the HTTP layer (API routes
 * and pages alike) sets, reads and clears them here.
 */
export const sessionCookie = 'parcours_session';
export const deviceCookie = 'parcours_device';
export const challengeCookie = 'parcours_login';

export function setSessionCookie(c: Context, session: NewSession): void {
  setCookie(c, sessionCookie, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookie, { path: '/', secure: secureCookies(c) });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, sessionCookie);
}

/** The device cookie as sent (the use cases check its form). */
export function readDeviceCookie(c: Context): string | undefined {
  return getCookie(c, deviceCookie);
}

/** Sets the device cookie when a use case minted a new token for this browser (long-lived). */
export function keepDeviceToken(c: Context, device: { token: string; minted: boolean }): void {
  if (!device.minted) return;
  setCookie(c, deviceCookie, device.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    maxAge: 400 * 24 * 60 * 60,
  });
}

/** The pending login's cookie: the challenge token, for as long as its code is valid. */
export function setChallengeCookie(c: Context, token: string, validForMinutes: number): void {
  setCookie(c, challengeCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    maxAge: validForMinutes * 60,
  });
}

export function readChallengeCookie(c: Context): string | undefined {
  return getCookie(c, challengeCookie);
}

export function clearChallengeCookie(c: Context): void {
  deleteCookie(c, challengeCookie, { path: '/', secure: secureCookies(c) });
}

/** What opening a session from a request needs: the use case's, plus where to read the client's address. */
export type SessionServices = SessionDeps & {
  settings: SessionDeps['settings'] & Pick<AuthSettings, 'trustProxy'>;
};

/**
 * Opens a session for the person this request proved (passkey, Pro Santé Connect): the use case, then
 * its cookie. Answers as the login routes do.
 */
export async function openSession(
  services: SessionServices,
  c: Context,
  userId: string,
  details?: Record<string, string>,
) {
  const opened = await openSessionRecord(services, {
    userId,
    ip: clientIp(c, services.settings.trustProxy),
    userAgent: c.req.header('user-agent'),
    details,
  });
  setSessionCookie(c, opened.session);
  return { status: 'authenticated' as const, cguRequired: opened.cguRequired };
}

/** Trusts this browser (its device cookie, set if it had none) for this person: no code for a while. */
export async function trustDevice(db: Database, c: Context, userId: string): Promise<void> {
  const device = deviceTokenFrom(readDeviceCookie(c));
  keepDeviceToken(c, device);
  await trustDeviceRecord(db, { userId, deviceToken: device.token });
}

/**
 * The login code typed in this browser (API or page): checked against its challenge cookie, then the
 * challenge cleared, the device kept and the session's cookie set. Answers whether the CGU wait.
 */
export async function confirmCodeOfBrowser(
  identity: IdentityDeps,
  c: Context,
  code: string,
): Promise<{ cguRequired: boolean }> {
  const result = await confirmLoginCode(identity, {
    code,
    challengeToken: readChallengeCookie(c),
    deviceToken: readDeviceCookie(c),
    ip: clientIp(c, identity.settings.trustProxy),
    userAgent: c.req.header('user-agent'),
  });
  clearChallengeCookie(c);
  keepDeviceToken(c, result.device);
  setSessionCookie(c, result.session);
  return { cguRequired: result.cguRequired };
}
