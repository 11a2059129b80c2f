import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { pcoCases, pcoEvents, pcoPlatforms } from '../../db/schema-pco.ts';
import { parisDay } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import { requireProfessional } from '../../domain/identity/professional-access.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { ageInMonths, pcoEligibility } from '../../domain/pco/eligibility.ts';
import { frenchAge, pcoDeadlineLabels, pcoEventLabels } from '../../domain/pco/labels.ts';
import {
  daysLeftToValidate,
  type PcoCommand,
  type PcoDeadlineType,
  type PcoEventType,
  type PcoOutcome,
  type PcoRefusalReason,
  type PcoStalledReason,
  type PcoState,
  type PcoStatus,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoStalledReasons,
  pcoStatuses,
  pcoWorkflowId,
} from '../../domain/pco/orientation-state.ts';
import { packageUsage } from '../../domain/pco/package.ts';
import {
  canGivePcoCommand,
  canOrientToPco,
  canReadOrientationFile,
  canViewOrientation,
} from '../../domain/pco/policies.ts';
import { currentScreeningGrid, evaluateScreening, type ScreeningEvaluation } from '../../domain/pco/screening.ts';
import { recordDossierRead } from '../../services/identity/audit.ts';
import type { pcoWorkflow } from '../../workflows/pco.ts';
import { type PcoCommandArgs, pcoRecorded, pcoUpdate } from '../../workflows/pco-contract.ts';
import { fromTemporalError } from '../temporal-errors.ts';
import type { CreateOrientationBody } from './schemas.ts';

export interface PcoContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
}

/** Screening, eligibility and routing, then the orientation's workflow: nothing is written if any check fails. */
export async function createOrientation(
  ctx: PcoContext,
  actor: Actor,
  body: CreateOrientationBody,
  today: string,
): Promise<string> {
  if (!canOrientToPco(actor)) throw new AppError('auth.forbidden');
  if (!body.unusualDevelopmentConfirmed) throw new AppError('pco.confirmation_required');
  if (!body.family.consent) throw new AppError('pco.consent_required');
  const eligibility = pcoEligibility({ birthDate: body.child.birthDate, referralDate: today });
  if (!eligibility.eligible) throw new AppError(eligibility.code);
  // The 0–6 grid screens children under 7; an older child is oriented on the physician's judgement alone.
  const screening =
    eligibility.ageRange === '0-6'
      ? evaluateScreening(currentScreeningGrid, eligibility.ageMonths, body.screening)
      : {
          ok: true as const,
          evaluation: {
            gridVersion: 'sans grille (7–12 ans)',
            bracketId: '7-12',
            checkedItems: [],
            generalSigns: [],
            domainsWithSigns: [],
            regression: false,
            parentalConcern: false,
            atypicalBehaviour: false,
            suggestsOrientation: false,
            reasons: ['Enfant de 7 à 12 ans : orientation sur appréciation clinique du médecin.'],
          } satisfies ScreeningEvaluation,
        };
  if (!screening.ok) throw new AppError(screening.code, undefined, { unknownItems: screening.unknownItems });
  const [platform] = await ctx.db
    .select({ id: pcoPlatforms.id })
    .from(pcoPlatforms)
    .where(and(eq(pcoPlatforms.departement, body.child.departement), eq(pcoPlatforms.ageRange, eligibility.ageRange)));
  if (!platform)
    throw new AppError('pco.no_platform', undefined, {
      departement: body.child.departement,
      ageRange: eligibility.ageRange,
    });

  const caseId = randomUUID();
  const { consent: _consent, ...family } = body.family;
  const start = new WithStartWorkflowOperation<typeof pcoWorkflow>('pcoWorkflow', {
    workflowId: pcoWorkflowId(caseId),
    taskQueue: ctx.taskQueue,
    workflowIdConflictPolicy: 'FAIL',
    args: [
      {
        caseId,
        requesterId: actor.id,
        platformId: platform.id,
        ageRange: eligibility.ageRange,
        child: body.child,
        family: { ...family, consentGivenAt: new Date().toISOString() },
        // Support the child already has is not a bar: the platform's doctor reads it and decides.
        screening: {
          ...screening.evaluation,
          existingSupport: { mdphRights: body.hasMdphRights, esmsSupport: body.hasEsmsSupport },
        },
      },
    ],
  });
  await withTemporalErrors(() =>
    ctx.temporal.workflow.executeUpdateWithStart(pcoRecorded, { args: [], startWorkflowOperation: start }),
  );
  return caseId;
}

