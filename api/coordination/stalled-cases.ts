import type { Client } from '@temporalio/client';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityTasks, referrals } from '../../db/schema.ts';
import { pcoCases, pcoPlatforms } from '../../db/schema-pco.ts';
import { type FacilityKind, facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { stalledPartyLabels } from '../../domain/messages/coordination-digest.ts';
import { coordinatorNudgeMessage } from '../../domain/messages/coordination-messages.ts';
import { type PcoStalledReason, pcoStalledReasons } from '../../domain/pco/orientation-state.ts';
import {
  canViewReferral,
  coordinatesReferral,
  isCoordinator,
  referralAccessFacts,
  watchesTerritory,
} from '../../domain/referral/policies.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import { sendMessages } from '../../services/notifications/send-messages.ts';

const partyLabels = stalledPartyLabels;

export interface StalledCase {
  type: 'referral' | 'pco';
  id: string;
  departement: string;
  what: string;
  personName: string;
  reasons: {
    reason: string;
    label: string;
    party: keyof typeof partyLabels;
    partyLabel: string;
    who: string | null;
    since: string;
  }[];
  nextDeadlineAt: string | null;
  updatedAt: string;
  url: string;
}

/** The coordinator's worklist: every stalled case of the départements they watch, oldest mark first. */
export async function stalledCasesOfTerritory(
  db: Database,
  actor: Actor,
  departement?: string,
): Promise<StalledCase[]> {
  if (!isCoordinator(actor)) throw new AppError('auth.forbidden');
  const territory = departement ? actor.territories.filter((code) => code === departement) : actor.territories;
  if (territory.length === 0) return [];
  const stalledRows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.stalled, true), inArray(referrals.departement, territory)));
  const taskRows = stalledRows.length
    ? await db
        .select({
          taskId: facilityTasks.id,
          referralId: facilityTasks.referralId,
          facilityId: facilityTasks.facilityId,
          sentAt: facilityTasks.sentAt,
          name: facilities.name,
        })
        .from(facilityTasks)
        .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
        .where(
          inArray(
            facilityTasks.referralId,
            stalledRows.map((row) => row.id),
          ),
        )
    : [];
  const facilityOfTask = new Map(taskRows.map((row) => [row.taskId, row.name]));
  // A draft (an inactive one gets stalled too) is its physician's alone: coordination sees sent cases.
  const referralRows = stalledRows.filter((row) =>
    coordinatesReferral(
      actor,
      referralAccessFacts(
        row,
        taskRows.filter((task) => task.referralId === row.id),
      ),
    ),
  );
  const pcoRows = await db
    .select({ orientation: pcoCases, platformName: pcoPlatforms.name })
    .from(pcoCases)
    .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
    .where(and(eq(pcoCases.stalled, true), inArray(pcoCases.departement, territory)))
    .orderBy(asc(pcoCases.updatedAt));

  const cases: StalledCase[] = [
    ...referralRows.map((row) => ({
      type: 'referral' as const,
      id: row.id,
      departement: row.departement ?? '',
      what: `Demande d’admission — ${facilityKinds[row.kind as FacilityKind].label}`,
      personName: `${row.patientLastName.toUpperCase()} ${row.patientFirstName}`,
      reasons: row.stalledMarks.map((mark) => {
        const party = mark.party as 'facility' | 'requester';
        return {
          reason: mark.reason,
          label: stalledReasons[mark.reason as StalledReason],
          party,
          partyLabel: partyLabels[party],
          who: mark.taskId ? (facilityOfTask.get(mark.taskId) ?? null) : null,
          since: mark.since,
        };
      }),
      nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      url: `/demandes/${row.id}`,
    })),
    ...pcoRows.map(({ orientation: row, platformName }) => ({
      type: 'pco' as const,
      id: row.id,
      departement: row.departement,
      what: 'Orientation PCO TND',
      personName: `${row.childLastName.toUpperCase()} ${row.childFirstName}`,
      reasons: row.stalledMarks.map((mark) => ({
        reason: mark.reason,
        label: pcoStalledReasons[mark.reason as PcoStalledReason],
        party: 'platform' as const,
        partyLabel: partyLabels.platform,
        who: platformName,
        since: mark.since,
      })),
      nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      url: `/pco/${row.id}`,
    })),
  ];
  const oldestMark = (item: StalledCase) => Math.min(...item.reasons.map((reason) => Date.parse(reason.since)));
  return cases.sort((a, b) => oldestMark(a) - oldestMark(b));
}

/**
 * A coordinator relances the party a stalled referral waits for, with a note of theirs. Sent
 * through the outbox, once per (case, stalled mark, day): a double click does not send twice.
 */
export async function nudgeStalledReferral(
  ctx: { db: Database; temporal: Client; taskQueue: string; appUrl: string },
  actor: Actor,
  caseId: string,
  note: string,
  today: string,
): Promise<{ sentTo: string[] }> {
  const [referral] = await ctx.db.select().from(referrals).where(eq(referrals.id, caseId));
  if (!referral) throw new AppError('referral.not_found');
  const tasks = await ctx.db
    .select({ id: facilityTasks.id, facilityId: facilityTasks.facilityId, sentAt: facilityTasks.sentAt })
    .from(facilityTasks)
    .where(eq(facilityTasks.referralId, caseId));
  // Those who cannot see the case learn nothing of it; those who see it but do not coordinate may not relance.
  if (!canViewReferral(actor, referralAccessFacts(referral, tasks))) throw new AppError('referral.not_found');
  if (!watchesTerritory(actor, referral.departement)) throw new AppError('auth.forbidden');
  if (!referral.stalled) throw new AppError('coordination.not_stalled');
  const recipients = referral.stalledMarks.map((mark) => {
    const facilityId = mark.taskId ? tasks.find((task) => task.id === mark.taskId)?.facilityId : undefined;
    return mark.party === 'facility' && facilityId
      ? ({ type: 'facility', facilityId } as const)
      : ({ type: 'user', userId: referral.requesterId } as const);
  });
  const unique = [...new Map(recipients.map((recipient) => [JSON.stringify(recipient), recipient])).values()];
  await sendMessages(ctx.temporal, {
    taskQueue: ctx.taskQueue,
    key: `coordinator-nudge/${caseId}/${actor.id}/${today}`,
    messages: unique.map((recipient) =>
      coordinatorNudgeMessage({ recipient, caseId, coordinatorName: actor.displayName, note, appUrl: ctx.appUrl }),
    ),
    wait: true,
  });
  return { sentTo: unique.map((recipient) => (recipient.type === 'facility' ? 'facility' : 'requester')) };
}
