import type { Client } from '@temporalio/client';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { facilityTasks, referrals, users } from '../../db/schema.ts';
import { familyInvitations } from '../../db/schema-family.ts';
import { duration } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import {
  physicianInvitationMessage,
  referentInvitationMessage,
} from '../../domain/messages/family-invitation-messages.ts';
import {
  canInviteReferent,
  canViewReferral,
  isReferent,
  type ReferralAccessFacts,
  referralAccessFacts,
} from '../../domain/referral/policies.ts';
import { isReferralClosed, type ReferralStatus } from '../../domain/referral/state.ts';
import { referralClaimPhysicianInvitationUpdate } from '../../workflows/referral-contract.ts';
import { appendAudit } from '../identity/audit.ts';
import type { IdentityDeps } from '../identity/deps.ts';
import { hashPassword, minimumPasswordLength } from '../identity/passwords.ts';
import { addressRange, consumeRateLimit } from '../identity/rate-limit.ts';
import { insertParticulier } from '../identity/sign-up-particulier.ts';
import { hashToken, randomToken } from '../identity/tokens.ts';
import { sendMessages } from '../notifications/send-messages.ts';
import { addReferent, executeFamilyUpdate } from './referents.ts';

/**
 * The invitations of a family request (issue 15): a référent invites a relative by e-mail to follow
 * it (so do the professional who created it on the person's behalf, and the physician on their own
 * request); the médecin traitant not yet on the platform, designated by e-mail, is invited to join.
 * Each invitation is linked to its case; the link holds a random token, only its hash is stored.
 * The messages carry the dossier number and the inviter's name, never health data.
 */
export interface FamilyInvitationDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  appUrl: string;
}

export type FamilyInvitationKind = 'referent' | 'physician';

export const referentInvitationValidityDays = 7;
export const physicianInvitationValidityDays = 14;

/**
 * How many invitations one person sends, and one address receives, in 24 hours: enough for a family
 * and a few mistakes, too few to use the platform to write to strangers.
 */
export const familyInvitationLimits = {
  perInviter: { limit: 20, windowSeconds: 24 * 60 * 60 },
  perAddress: { limit: 5, windowSeconds: 24 * 60 * 60 },
} as const;

const day = duration.hours(24);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The case as the policies read it, or undefined when it does not exist. */
async function caseFacts(
  db: Database,
  caseId: string,
): Promise<{ status: ReferralStatus; dossierNumber: string | null; facts: ReferralAccessFacts } | undefined> {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, caseId));
  if (!row) return undefined;
  const tasks = await db
    .select({ facilityId: facilityTasks.facilityId, sentAt: facilityTasks.sentAt })
    .from(facilityTasks)
    .where(eq(facilityTasks.referralId, caseId));
  return {
    status: row.status as ReferralStatus,
    dossierNumber: row.dossierNumber,
    facts: referralAccessFacts(row, tasks),
  };
}

/** Counts one invitation against the inviter's and the address's limits (`auth.rate_limited`). */
export async function consumeInvitationLimits(
  db: Database,
  kind: FamilyInvitationKind,
  inviterId: string,
  email: string,
): Promise<void> {
  const { perInviter, perAddress } = familyInvitationLimits;
  await consumeRateLimit(db, `family-invite:${kind}:account:${inviterId}`, perInviter.limit, perInviter.windowSeconds);
  await consumeRateLimit(
    db,
    `family-invite:${kind}:email:${hashToken(email)}`,
    perAddress.limit,
    perAddress.windowSeconds,
  );
}

/**
 * Stores an invitation (replacing a pending one of the same kind, address and case: only the newest
 * link works) and e-mails its link. Answers its public handle and expiry.
 */
