import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { notificationPreferences, outboxMessages, referrals, users } from '../db/schema.ts';
import { coordinatorTerritories } from '../db/schema-coordination.ts';
import { pcoCases } from '../db/schema-pco.ts';
import {
  coordinatorDigestMessage,
  type StalledCaseMarks,
  summariseStalledCases,
} from '../domain/messages/coordination-digest.ts';
import { type NotificationMode, planDeliveries } from '../domain/messages/preferences.ts';
import { smsText } from '../domain/messages/sms-text.ts';
import { verifiedSmsNumber } from '../domain/phone-numbers.ts';

/** The day's digest run for coordinators: the stalled cases of each one's territory. */
export interface CoordinatorDigestRequest {
  kind: 'coordinator-digest';
  workflowId: string;
  /** Calendar day of the run (YYYY-MM-DD, Paris): one digest per coordinator and day. */
  day: string;
  /** Instant of the run (ISO). */
  until: string;
  /** Instant of the previous run (ISO): marks newer than it are new. */
  since: string;
}

/**
 * One message per coordinator with at least one stalled case in their départements, keyed
 * `coordinator-digest/<user>/<day>` (per channel), so a retried or replayed run adds nothing.
 * Reads only départements and marks, never identities. Answers the ids still to deliver.
 */
export async function collectCoordinatorDigests(
  db: Database,
  appUrl: string,
  request: CoordinatorDigestRequest,
): Promise<string[]> {
  const watching = await db
    .select({
      userId: users.id,
      email: users.email,
      phone: users.phone,
      phoneVerifiedAt: users.phoneVerifiedAt,
      departement: coordinatorTerritories.departement,
    })
    .from(coordinatorTerritories)
    .innerJoin(users, eq(users.id, coordinatorTerritories.userId))
    .where(eq(users.role, 'coordinator'));
  if (watching.length === 0) return [];
  const departements = [...new Set(watching.map((row) => row.departement))];
  const stalledByDepartement = await stalledCasesOf(db, departements);
  const coordinators = new Map<string, { row: (typeof watching)[number]; territory: string[] }>();
  for (const row of watching) {
    const coordinator = coordinators.get(row.userId) ?? { row, territory: [] };
    coordinator.territory.push(row.departement);
    coordinators.set(row.userId, coordinator);
  }
  const preferences = await db
    .select({ userId: notificationPreferences.userId, mode: notificationPreferences.mode })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.category, 'coordination'),
        inArray(notificationPreferences.userId, [...coordinators.keys()]),
      ),
    );
  const modeOf = new Map(preferences.map((row) => [row.userId, row.mode as NotificationMode]));

  const rows: (typeof outboxMessages.$inferInsert)[] = [];
  for (const [userId, { row, territory }] of coordinators) {
    const summary = summariseStalledCases(
      territory.flatMap((departement) => stalledByDepartement.get(departement) ?? []),
      request.since,
    );
    if (!summary) continue;
    const mode = modeOf.get(userId);
    const deliveries = planDeliveries('coordination', {
      type: 'user',
      email: row.email,
      verifiedPhone: verifiedSmsNumber(row) ?? null,
      ...(mode ? { mode } : {}),
    }).filter((delivery) => delivery.channel !== 'in_app');
    // « Ne pas le recevoir » (in_app): the worklist is in Parcours already, nothing to store.
    if (deliveries.length === 0) continue;
    const message = coordinatorDigestMessage({
      recipient: { type: 'user', userId },
      day: request.day,
      at: request.until,
      summary,
      appUrl,
    });
    for (const delivery of deliveries) {
      rows.push({
        idempotencyKey: `coordinator-digest/${userId}/${request.day}${delivery.keySuffix}`,
        channel: delivery.channel,
        recipientAddress: delivery.address,
        recipientType: 'user',
        recipientId: userId,
        template: message.template,
        category: message.category,
        subject: message.subject,
        textBody: delivery.channel === 'sms' ? smsText(message) : message.text,
        htmlBody: delivery.channel === 'sms' ? null : message.html,
        data: { ...message.data, workflowId: request.workflowId },
        status: delivery.status,
      });
    }
  }
  if (rows.length === 0) return [];
  await db.insert(outboxMessages).values(rows).onConflictDoNothing();
  const queued = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        inArray(
          outboxMessages.idempotencyKey,
          rows.map((row) => row.idempotencyKey),
        ),
        eq(outboxMessages.status, 'queued'),
      ),
    );
  return queued.map((queuedRow) => queuedRow.id);
}

/** Stalled referrals and PCO orientations of these départements, by département (partial indexes on stalled). */
async function stalledCasesOf(db: Database, departements: string[]): Promise<Map<string, StalledCaseMarks[]>> {
  const referralRows = await db
    .select({ departement: referrals.departement, marks: referrals.stalledMarks })
    .from(referrals)
    .where(and(eq(referrals.stalled, true), inArray(referrals.departement, departements)));
  const pcoRows = await db
    .select({ departement: pcoCases.departement, marks: pcoCases.stalledMarks })
    .from(pcoCases)
    .where(and(eq(pcoCases.stalled, true), inArray(pcoCases.departement, departements)));
  const byDepartement = new Map<string, StalledCaseMarks[]>();
  const add = (stalledCase: StalledCaseMarks) =>
    byDepartement.set(stalledCase.departement, [...(byDepartement.get(stalledCase.departement) ?? []), stalledCase]);
  for (const row of referralRows) {
    if (row.departement) add({ type: 'referral', departement: row.departement, marks: row.marks });
  }
  for (const row of pcoRows) add({ type: 'pco', departement: row.departement, marks: row.marks });
  return byDepartement;
}