/** A command as a person gives it: the acting person is added by the platform, never trusted from input. */
export type PcoPersonCommand =
  Exclude<PcoCommand, { type: 'deadline' }> extends infer C
    ? C extends { type: infer T; actorId: string }
      ? Omit<C, 'actorId'> & { type: T }
      : never
    : never;

export async function runPcoCommand(
  ctx: PcoContext,
  actor: Actor,
  caseId: string,
  command: PcoPersonCommand,
): Promise<PcoState> {
  const [orientation] = await ctx.db
    .select({
      requesterId: pcoCases.requesterId,
      platformId: pcoCases.platformId,
      departement: pcoCases.departement,
      status: pcoCases.status,
    })
    .from(pcoCases)
    .where(eq(pcoCases.id, caseId));
  if (!orientation || !canViewOrientation(actor, orientation)) throw new AppError('pco.not_found');
  const full = { ...command, actorId: actor.id } as Exclude<PcoCommand, { type: 'deadline' }>;
  if (!canGivePcoCommand(actor, orientation, full)) throw new AppError('auth.forbidden');
  if (orientation.status === 'closed' || orientation.status === 'refused') throw new AppError('pco.already_closed');
  const { type, ...args } = full;
  const handle = ctx.temporal.workflow.getHandle(pcoWorkflowId(caseId));
  return withTemporalErrors(() =>
    handle.executeUpdate(pcoUpdate(type), { args: [args as PcoCommandArgs<typeof type>] }),
  );
}

type CaseRow = typeof pcoCases.$inferSelect;

function nextLegalDeadline(row: CaseRow) {
  if (!row.nextDeadlineType || !row.nextDeadlineAt) return null;
  const type = row.nextDeadlineType as PcoDeadlineType;
  return { type, label: pcoDeadlineLabels[type], at: row.nextDeadlineAt.toISOString() };
}

function stalledView(row: CaseRow) {
  return row.stalledMarks.map((mark) => ({
    reason: mark.reason,
    label: pcoStalledReasons[mark.reason as PcoStalledReason],
    since: mark.since,
  }));
}