async function storeAndSend(
  deps: FamilyInvitationDeps,
  input: {
    kind: FamilyInvitationKind;
    caseId: string;
    email: string;
    inviter: Actor;
    dossierNumber: string | null;
    ip: string | null;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const token = randomToken();
  const id = hashToken(token);
  const now = new Date();
  const validForDays = input.kind === 'referent' ? referentInvitationValidityDays : physicianInvitationValidityDays;
  const expiresAt = new Date(now.getTime() + validForDays * day);
  const handle = await deps.db.transaction(async (tx) => {
    await tx
      .update(familyInvitations)
      .set({ withdrawnAt: now })
      .where(
        and(
          eq(familyInvitations.referralId, input.caseId),
          eq(familyInvitations.kind, input.kind),
          eq(familyInvitations.email, input.email),
          isNull(familyInvitations.acceptedAt),
          isNull(familyInvitations.withdrawnAt),
        ),
      );
    const [stored] = await tx
      .insert(familyInvitations)
      .values({
        id,
        kind: input.kind,
        referralId: input.caseId,
        email: input.email,
        invitedBy: input.inviter.id,
        expiresAt,
      })
      .returning({ handle: familyInvitations.handle });
    if (!stored) throw new Error('invitation not stored');
    await appendAudit(tx, {
      event: 'invitation.sent',
      userId: input.inviter.id,
      ip: input.ip,
      details: { email: input.email, role: input.kind === 'referent' ? 'referent' : 'physician', case: input.caseId },
    });
    return stored.handle;
  });
  const reference = caseReference(input.caseId, input.dossierNumber);
  const path = input.kind === 'referent' ? 'famille' : 'medecin';
  const message = (input.kind === 'referent' ? referentInvitationMessage : physicianInvitationMessage)({
    recipient: { type: 'address', email: input.email },
    acceptUrl: `${deps.appUrl}/invitation/${path}?jeton=${token}`,
    inviterName: input.inviter.displayName,
    reference,
    validForDays,
  });
  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    key: `family-invitation/${id}`,
    messages: [{ ...message, referralId: input.caseId }],
  });
  return { id: handle, expiresAt };
}

/**
 * A référent (or the assisting professional, or the physician of their own request) invites a
 * relative by e-mail to follow the request. Refusals: `referral.not_found` (a case they do not see),
 * `auth.forbidden`, `referral.already_closed`, `family.referent_is_professional` (the address is a
 * professional's account: a référent is never a professional of the case), `referral.referent_already`,
 * `auth.rate_limited`.
 */
export async function inviteReferent(
  deps: FamilyInvitationDeps,
  request: { actor: Actor; caseId: string; email: string; ip: string | null },
): Promise<{ id: string; expiresAt: Date }> {
  const { db } = deps;
  const { actor } = request;
  const email = normalizeEmail(request.email);
  const found = await caseFacts(db, request.caseId);
  if (!found || !canViewReferral(actor, found.facts)) throw new AppError('referral.not_found');
  if (!canInviteReferent(actor, found.facts)) throw new AppError('auth.forbidden');
  // The API's schema says it first; a page's form reaches here as typed.
  if (!z.email().max(320).safeParse(email).success) throw new AppError('family.invitation_email_invalid');
  if (isReferralClosed(found.status)) throw new AppError('referral.already_closed');
  const [account] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  if (account && account.role !== 'particulier') throw new AppError('family.referent_is_professional');
  if (account && isReferent({ ...actor, id: account.id, role: 'particulier' }, found.facts)) {
    throw new AppError('referral.referent_already');
  }
  await consumeInvitationLimits(db, 'referent', actor.id, email);
  return storeAndSend(deps, {
    kind: 'referent',
    caseId: request.caseId,
    email,
    inviter: actor,
    dossierNumber: found.dossierNumber,
    ip: request.ip,
  });
}

/**
 * The médecin traitant designated by e-mail (POST /api/referrals/{id}/physician with `invitedEmail`)
 * is invited to join: called once the designation is recorded, the limits counted before it.
 */
export function invitePhysician(
  deps: FamilyInvitationDeps,
  input: { actor: Actor; caseId: string; email: string; dossierNumber: string | null; ip: string | null },
): Promise<{ id: string; expiresAt: Date }> {
  return storeAndSend(deps, { kind: 'physician', ...input, inviter: input.actor });
}

/** A pending invitation by the token of its link, with what its page shows (never health data). */
/** A référent invitation not yet answered, as the people who may invite see it on the request. */
export interface PendingInvitation {
  /** The public handle (never the token, which only the e-mailed link carries). */
  id: string;
  email: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

const pendingOn = (caseId: string, now: Date) =>
  and(
    eq(familyInvitations.referralId, caseId),
    eq(familyInvitations.kind, 'referent'),
    isNull(familyInvitations.acceptedAt),
    isNull(familyInvitations.withdrawnAt),
    gt(familyInvitations.expiresAt, now),
  );

/** The case for someone who may invite on it: hidden (404) to those who may not see it, 403 to those who may not invite. */
async function invitableCase(db: Database, actor: Actor, caseId: string) {
  const found = await caseFacts(db, caseId);
  if (!found || !canViewReferral(actor, found.facts)) throw new AppError('referral.not_found');
  if (!canInviteReferent(actor, found.facts)) throw new AppError('auth.forbidden');
  return found;
}

/** The référent invitations of a case still waiting for an answer, newest first. */
export async function listPendingInvitations(
  db: Database,
  actor: Actor,
  caseId: string,
  now = new Date(),
): Promise<PendingInvitation[]> {
  await invitableCase(db, actor, caseId);
  const rows = await db
    .select({
      id: familyInvitations.handle,
      email: familyInvitations.email,
      invitedBy: users.displayName,
      createdAt: familyInvitations.createdAt,
      expiresAt: familyInvitations.expiresAt,
    })
    .from(familyInvitations)
    .innerJoin(users, eq(users.id, familyInvitations.invitedBy))
    .where(pendingOn(caseId, now))
    .orderBy(sql`${familyInvitations.createdAt} desc`);
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  }));
}

