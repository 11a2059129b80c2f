import { z } from '@hono/zod-openapi';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, eq, gt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { passkeys, webauthnChallenges } from '../../db/schema-identity.ts';
import { AppError } from '../../domain/errors.ts';
import { appendAudit } from '../../services/identity/audit.ts';
import type { PasskeyView } from '../../services/identity/passkeys.ts';
import { hashToken, randomToken } from '../../services/identity/tokens.ts';
import { secureCookies } from './request-info.ts';

/** The browser's half of a pending ceremony: a random token whose hash names the stored challenge. */
export const webauthnCookie = 'parcours_webauthn';
const challengeLifetimeMs = 5 * 60_000;
const rpName = 'Parcours';

type Purpose = 'registration' | 'authentication';

/** The relying party is the app's own address: its host name, and its origin for the browser's answer. */
export function relyingParty(appUrl: string): { rpID: string; origin: string } {
  const url = new URL(appUrl);
  return { rpID: url.hostname, origin: url.origin };
}

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*={0,2}$/)
  .max(20_000);

/** The JSON `startRegistration` gives (checked in depth by @simplewebauthn/server). */
export const registrationResponseSchema = z
  .object({
    id: base64url,
    rawId: base64url,
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: base64url,
        attestationObject: base64url,
        authenticatorData: base64url.optional(),
        transports: z.array(z.string().max(30)).max(10).optional(),
        publicKeyAlgorithm: z.number().optional(),
        publicKey: base64url.optional(),
      })
      .strip(),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
  })
  .openapi('PasskeyRegistrationResponse');

/** The JSON `startAuthentication` gives. */
export const authenticationResponseSchema = z
  .object({
    id: base64url,
    rawId: base64url,
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: base64url,
        authenticatorData: base64url,
        signature: base64url,
        userHandle: base64url.optional(),
      })
      .strip(),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
  })
  .openapi('PasskeyAuthenticationResponse');

async function issueChallenge(
  c: Context,
  db: Database,
  purpose: Purpose,
  userId: string | null,
  challenge: string,
): Promise<void> {
  const token = randomToken();
  await db.insert(webauthnChallenges).values({
    id: hashToken(token),
    userId,
    purpose,
    challenge,
    expiresAt: new Date(Date.now() + challengeLifetimeMs),
  });
  setCookie(c, webauthnCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: secureCookies(c),
    maxAge: challengeLifetimeMs / 1000,
  });
}

/** Takes the pending challenge out of the table: it serves once, within 5 minutes, for its purpose. */
async function consumeChallenge(c: Context, db: Database, purpose: Purpose, userId: string | null): Promise<string> {
  const token = getCookie(c, webauthnCookie);
  deleteCookie(c, webauthnCookie, { path: '/', secure: secureCookies(c) });
  if (!token) throw new AppError('passkey.challenge_expired');
  const [row] = await db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.id, hashToken(token)), gt(webauthnChallenges.expiresAt, new Date())))
    .returning();
  if (!row || row.purpose !== purpose || row.userId !== userId) throw new AppError('passkey.challenge_expired');
  return row.challenge;
}

/** Options for a new passkey of a signed-in person: discoverable, user verification required. */
export async function registrationOptions(c: Context, db: Database, appUrl: string, userId: string) {
  const [user] = await db
    .select({ email: users.email, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError('auth.unauthenticated');
  const existing = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  const options = await generateRegistrationOptions({
    rpName,
    rpID: relyingParty(appUrl).rpID,
    userName: user.email,
    userDisplayName: user.displayName,
    // The user handle the authenticator keeps: our user id, so a passwordless login names its account.
    userID: new TextEncoder().encode(userId),
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: row.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await issueChallenge(c, db, 'registration', userId, options.challenge);
  return options;
}

export async function registerPasskey(
  c: Context,
  db: Database,
  appUrl: string,
  input: { userId: string; name: string; response: RegistrationResponseJSON; ip: string },
): Promise<PasskeyView> {
  const expectedChallenge = await consumeChallenge(c, db, 'registration', input.userId);
  const { rpID, origin } = relyingParty(appUrl);
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => undefined);
  if (!verification?.verified) throw new AppError('passkey.registration_failed');
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passkeys)
      .values({
        id: credential.id,
        userId: input.userId,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: input.name,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('passkey.registration_failed');
    await appendAudit(tx, {
      event: 'passkey.added',
      userId: input.userId,
      ip: input.ip,
      details: { name: input.name },
    });
    return row;
  });
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: null };
}

/** Options for a passwordless login: no account named, the authenticator offers its passkeys for this site. */
export async function authenticationOptions(c: Context, db: Database, appUrl: string) {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(appUrl).rpID,
    userVerification: 'required',
  });
  await issueChallenge(c, db, 'authentication', null, options.challenge);
  return options;
}

/** Checks a passkey login and answers whose account it opens; the signature counter moves forward. */
export async function verifyPasskeyLogin(
  c: Context,
  db: Database,
  appUrl: string,
  input: { response: AuthenticationResponseJSON; ip: string },
): Promise<{ userId: string }> {
  const expectedChallenge = await consumeChallenge(c, db, 'authentication', null);
  const [passkey] = await db.select().from(passkeys).where(eq(passkeys.id, input.response.id));
  const claimedUser = input.response.response.userHandle
    ? isoBase64URL.toUTF8String(input.response.response.userHandle)
    : undefined;
  if (!passkey || (claimedUser !== undefined && claimedUser !== passkey.userId)) {
    await appendAudit(db, {
      event: 'login.failure',
      userId: passkey?.userId ?? null,
      ip: input.ip,
      details: { reason: 'passkey_unknown', method: 'passkey' },
    });
    throw new AppError('passkey.unknown_credential');
  }
  const { rpID, origin } = relyingParty(appUrl);
  const verification = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: {
      id: passkey.id,
      publicKey: isoBase64URL.toBuffer(passkey.publicKey),
      counter: passkey.counter,
      transports: passkey.transports,
    },
    requireUserVerification: true,
  }).catch(() => undefined);
  if (!verification?.verified) {
    await appendAudit(db, {
      event: 'login.failure',
      userId: passkey.userId,
      ip: input.ip,
      details: { reason: 'passkey_invalid', method: 'passkey' },
    });
    throw new AppError('passkey.verification_failed');
  }
  await db
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
    .where(eq(passkeys.id, passkey.id));
  return { userId: passkey.userId };
}
