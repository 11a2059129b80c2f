import { z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { facilities, users } from '../../db/schema.ts';
import { invitations } from '../../db/schema-identity.ts';
import { duration } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import {
  canInvite,
  canManageInvitation,
  canManageInvitations,
  managedFacilityIds,
} from '../../domain/identity/invitation-policies.ts';
import {
  departementCodePattern,
  invitationRoleLabel,
  invitationStatus,
  invitationStatuses,
  invitationValidityDays,
} from '../../domain/identity/invitations.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { facilityRoles, userRoles } from '../../domain/identity/users.ts';
import { invitationMessage } from '../../domain/messages/account-messages.ts';
import { sendMessages } from '../notifications/send-messages.ts';
import { appendAudit } from './audit.ts';
import { consumeRateLimit } from './rate-limit.ts';
import { hashToken, randomToken } from './tokens.ts';

/** The address of a person invited (to a facility, or to follow a family request), with French messages. */
export const invitedEmail = z
  .string({ message: 'Indiquez l’adresse e-mail de la personne invitée.' })
  .trim()
  .toLowerCase()
  .email('Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.')
  .max(320, 'Cette adresse e-mail est trop longue.');

/** What an invitation asks for: the API's body and the web form's parsed fields, with French messages. */
export const invitationInput = z.discriminatedUnion(
  'role',
  [
    z.object({
      role: z.literal('facility_member'),
      email: invitedEmail,
      facilityId: z.string({ message: 'Choisissez l’établissement.' }).uuid('Choisissez l’établissement.'),
      facilityRole: z.enum(['staff', 'doctor', 'manager'], {
        message: 'Choisissez le rôle dans l’établissement.',
      }),
    }),
    z.object({
      role: z.literal('coordinator'),
      email: invitedEmail,
      territories: z
        .array(
          z
            .string()
            .regex(
              departementCodePattern,
              'Codes de département attendus, par exemple 69, 2A ou 974, séparés par des virgules.',
            ),
        )
        .min(1, 'Indiquez au moins un département.')
        .max(20, 'Vingt départements au plus.'),
    }),
  ],
  { message: 'Choisissez le rôle : membre d’établissement ou coordinateur.' },
);

export type InvitationInput = z.infer<typeof invitationInput>;

export const invitationViewSchema = z
  .object({
    /** The public handle: never the stored token hash. */
    id: z.string(),
    status: z.enum(['pending', 'accepted', 'expired', 'withdrawn']),
    statusLabel: z.string(),
    email: z.string(),
    role: z.string(),
    roleLabel: z.string(),
    facility: z.object({ id: z.string(), name: z.string(), finess: z.string().nullable() }).nullable(),
    territories: z.array(z.string()),
    invitedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
  })
  .openapi('Invitation');

export type InvitationView = z.infer<typeof invitationViewSchema>;

export interface InvitationServices {
  db: Database;
  temporal: Client;
  taskQueue: string;
  appUrl: string;
}

/** 24 hours: these lifetimes are durations, not Paris calendar days. */
const day = duration.hours(24);
/** Accepted, expired and withdrawn invitations stay listed this long, then only the audit log keeps them. */
const recentDays = 30;

/** Sends an invitation by e-mail: the link holds a random token, only its hash is stored. */
export async function sendInvitation(
  deps: InvitationServices,
  request: { actor: Actor; input: InvitationInput; ip: string },
): Promise<{ id: string; expiresAt: Date }> {
  const { db } = deps;
  const { actor, input } = request;
  if (!canInvite(actor, input)) throw new AppError('auth.forbidden');
  let organisationName = 'Parcours';
  if (input.role === 'facility_member') {
    const [facility] = await db
      .select({ name: facilities.name })
      .from(facilities)
      .where(eq(facilities.id, input.facilityId));
    if (!facility) throw new AppError('facility.unknown');
    organisationName = facility.name;
  }
  const [taken] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
  if (taken) throw new AppError('auth.email_taken');
  await consumeRateLimit(db, `invite:account:${actor.id}`, 50, 60 * 60);
  const token = randomToken();
  const id = hashToken(token);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + invitationValidityDays * day);
  const facilityId = input.role === 'facility_member' ? input.facilityId : null;
  // Inviting the same person to the same place again (a lost e-mail, a changed role) replaces the
  // pending link: only the newest works, so two links never give two different accounts' rights.
  // The audit rows commit with the invitation; the e-mail leaves after, so a rollback sends nothing.
  const stored = await db.transaction(async (tx) => {
    const replaced = await tx
      .update(invitations)
      .set({ withdrawnAt: now, withdrawnBy: actor.id })
      .where(
        and(
          sql`lower(${invitations.email}) = ${input.email}`,
          eq(invitations.role, input.role),
          facilityId ? eq(invitations.facilityId, facilityId) : isNull(invitations.facilityId),
          isNull(invitations.acceptedAt),
          isNull(invitations.withdrawnAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ handle: invitations.handle });
    const [stored] = await tx
      .insert(invitations)
      .values({
        id,
        email: input.email,
        role: input.role,
        facilityId,
        facilityRole: input.role === 'facility_member' ? input.facilityRole : null,
        territories: input.role === 'coordinator' ? [...new Set(input.territories)] : [],
        invitedBy: actor.id,
        expiresAt,
      })
      .returning({ handle: invitations.handle });
    if (!stored) throw new Error('invitation not stored');
    for (const _ of replaced) {
      await appendAudit(tx, {
        event: 'invitation.withdrawn',
        userId: actor.id,
        ip: request.ip,
        details: { email: input.email, role: input.role, reason: 'replaced' },
      });
    }
    await appendAudit(tx, {
      event: 'invitation.sent',
      userId: actor.id,
      ip: request.ip,
      details: { email: input.email, role: input.role },
    });
    if (input.role === 'facility_member' && input.facilityRole === 'doctor') {
      // Only a proposal: the role opens the medical part once the person's RPPS is confirmed.
      await appendAudit(tx, {
        event: 'doctor.proposed',
        userId: actor.id,
        ip: request.ip,
        details: { email: input.email, facilityId: input.facilityId },
      });
    }
    return stored;
  });
  await sendMessages(deps.temporal, {
    taskQueue: deps.taskQueue,
    key: `invitation/${id}`,
    messages: [
      invitationMessage({
        recipient: { type: 'address', email: input.email },
        acceptUrl: `${deps.appUrl}/invitation?jeton=${token}`,
        inviterName: actor.displayName,
        organisationName,
        roleLabel:
          input.role === 'facility_member'
            ? facilityRoles[input.facilityRole].toLowerCase()
            : userRoles.coordinator.toLowerCase(),
        validForDays: invitationValidityDays,
      }),
    ],
  });
  return { id: stored.handle, expiresAt };
}

const inviters = alias(users, 'inviters');

/** The invitations this person may manage, sent in the last 30 days, newest first. */
export async function listInvitations(db: Database, actor: Actor, now = new Date()): Promise<InvitationView[]> {
  if (!canManageInvitations(actor)) throw new AppError('auth.forbidden');
  const scope = actor.role === 'admin' ? [] : [inArray(invitations.facilityId, managedFacilityIds(actor))];
  const rows = await db
    .select({
      invitation: invitations,
      facilityName: facilities.name,
      finess: facilities.finess,
      inviter: inviters.displayName,
    })
    .from(invitations)
    .leftJoin(facilities, eq(facilities.id, invitations.facilityId))
    .innerJoin(inviters, eq(inviters.id, invitations.invitedBy))
    .where(and(gt(invitations.createdAt, new Date(now.getTime() - recentDays * day)), ...scope))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  return rows.map(({ invitation, facilityName, finess, inviter }) => {
    const status = invitationStatus(invitation, now);
    return {
      id: invitation.handle,
      status,
      statusLabel: invitationStatuses[status],
      email: invitation.email,
      role: invitation.role,
      roleLabel: invitationRoleLabel(invitation.role, invitation.facilityRole),
      facility:
        invitation.facilityId && facilityName !== null
          ? { id: invitation.facilityId, name: facilityName, finess }
          : null,
      territories: invitation.territories,
      invitedBy: inviter,
      createdAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
      acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
      withdrawnAt: invitation.withdrawnAt?.toISOString() ?? null,
    };
  });
}

/** The facilities a manager may invite to (theirs), by name: the invitation form's choices. */
export async function invitableFacilities(
  db: Database,
  actor: Actor,
): Promise<{ id: string; name: string; finess: string | null }[]> {
  const ids = managedFacilityIds(actor);
  if (ids.length === 0) return [];
  return db
    .select({ id: facilities.id, name: facilities.name, finess: facilities.finess })
    .from(facilities)
    .where(inArray(facilities.id, ids))
    .orderBy(facilities.name);
}

/** The facility with this FINESS number, for an administrator who typed it in the invitation form. */
export async function facilityIdByFiness(db: Database, finess: string): Promise<string | undefined> {
  const [exact] = await db.select({ id: facilities.id }).from(facilities).where(eq(facilities.finess, finess));
  return exact?.id;
}

const handleShape = z.string().uuid();

/**
 * Withdraws a pending invitation: its link stops working at once. One the person may not manage
 * is "not found", so a manager learns nothing of other facilities' invitations.
 */
export async function withdrawInvitation(
  db: Database,
  request: { actor: Actor; id: string; ip: string },
): Promise<{ email: string }> {
  const { actor } = request;
  if (!canManageInvitations(actor)) throw new AppError('auth.forbidden');
  if (!handleShape.safeParse(request.id).success) throw new AppError('auth.invitation_not_found');
  const [found] = await db
    .select({ id: invitations.id, facilityId: invitations.facilityId })
    .from(invitations)
    .where(eq(invitations.handle, request.id));
  if (!found || !canManageInvitation(actor, found)) throw new AppError('auth.invitation_not_found');
  await consumeRateLimit(db, `invite-withdraw:account:${actor.id}`, 100, 60 * 60);
  // Only while pending, atomically: an acceptance at the same instant wins or loses as a whole.
  const withdrawn = await db.transaction(async (tx) => {
    const [withdrawn] = await tx
      .update(invitations)
      .set({ withdrawnAt: new Date(), withdrawnBy: actor.id })
      .where(
        and(
          eq(invitations.id, found.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.withdrawnAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .returning({ email: invitations.email, role: invitations.role });
    if (!withdrawn) throw new AppError('auth.invitation_not_pending');
    await appendAudit(tx, {
      event: 'invitation.withdrawn',
      userId: actor.id,
      ip: request.ip,
      details: { email: withdrawn.email, role: withdrawn.role },
    });
    return withdrawn;
  });
  return { email: withdrawn.email };
}