/** Withdraws a pending référent invitation: its link stops working at once. Keyed by the invitation: once only. */
export async function withdrawInvitation(
  db: Database,
  request: { actor: Actor; caseId: string; invitationId: string; ip: string | null },
  now = new Date(),
): Promise<void> {
  const { actor, caseId } = request;
  await invitableCase(db, actor, caseId);
  const withdrawn = await db
    .update(familyInvitations)
    .set({ withdrawnAt: now })
    .where(and(pendingOn(caseId, now), eq(familyInvitations.handle, request.invitationId)))
    .returning({ id: familyInvitations.id });
  if (withdrawn.length === 0) throw new AppError('family.invitation_not_pending');
  await appendAudit(db, { event: 'invitation.withdrawn', userId: actor.id, ip: request.ip, details: { case: caseId } });
}

export async function pendingFamilyInvitation(
  db: Database,
  token: string,
  kind: FamilyInvitationKind,
): Promise<
  | {
      id: string;
      caseId: string;
      email: string;
      invitedBy: string;
      inviterName: string;
      reference: string;
      assisted: boolean;
    }
  | undefined
> {
  const [row] = await db
    .select({
      id: familyInvitations.id,
      caseId: familyInvitations.referralId,
      email: familyInvitations.email,
      invitedBy: familyInvitations.invitedBy,
      inviterName: users.displayName,
      dossierNumber: referrals.dossierNumber,
      family: referrals.family,
    })
    .from(familyInvitations)
    .innerJoin(users, eq(users.id, familyInvitations.invitedBy))
    .innerJoin(referrals, eq(referrals.id, familyInvitations.referralId))
    .where(
      and(
        eq(familyInvitations.id, hashToken(token)),
        eq(familyInvitations.kind, kind),
        isNull(familyInvitations.acceptedAt),
        isNull(familyInvitations.withdrawnAt),
        gt(familyInvitations.expiresAt, new Date()),
      ),
    );
  if (!row) return undefined;
  const assistedBy = row.family?.assistedBy;
  return {
    id: row.id,
    caseId: row.caseId,
    email: row.email,
    invitedBy: row.invitedBy,
    inviterName: row.inviterName,
    reference: caseReference(row.caseId, row.dossierNumber),
    // The first référent of a request a professional created takes it over: they say whether the
    // professional keeps following it.
    assisted: !!assistedBy && !assistedBy.endedAt && (row.family?.referentIds.length ?? 0) === 0,
  };
}

async function markAccepted(db: Database, invitationId: string, userId: string, ip: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const [accepted] = await tx
      .update(familyInvitations)
      .set({ acceptedAt: new Date(), acceptedUserId: userId })
      .where(and(eq(familyInvitations.id, invitationId), isNull(familyInvitations.acceptedAt)))
      .returning({ kind: familyInvitations.kind });
    if (accepted) {
      await appendAudit(tx, { event: 'invitation.accepted', userId, ip, details: { role: accepted.kind } });
    }
  });
}

export interface NewParticulierAccount {
  displayName: string;
  password: string;
  cguVersion: string;
  cguAccepted: boolean;
}

/**
 * Accepts a référent invitation: with the particulier account signed in, or by creating it (the
 * sign-up rules: password, CGU; the address is the invitation's, confirmed by the link itself), then
 * the person is added as a référent (`addReferent`, a workflow Update). The first référent of a
 * request a professional created takes it over; `keepAssistance` keeps the professional following it.
 * Refusals: `family.invitation_invalid`, `family.referent_is_professional` (a professional signed in),
 * `family.invitation_account_required`, `family.invitation_login_first` (the address has an account:
 * sign in first), `auth.weak_password`, `auth.cgu_not_accepted`, `auth.cgu_outdated`,
 * `auth.rate_limited`, and the Update's (`auth.forbidden` when the inviter lost their rights,
 * `referral.already_closed`).
 */
