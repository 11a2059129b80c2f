import { and, asc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  dossierVersions,
  facilities,
  facilityTasks,
  outboxMessages,
  referralEvents,
  referrals,
  users,
} from '../../db/schema.ts';
import { auditLog } from '../../db/schema-identity.ts';
import { pcoCases, pcoEvents } from '../../db/schema-pco.ts';
import { AppError } from '../../domain/errors.ts';
import { erasureRefusal } from '../../domain/retention.ts';
import { anonymiseCase, type CaseRef } from './anonymise-case.ts';

/** The person a request is about (a patient, or a child oriented to a PCO), as the administrator identified them. */
export interface PersonIdentity {
  lastName: string;
  firstName: string;
  birthDate: string;
}

/** Journal entries these use cases write; the caller appends them to the security journal. */
export type PersonDataAuditEvent = 'person.exported' | 'person.erased';

export type RecordAudit = (entry: { event: PersonDataAuditEvent; details: Record<string, string> }) => Promise<void>;

/** The cases of a person still holding their identity (anonymised ones hold nothing of them). */
async function casesOf(db: Database, person: PersonIdentity) {
  const referralRows = await db
    .select()
    .from(referrals)
    .where(
      and(
        isNull(referrals.anonymisedAt),
        eq(referrals.patientBirthDate, person.birthDate),
        sql`lower(${referrals.patientLastName}) = lower(${person.lastName})`,
        sql`lower(${referrals.patientFirstName}) = lower(${person.firstName})`,
      ),
    )
    .orderBy(asc(referrals.createdAt));
  const pcoRows = await db
    .select()
    .from(pcoCases)
    .where(
      and(
        isNull(pcoCases.anonymisedAt),
        eq(pcoCases.childBirthDate, person.birthDate),
        sql`lower(${pcoCases.childLastName}) = lower(${person.lastName})`,
        sql`lower(${pcoCases.childFirstName}) = lower(${person.firstName})`,
      ),
    )
    .orderBy(asc(pcoCases.submittedAt));
  return { referralRows, pcoRows };
}

function refsOf(found: Awaited<ReturnType<typeof casesOf>>): CaseRef[] {
  return [
    ...found.referralRows.map((row) => ({ caseKind: 'referral' as const, caseId: row.id })),
    ...found.pcoRows.map((row) => ({ caseKind: 'pco' as const, caseId: row.id })),
  ];
}

/**
 * Right of access (RGPD art. 15; CSP L1111-7): everything the platform holds on the person, as
 * JSON: each case with its facility requests and answers, events, every dossier version, the
 * messages it caused and who read its dossier. Journaled with the case ids only.
 */
export async function exportPersonData(db: Database, person: PersonIdentity, audit: RecordAudit) {
  const found = await casesOf(db, person);
  const refs = refsOf(found);
  if (refs.length === 0) throw new AppError('retention.person_not_found');
  const referralExports = [];
  for (const row of found.referralRows) {
    referralExports.push({
      case: row,
      facilityRequests: await db
        .select({ facilityName: facilities.name, task: facilityTasks })
        .from(facilityTasks)
        .innerJoin(facilities, eq(facilities.id, facilityTasks.facilityId))
        .where(eq(facilityTasks.referralId, row.id)),
      events: await db
        .select()
        .from(referralEvents)
        .where(eq(referralEvents.referralId, row.id))
        .orderBy(asc(referralEvents.seq)),
      dossierVersions: await db
        .select()
        .from(dossierVersions)
        .where(eq(dossierVersions.referralId, row.id))
        .orderBy(asc(dossierVersions.version)),
      messages: await messagesOf(db, row.id),
      dossierReads: await dossierReads(db, row.id),
    });
  }
  const orientationExports = [];
  for (const row of found.pcoRows) {
    orientationExports.push({
      case: row,
      events: await db.select().from(pcoEvents).where(eq(pcoEvents.caseId, row.id)).orderBy(asc(pcoEvents.seq)),
      messages: await messagesOf(db, row.id),
      dossierReads: await dossierReads(db, row.id),
    });
  }
  await audit({ event: 'person.exported', details: { cases: refs.map((ref) => ref.caseId).join(',') } });
  return {
    exportedAt: new Date().toISOString(),
    person,
    referrals: referralExports,
    orientations: orientationExports,
  };
}

/** What a message said and to whom: the person's case caused it. */
function messagesOf(db: Database, caseId: string) {
  return db
    .select({
      template: outboxMessages.template,
      channel: outboxMessages.channel,
      recipientAddress: outboxMessages.recipientAddress,
      subject: outboxMessages.subject,
      textBody: outboxMessages.textBody,
      status: outboxMessages.status,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.referralId, caseId))
    .orderBy(asc(outboxMessages.createdAt));
}

/** Who read the case's dossier, when, and which parts (the security journal's `dossier.read` rows). */
async function dossierReads(db: Database, caseId: string) {
  const rows = await db
    .select({ at: auditLog.at, details: auditLog.details, readerName: users.displayName, readerRole: users.role })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.event, 'dossier.read'), like(auditLog.details, `%"caseId":"${caseId}"%`)))
    .orderBy(asc(auditLog.seq));
  return rows.map((row) => {
    const details = JSON.parse(row.details) as Record<string, string>;
    return { at: row.at, readerName: row.readerName, readerRole: row.readerRole, parts: details.parts ?? '' };
  });
}

/**
 * Right to erasure (RGPD art. 17) where the law allows it: each closed case of the person is
 * anonymised at once, as retention would later; a case in progress is kept (the orientation still
 * needs it: close or cancel it first). The security journal is never erased (art. 17-3-b and e:
 * its own rule, domain/retention.ts). Journaled with the case ids only.
 */
export async function erasePersonData(db: Database, person: PersonIdentity, audit: RecordAudit) {
  const found = await casesOf(db, person);
  const cases = [
    ...found.referralRows.map((row) => ({
      ref: { caseKind: 'referral' as const, caseId: row.id },
      closedAt: row.closedAt,
    })),
    ...found.pcoRows.map((row) => ({ ref: { caseKind: 'pco' as const, caseId: row.id }, closedAt: row.closedAt })),
  ];
  if (cases.length === 0) throw new AppError('retention.person_not_found');
  const erased: CaseRef[] = [];
  const kept: (CaseRef & { code: 'retention.case_open' })[] = [];
  const at = new Date();
  for (const { ref, closedAt } of cases) {
    const refusal = erasureRefusal({ closedAt });
    if (refusal) kept.push({ ...ref, code: refusal });
    else if (await anonymiseCase(db, ref, at)) erased.push(ref);
  }
  await audit({
    event: 'person.erased',
    details: {
      erased: erased.map((ref) => ref.caseId).join(','),
      kept: kept.map((ref) => ref.caseId).join(','),
    },
  });
  return { erased, kept };
}