/** An orientation as this person may see it; every read (the screening is health data) is journalled. */
export async function loadOrientation(db: Database, actor: Actor, caseId: string, today: string, ip: string | null) {
  const [row] = await db
    .select({ orientation: pcoCases, platformName: pcoPlatforms.name, requesterName: users.displayName })
    .from(pcoCases)
    .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
    .innerJoin(users, eq(users.id, pcoCases.requesterId))
    .where(eq(pcoCases.id, caseId));
  if (!row || !canViewOrientation(actor, row.orientation)) throw new AppError('pco.not_found');
  const o = row.orientation;
  const fileVisible = canReadOrientationFile(actor, o);
  await recordDossierRead(db, {
    reader: { userId: actor.id, ip },
    caseKind: 'pco',
    caseId,
    parts: fileVisible ? ['orientation', 'screening', 'family'] : ['orientation'],
  });
  const events = await db.select().from(pcoEvents).where(eq(pcoEvents.caseId, caseId)).orderBy(asc(pcoEvents.seq));
  const care = o.care;
  const ageMonths = ageInMonths(o.childBirthDate, today);
  return {
    id: o.id,
    status: o.status as PcoStatus,
    statusLabel: pcoStatuses[o.status as PcoStatus],
    ageRange: o.ageRange,
    child: {
      lastName: o.childLastName,
      firstName: o.childFirstName,
      birthDate: o.childBirthDate,
      sex: o.childSex,
      age: frenchAge(ageMonths),
    },
    departement: o.departement,
    platform: { id: o.platformId, name: row.platformName },
    requester: { id: o.requesterId, displayName: row.requesterName },
    family: fileVisible ? o.family : null,
    screening: fileVisible ? o.screening : null,
    plan: o.plan,
    refusal: o.refusalReason
      ? {
          reason: o.refusalReason,
          label: pcoRefusalReasons[o.refusalReason as PcoRefusalReason],
          comment: o.refusalComment,
        }
      : null,
    submittedAt: o.submittedAt.toISOString(),
    validatedAt: o.validatedAt?.toISOString() ?? null,
    firstAssessmentAt: o.firstAssessmentAt,
    firstInterventionAt: o.firstInterventionAt,
    synthesisAt: o.synthesisAt,
    pathwayEndsAt: o.pathwayEndsAt?.toISOString() ?? null,
    renewed: o.renewed,
    care,
    packageUsage: o.validatedAt ? packageUsage(care, parisDay(o.validatedAt), today) : [],
    outcome: o.outcome ? { code: o.outcome, label: pcoOutcomes[o.outcome as PcoOutcome] } : null,
    stalled: stalledView(o),
    nextDeadline: nextLegalDeadline(o),
    version: o.version,
    timeline: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      label: pcoEventLabels[event.type as PcoEventType] ?? event.type,
      data: event.data,
      at: event.occurredAt.toISOString(),
    })),
  };
}

export type OrientationDetail = Awaited<ReturnType<typeof loadOrientation>>;

/** The platform's inbox: the age of each child, days left to validate, the next legal deadline. */
export async function platformInbox(db: Database, actor: Actor, today: string, status?: PcoStatus) {
  requireProfessional(actor);
  const platformIds = Object.keys(actor.pcoRoles);
  if (platformIds.length === 0) return [];
  const rows = await db
    .select()
    .from(pcoCases)
    .where(and(inArray(pcoCases.platformId, platformIds), status ? eq(pcoCases.status, status) : undefined))
    .orderBy(desc(pcoCases.stalled), asc(pcoCases.nextDeadlineAt))
    .limit(200);
  return rows.map((o) => {
    return {
      id: o.id,
      childName: `${o.childLastName.toUpperCase()} ${o.childFirstName}`,
      childAge: frenchAge(ageInMonths(o.childBirthDate, today)),
      status: o.status as PcoStatus,
      statusLabel: pcoStatuses[o.status as PcoStatus],
      daysLeftToValidate: o.status === 'submitted' ? daysLeftToValidate(o.submittedAt.toISOString(), today) : null,
      nextLegalDeadline: nextLegalDeadline(o),
      stalled: o.stalled,
      stalledReasons: stalledView(o).map((mark) => mark.label),
    };
  });
}

export async function requesterOrientations(db: Database, actor: Actor, today: string) {
  requireProfessional(actor);
  const rows = await db
    .select({ orientation: pcoCases, platformName: pcoPlatforms.name })
    .from(pcoCases)
    .innerJoin(pcoPlatforms, eq(pcoPlatforms.id, pcoCases.platformId))
    .where(eq(pcoCases.requesterId, actor.id))
    .orderBy(desc(pcoCases.updatedAt))
    .limit(200);
  return rows.map(({ orientation: o, platformName }) => ({
    id: o.id,
    childName: `${o.childLastName.toUpperCase()} ${o.childFirstName}`,
    childAge: frenchAge(ageInMonths(o.childBirthDate, today)),
    platformName,
    status: o.status as PcoStatus,
    statusLabel: pcoStatuses[o.status as PcoStatus],
    stalled: o.stalled,
    nextLegalDeadline: nextLegalDeadline(o),
    updatedAt: o.updatedAt.toISOString(),
  }));
}

async function withTemporalErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromTemporalError(error) ?? error;
  }
}
