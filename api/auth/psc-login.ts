import { eq, lt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { users } from '../../db/schema.ts';
import { oidcTransactions, pscEnrollments } from '../../db/schema-identity.ts';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import { readPscIdentity } from '../../domain/identity/psc-identity.ts';
import { appendAudit } from '../../services/identity/audit.ts';
import { confirmDoctorGrantsByPsc } from '../../services/identity/doctor-grants.ts';
import type { PscClient } from '../../services/identity/psc-client.ts';
import { addressRange, consumeRateLimit } from '../../services/identity/rate-limit.ts';
import type { AuthSettings } from '../../services/identity/settings.ts';
import { hashToken, randomToken } from '../../services/identity/tokens.ts';
import { openSession, type SessionServices, trustDevice } from './cookies.ts';
import { clientIp, secureCookies } from './request-info.ts';

export const pscTransactionCookie = 'parcours_psc';
export const enrolmentCookie = 'parcours_inscription';
const transactionMinutes = 10;
export const enrolmentMinutes = 30;

export interface PscServices extends SessionServices {
  psc: PscClient;
  settings: AuthSettings;
}

export type PscLoginOutcome =
  | { kind: 'signed_in'; cguRequired: boolean; returnPath: string | undefined }
  | { kind: 'linked'; confirmedFacilityIds: string[]; returnPath: string | undefined }
  | { kind: 'enrolment' };

/**
 * Starts a login with Pro Santé Connect: state, nonce and PKCE verifier kept server-side for 10
 * minutes under the hash of a cookie token; answers the authorization URL to redirect to.
 */
export async function beginPscLogin(
  services: PscServices,
  c: Context,
  returnPath: string | undefined,
  options: { linkUserId?: string } = {},
): Promise<URL> {
  const ip = clientIp(c, services.settings.trustProxy);
  const { limit, windowSeconds } = services.settings.loginPerIp;
  await consumeRateLimit(services.db, `psc:ip:${addressRange(ip)}`, limit, windowSeconds);
  const authorization = await services.psc.authorization().catch(() => {
    throw new AppError('auth.psc_unavailable');
  });
  const token = randomToken();
  await services.db.delete(oidcTransactions).where(lt(oidcTransactions.expiresAt, new Date()));
  await services.db.insert(oidcTransactions).values({
    id: hashToken(token),
    state: authorization.state,
    nonce: authorization.nonce,
    codeVerifier: authorization.codeVerifier,
    returnPath: returnPath ?? null,
    linkUserId: options.linkUserId ?? null,
    expiresAt: new Date(Date.now() + transactionMinutes * 60_000),
  });
  // Lax: the return from PSC is a top-level navigation from another site.
  setCookie(c, pscTransactionCookie, token, {
    path: '/connexion/psc',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    maxAge: transactionMinutes * 60,
  });
  return authorization.url;
}

/**
 * PSC's return: the transaction is consumed once, the code exchanged, the identity read. A known
 * RPPS opens a session (PSC is a strong login: no e-mailed code, the device becomes trusted); an
 * unknown one starts an enrolment (30 minutes, single use) for the account creation form. A
 * transaction begun by a signed-in person (`linkUserId`) gives their account the RPPS instead, if
 * the same person is still signed in: their proposed doctor roles then confirm themselves.
 */
export async function completePscLogin(
  services: PscServices,
  c: Context,
  signedInUserId?: string,
): Promise<PscLoginOutcome> {
  const { db } = services;
  const ip = clientIp(c, services.settings.trustProxy);
  // A refused return changes nothing but the consumed transaction: its audit row commits alone.
  const failure = async (reason: string, code: ErrorCode = 'auth.psc_failed', extra: Record<string, string> = {}) => {
    await appendAudit(db, { event: 'login.failure', ip, details: { method: 'psc', reason, ...extra } });
    return new AppError(code);
  };
  const { limit, windowSeconds } = services.settings.loginPerIp;
  await consumeRateLimit(db, `psc:ip:${addressRange(ip)}`, limit, windowSeconds);

  const token = getCookie(c, pscTransactionCookie);
  deleteCookie(c, pscTransactionCookie, { path: '/connexion/psc', secure: secureCookies(c) });
  if (!token) throw await failure('psc_no_transaction');
  // Deleting is consuming: of two uses of one transaction, only the first finds the row.
  const [transaction] = await db
    .delete(oidcTransactions)
    .where(eq(oidcTransactions.id, hashToken(token)))
    .returning();
  if (!transaction) throw await failure('psc_transaction_unknown');
  if (transaction.expiresAt.getTime() <= Date.now()) throw await failure('psc_transaction_expired');

  const query = new URL(c.req.url).searchParams;
  const error = query.get('error');
  if (error) {
    throw await failure(error === 'access_denied' ? 'psc_cancelled' : 'psc_error', 'auth.psc_cancelled', {
      error: error.slice(0, 100),
    });
  }
  if (query.get('state') !== transaction.state) throw await failure('psc_state_mismatch');

  let userInfo: Record<string, unknown>;
  try {
    userInfo = await services.psc.complete(query, transaction);
  } catch (problem) {
    const kind = problem instanceof Error ? ((problem as { code?: string }).code ?? problem.name) : 'unknown';
    throw await failure('psc_token_exchange', 'auth.psc_failed', { error: String(kind).slice(0, 100) });
  }
  const read = readPscIdentity(userInfo);
  if (!read.ok) throw await failure(read.reason, 'auth.psc_identity_invalid');
  const { identity } = read;

  if (transaction.linkUserId) {
    if (transaction.linkUserId !== signedInUserId) throw await failure('psc_link_session');
    const confirmedFacilityIds = await confirmDoctorGrantsByPsc(db, {
      userId: transaction.linkUserId,
      rpps: identity.rpps,
      ip,
    });
    return { kind: 'linked', confirmedFacilityIds, returnPath: transaction.returnPath ?? undefined };
  }

  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.rpps, identity.rpps));
  if (account) {
    await confirmDoctorGrantsByPsc(db, { userId: account.id, rpps: identity.rpps, ip });
    await trustDevice(db, c, account.id);
    const opened = await openSession(services, c, account.id, { method: 'psc' });
    return { kind: 'signed_in', cguRequired: opened.cguRequired, returnPath: transaction.returnPath ?? undefined };
  }

  const enrolment = randomToken();
  await db.transaction(async (tx) => {
    await tx.insert(pscEnrollments).values({
      id: hashToken(enrolment),
      rpps: identity.rpps,
      givenName: identity.givenName,
      familyName: identity.familyName,
      email: typeof userInfo.email === 'string' ? userInfo.email : null,
      expiresAt: new Date(Date.now() + enrolmentMinutes * 60_000),
    });
    await appendAudit(tx, { event: 'psc.enrolment_started', ip, details: { method: 'psc', rpps: identity.rpps } });
  });
  setCookie(c, enrolmentCookie, enrolment, {
    path: '/inscription',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    maxAge: enrolmentMinutes * 60,
  });
  return { kind: 'enrolment' };
}
