import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { facilities, facilityTasks, messageDeliveryAttempts, outboxMessages, referrals } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import {
  canViewReferral,
  coordinatesReferral,
  isRequester,
  referralAccessFacts,
} from '../../domain/referral/policies.ts';

/** How each delivery status reads, for the sender's side. */
export const deliveryStatusLabels: Record<string, string> = {
  queued: 'En cours d’envoi',
  stored: 'Conservé par la boîte mail de développement',
  sent: 'Envoyé',
  delivered: 'Remis au destinataire',
  failed: 'Échec de l’envoi',
  in_app: 'Dans l’application seulement (préférence du destinataire)',
  digest: 'En attente du récapitulatif quotidien',
  digested: 'Envoyé dans le récapitulatif quotidien',
};

export const channelLabels: Record<string, string> = { email: 'E-mail', sms: 'SMS', in_app: 'Application' };

export interface DeliveryView {
  id: string;
  template: string;
  channel: string;
  channelLabel: string;
  recipient: string;
  status: string;
  statusLabel: string;
  failureReason: string | null;
  attempts: number;
  provider: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  history: { attempt: number; outcome: string; httpStatus: number | null; error: string | null; at: string }[];
}

/**
 * The messages of a case and how their delivery went: the requester sees every one; a facility
 * sees those addressed to it. Addresses are not shown, only who the message was for.
 */
export async function loadCaseDeliveries(db: Queryable, actor: Actor, caseId: string): Promise<DeliveryView[]> {
  const { requester, facilityNames } = await caseAccess(db, actor, caseId);
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.referralId, caseId))
    .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.idempotencyKey));
  const visible = rows.filter(
    (row) => requester || (row.recipientType === 'facility' && actor.facilityIds.includes(row.recipientId ?? '')),
  );
  const attempts =
    visible.length === 0
      ? []
      : await db
          .select()
          .from(messageDeliveryAttempts)
          .where(
            inArray(
              messageDeliveryAttempts.messageId,
              visible.map((row) => row.id),
            ),
          )
          .orderBy(asc(messageDeliveryAttempts.startedAt));
  return visible.map((row) => ({
    id: row.id,
    template: row.template,
    channel: row.channel,
    channelLabel: channelLabels[row.channel] ?? row.channel,
    recipient: recipientLabel(row, facilityNames),
    status: row.status,
    statusLabel: deliveryStatusLabels[row.status] ?? row.status,
    failureReason: row.failureReason,
    attempts: row.attempts,
    provider: row.provider,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
    history: attempts
      .filter((attempt) => attempt.messageId === row.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        outcome: attempt.outcome,
        httpStatus: attempt.httpStatus,
        error: attempt.errorMessage,
        at: attempt.startedAt.toISOString(),
      })),
  }));
}

export interface DeliveryFailureEntry {
  seq: number;
  type: 'message.failed';
  label: string;
  taskId: string | null;
  data: Record<string, string>;
  at: string;
}

/**
 * Messages of a case that failed for good, as timeline entries placed after the event that sent
 * them (the event sequence is part of their idempotency key).
 */
export async function deliveryFailureEntries(
  db: Queryable,
  caseId: string,
  taskOfFacility: ReadonlyMap<string, { taskId: string; name: string }>,
): Promise<DeliveryFailureEntry[]> {
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.referralId, caseId), eq(outboxMessages.status, 'failed')))
    .orderBy(desc(outboxMessages.failedAt));
  return rows.map((row) => {
    const facility = row.recipientType === 'facility' ? taskOfFacility.get(row.recipientId ?? '') : undefined;
    const recipient = facility?.name ?? (row.recipientType === 'user' ? 'le demandeur' : row.recipientAddress);
    return {
      seq: Number(/^referral\/[^/]+\/(\d+)\//.exec(row.idempotencyKey)?.[1] ?? 0),
      type: 'message.failed' as const,
      label: `${channelLabels[row.channel] ?? 'Message'} non remis à ${recipient}`,
      taskId: facility?.taskId ?? null,
      data: {
        messageId: row.id,
        template: row.template,
        channel: row.channel,
        reason: row.failureReason ?? 'raison inconnue',
        attempts: String(row.attempts),
      },
      at: (row.failedAt ?? row.updatedAt).toISOString(),
    };
  });
}

async function caseAccess(db: Queryable, actor: Actor, caseId: string) {
  const [referral] = await db
    .select({ requesterId: referrals.requesterId, departement: referrals.departement })
    .from(referrals)
    .where(eq(referrals.id, caseId));
  if (!referral) throw new AppError('referral.not_found');
  const tasks = await db
    .select({ facilityId: facilityTasks.facilityId, sentAt: facilityTasks.sentAt, name: facilities.name })
    .from(facilityTasks)
    .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
    .where(eq(facilityTasks.referralId, caseId));
  const facts = referralAccessFacts(referral, tasks);
  if (!canViewReferral(actor, facts)) throw new AppError('referral.not_found');
  return {
    // The requester and the territory's coordinator follow every facility's messages.
    requester: isRequester(actor, facts) || coordinatesReferral(actor, facts),
    facilityNames: new Map(tasks.map((task) => [task.facilityId, task.name])),
  };
}

function recipientLabel(row: typeof outboxMessages.$inferSelect, facilityNames: ReadonlyMap<string, string>): string {
  if (row.recipientType === 'facility') return facilityNames.get(row.recipientId ?? '') ?? 'Établissement';
  if (row.recipientType === 'user') return 'Demandeur';
  return 'Destinataire';
}
