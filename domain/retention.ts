import { endOfParisDay, parisDay, shiftDay, shiftDayByMonths, startOfParisDay, todayInParis } from './calendar/days.ts';
import { type FacilityKind, pathwayOf } from './directory/facility-kinds.ts';
import type { Actor } from './identity/users.ts';

/**
 * How long a closed case is kept before it is anonymised (RGPD art. 5-1-e, storage limitation).
 * The platform orients and admits; it does not hold the patient's record: the facility that
 * admits keeps its own (20 years for a health facility, CSP R.1112-7). So a case is kept only as
 * long as the orientation itself may still need it. The reasons are in the README (« Conservation »).
 */
export type RetentionClass = 'grand_age' | 'suites_de_soins' | 'pco';

export type RetentionPeriods = Record<RetentionClass, number>;

/** Months after the case's closing day, per class (configurable: PARCOURS_RETENTION_MONTHS_*). */
export const defaultRetentionMonths: RetentionPeriods = {
  // A refused or withdrawn EHPAD request is often made again within months; a new one reuses its history.
  grand_age: 24,
  // Follow-up care is arranged within days of leaving acute care; a year covers a readmission.
  suites_de_soins: 12,
  // Two years of pathway at most, then orientation to the 7–12 platform or a review of the package.
  pco: 36,
};

export const retentionClassLabels: Record<RetentionClass, string> = {
  grand_age: 'Grand âge',
  suites_de_soins: 'Suites de soins',
  pco: 'PCO TND',
};

/** A referral's class follows the pathway of its kind of facility; an orientation is `pco`. */
export function retentionClassOf(
  kase: { caseKind: 'referral'; kind: FacilityKind } | { caseKind: 'pco' },
): RetentionClass {
  return kase.caseKind === 'pco' ? 'pco' : pathwayOf(kase.kind);
}

/**
 * The last day a case closed at `closedAt` is kept: its Paris closing day plus the period in
 * months (31 January + 1 month = 28 or 29 February). The clock starts at the closing (admission,
 * cancellation, archiving, refusal or end of a PCO pathway), never at creation: an open case is
 * never due, however old.
 */
export function retentionLastDay(closedAt: Date | string, months: number): string {
  return shiftDayByMonths(parisDay(closedAt), months);
}

/** Whether the case is past its retention at `now`: its last day has ended in Paris. */
export function isRetentionDue(closedAt: Date | string, months: number, now: Date | string | number): boolean {
  return endOfParisDay(retentionLastDay(closedAt, months)) <= new Date(now).getTime();
}

/**
 * Cases closed before this instant may be due at `now` (and none closed later is): the bound of
 * the read model's query, whose rows are then checked one by one with `isRetentionDue`. Month
 * arithmetic clamps at the month's end, so the bound is the day after `today − months`.
 */
export function retentionCandidateBound(months: number, now: Date | string | number): Date {
  const bound = shiftDay(shiftDayByMonths(todayInParis(now), -months), 1);
  return new Date(startOfParisDay(bound));
}

/** Event data keys that hold codes or numbers, never words typed by a person: kept by anonymisation. */
const codeKeys = new Set([
  'taskId',
  'version',
  'party',
  'setting',
  'professions',
  'package',
  'usedCents',
  'ceilingCents',
  'outcome',
  'renewalPossible',
  'reasonCode',
]);

const codePattern = /^[a-z][a-z0-9_]*$/;

/** A stored reason kept when it is a code (`no_place`, `referral_cancelled`), dropped when it is prose. */
export function keptCode(value: string | null | undefined): string | null {
  return value && codePattern.test(value) ? value : null;
}

/**
 * What anonymisation keeps of an event's data: codes (reasons, parties, versions), for the
 * statistics of answers and delays; questions, answers, comments and free reasons are dropped.
 */
export function anonymisedEventData(data: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (codeKeys.has(key) || (key === 'reason' && keptCode(value))) kept[key] = value;
  }
  return kept;
}

/**
 * The birth date an anonymised case keeps: 1 January of the birth year (an age band for the
 * observatory; the day and month, with the territory and dates, would single the person out).
 */
export function anonymisedBirthDate(birthDate: string): string {
  return `${birthDate.slice(0, 4)}-01-01`;
}

/**
 * What becomes of each part of a case once due (or erased on request): the case row and its
 * facility tasks and events stay as anonymous statistics; the identity, the dossier and the
 * messages go. `anonymised` rows lose every name, free text and health detail.
 */
export const retentionFate = {
  caseRow: 'anonymised',
  facilityTasks: 'anonymised',
  events: 'anonymised',
  dossierVersions: 'deleted',
  outboxMessages: 'deleted',
  auditJournal: 'kept',
} as const;

/**
 * The security journal's own rule. It is a hash chain (each row carries the previous row's hash),
 * so no row is ever removed from its middle: neither retention nor an erasure touches it. Its rows
 * name accounts and case ids, never a patient's name or health detail; once a case is anonymised
 * its rows point at an anonymous case. It is kept 6 years, the limitation period of the offences
 * it may prove (unlawful access to health data, Code pénal 226-16 s., 323-1; CPP art. 8); older
 * rows may only be cut as a whole prefix, its last hash kept as the new genesis.
 */
export const auditJournalRetentionYears = 6;

/** Whether an erasure asked for a case can be done now: not while the orientation is in progress. */
export function erasureRefusal(kase: { closedAt: Date | string | null }): 'retention.case_open' | undefined {
  return kase.closedAt ? undefined : 'retention.case_open';
}

/** Exporting or erasing a person's data is an administrator's act (the controller answers requests). */
export function canManagePersonData(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'admin';
}