export async function acceptReferentInvitation(
  deps: IdentityDeps,
  request: {
    token: string;
    actor?: Actor | undefined;
    account?: NewParticulierAccount | undefined;
    keepAssistance?: boolean | undefined;
    ip: string;
  },
): Promise<{ caseId: string; userId: string; accountCreated: boolean }> {
  const { db, settings } = deps;
  const { ip } = request;
  await consumeRateLimit(
    db,
    `family-invite-accept:ip:${addressRange(ip)}`,
    settings.loginPerIp.limit,
    settings.loginPerIp.windowSeconds,
  );
  const invitation = await pendingFamilyInvitation(db, request.token, 'referent');
  if (!invitation) throw new AppError('family.invitation_invalid');
  let userId: string;
  let accountCreated = false;
  if (request.actor) {
    if (request.actor.role !== 'particulier') throw new AppError('family.referent_is_professional');
    userId = request.actor.id;
  } else {
    if (!request.account) throw new AppError('family.invitation_account_required');
    userId = await createInvitedParticulier(deps, invitation.email, request.account, ip);
    accountCreated = true;
  }
  try {
    await addReferent(deps, {
      caseId: invitation.caseId,
      userId,
      addedBy: invitation.invitedBy,
      keepAssistance: request.keepAssistance === true,
    });
  } catch (error) {
    // Accepted twice (two clicks, two devices): the person follows the request already.
    if (!(error instanceof AppError && error.code === 'referral.referent_already')) throw error;
  }
  await markAccepted(db, invitation.id, userId, ip);
  return { caseId: invitation.caseId, userId, accountCreated };
}

/** The particulier account of an invited relative: as a sign-up does, the address confirmed by the link. */
async function createInvitedParticulier(
  deps: IdentityDeps,
  email: string,
  account: NewParticulierAccount,
  ip: string,
): Promise<string> {
  const { db, settings } = deps;
  await consumeRateLimit(
    db,
    `signup:ip:${addressRange(ip)}`,
    settings.signUpPerIp.limit,
    settings.signUpPerIp.windowSeconds,
  );
  if (account.password.length < minimumPasswordLength) throw new AppError('auth.weak_password');
  if (!account.cguAccepted) throw new AppError('auth.cgu_not_accepted');
  if (account.cguVersion !== currentCgu().version) throw new AppError('auth.cgu_outdated');
  const passwordHash = await hashPassword(account.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`parcours.signup:${email}`}))`);
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (taken) throw new AppError('family.invitation_login_first');
    return insertParticulier(tx, {
      displayName: account.displayName,
      email,
      passwordHash,
      cguVersion: account.cguVersion,
      ip,
      method: 'invitation',
      emailVerified: true,
    });
  });
}

/**
 * The physician opens their invitation signed in (after creating their account through Pro Santé
 * Connect, or with the one they had): the designation by e-mail resolves to their account, and the
 * dossier joins their « Dossiers à compléter ». Refusals: `physician.invitation_not_physician`,
 * `family.invitation_invalid`, `physician.invitation_stale` (another physician designated since),
 * `physician.already_completed`, `referral.already_closed`.
 */
export async function claimPhysicianInvitation(
  deps: FamilyInvitationDeps,
  request: { actor: Actor; token: string; ip: string | null },
): Promise<{ caseId: string }> {
  if (request.actor.role !== 'physician') throw new AppError('physician.invitation_not_physician');
  const invitation = await pendingFamilyInvitation(deps.db, request.token, 'physician');
  if (!invitation) throw new AppError('family.invitation_invalid');
  await executeFamilyUpdate(deps.temporal, invitation.caseId, referralClaimPhysicianInvitationUpdate, {
    actorId: request.actor.id,
    invitedEmail: invitation.email,
  });
  await markAccepted(deps.db, invitation.id, request.actor.id, request.ip);
  return { caseId: invitation.caseId };
}

/**
 * A physician account created through Pro Santé Connect with the address an invitation went to: each
 * such pending invitation resolves to it at once (the dossier waits in « Dossiers à compléter »).
 * One the case no longer expects (another physician designated) is left as it is.
 */
export async function claimPhysicianInvitationsOf(
  deps: FamilyInvitationDeps,
  account: { userId: string; email: string },
): Promise<string[]> {
  const email = normalizeEmail(account.email);
  const pending = await deps.db
    .select({ id: familyInvitations.id, caseId: familyInvitations.referralId })
    .from(familyInvitations)
    .where(
      and(
        eq(familyInvitations.kind, 'physician'),
        eq(familyInvitations.email, email),
        isNull(familyInvitations.acceptedAt),
        isNull(familyInvitations.withdrawnAt),
        gt(familyInvitations.expiresAt, new Date()),
      ),
    );
  const claimed: string[] = [];
  for (const invitation of pending) {
    try {
      await executeFamilyUpdate(deps.temporal, invitation.caseId, referralClaimPhysicianInvitationUpdate, {
        actorId: account.userId,
        invitedEmail: email,
      });
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    await markAccepted(deps.db, invitation.id, account.userId, null);
    claimed.push(invitation.caseId);
  }
  return claimed;
}
