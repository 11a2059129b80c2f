import {
  addParisDays,
  addParisMonths,
  type CalendarDay,
  daysBetween,
  endOfParisDay,
  parisDay,
  shiftDay,
  shiftDayByMonths,
} from '../calendar/days.ts';
import type { ErrorCode } from '../errors.ts';
import { legacyAddDays, legacyAddMonths } from '../referral/deadlines-legacy.ts';
import type { PatientIdentity } from '../referral/patient.ts';
import type { PcoAgeRange } from './eligibility.ts';
import { type CareProfession, packageUsage } from './package.ts';
import type { ScreeningEvaluation } from './screening.ts';

/**
 * An orientation to a PCO TND and the pathway that follows (CSP R2135-1 to R2135-3): the
 * platform's doctor validates within 15 days, the first assessment comes within 3 months, the
 * first synthesis meeting within 6 months of the first intervention of a professional
 * contributing to the diagnosis (the first assessment included), the pathway lasts a year,
 * renewable once. Legal delays are Paris calendar days and months and end at the end of their
 * last day (rules v2; orientations begun before keep rules v1). Pure rules; the workflow
 * `pco/<caseId>` owns the state.
 */
export const pcoStatuses = {
  submitted: 'En attente de validation par la plateforme',
  refused: 'Prescription non validée',
  validated: 'Validée : premier bilan à organiser',
  in_progress: 'Parcours en cours',
  closed: 'Parcours clos',
} as const;

export type PcoStatus = keyof typeof pcoStatuses;

export const pcoRefusalReasons = {
  cdaph_equivalent: 'Accompagnement équivalent déjà décidé par la CDAPH',
  no_significant_gap: 'Pas d’écart significatif du développement : nouvel examen clinique par le médecin',
} as const;
export type PcoRefusalReason = keyof typeof pcoRefusalReasons;

export const pcoOutcomes = {
  diagnosis_and_care: 'Diagnostic posé et prise en charge organisée',
  mdph_orientation: 'Orientation vers la MDPH',
  no_disorder: 'Fin de parcours sans trouble confirmé',
  family_withdrawal: 'Retrait de la famille',
} as const;
export type PcoOutcome = keyof typeof pcoOutcomes;

export const pcoSettings = {
  platform: 'Au sein de la plateforme',
  contracted: 'Avec des professionnels libéraux conventionnés',
  mixed: 'Plateforme et professionnels conventionnés',
} as const;
export type PcoSetting = keyof typeof pcoSettings;

export const pcoStalledReasons = {
  validation_overdue: 'Prescription non validée dans les 15 jours',
  first_assessment_overdue: 'Premier bilan non réalisé dans les 3 mois suivant la validation',
  synthesis_overdue:
    'Réunion de synthèse non tenue dans les 6 mois suivant le premier bilan ou la première intervention',
  renewal_decision_overdue: 'Décision de renouvellement non prise à l’échéance du parcours',
  closure_overdue: 'Parcours arrivé à échéance sans clôture',
} as const;
export type PcoStalledReason = keyof typeof pcoStalledReasons;

export interface CareItem {
  id: string;
  kind: 'assessment' | 'intervention';
  profession: CareProfession;
  date: string;
  amountCents: number;
  provider: 'platform' | 'contracted';
  /** Recorded knowingly beyond the yearly package: not covered by it. */
  beyondPackage: boolean;
}

/** The family's contact and consent, recorded by the physician at orientation. */
export interface PcoFamily {
  contactName: string;
  relationship: string;
  phone?: string;
  email?: string;
  consentGivenAt: string;
}

/**
 * 1: the first release (24-hour days and UTC months from the instant; the synthesis clock from
 * the first intervention only); 2: the Paris legal calendar (a delay ends at the end of its last
 * day; the synthesis clock from the first assessment or intervention). Absent means 1.
 */
export type PcoRulesVersion = 1 | 2;
export const currentPcoRules: PcoRulesVersion = 2;

export interface PcoState {
  rulesVersion?: PcoRulesVersion;
  caseId: string;
  requesterId: string;
  platformId: string;
  ageRange: PcoAgeRange;
  child: PatientIdentity;
  family: PcoFamily;
  screening: ScreeningEvaluation;
  status: PcoStatus;
  submittedAt: string;
  validatedAt?: string;
  plan?: { setting: PcoSetting; professions: CareProfession[] };
  refusal?: { reason: PcoRefusalReason; comment?: string };
  firstAssessmentAt?: string;
  firstInterventionAt?: string;
  synthesisAt?: string;
  /** End of the current year of pathway; moved by one year on renewal. */
  pathwayEndsAt?: string;
  renewed: boolean;
  /** The renewal decision for the current year of pathway has been taken (renewed or not). */
  renewalDecidedAt?: string;
  endRemindedAt?: string;
  validationRemindedAt?: string;
  care: CareItem[];
  outcome?: PcoOutcome;
  stalled: { reason: PcoStalledReason; since: string }[];
  lastSeq: number;
  updatedAt: string;
  closedAt?: string;
}

export type PcoEventType =
  | 'pco.submitted'
  | 'pco.validation_reminded'
  | 'pco.validated'
  | 'pco.refused'
  | 'pco.care_recorded'
  | 'pco.package_warning'
  | 'pco.synthesis_held'
  | 'pco.renewal_reminded'
  | 'pco.renewed'
  | 'pco.not_renewed'
  | 'pco.closed'
  | 'pco.stalled'
  | 'pco.stall_cleared';

export interface PcoEvent {
  seq: number;
  type: PcoEventType;
  at: string;
  actorId?: string;
  data?: Record<string, string>;
}

export interface NewPcoOrientation {
  caseId: string;
  requesterId: string;
  platformId: string;
  ageRange: PcoAgeRange;
  child: PatientIdentity;
  family: PcoFamily;
  screening: ScreeningEvaluation;
}

export type PcoDeadlineType =
  | 'validation_reminder'
  | 'validation_overdue'
  | 'first_assessment_overdue'
  | 'synthesis_overdue'
  | 'end_reminder'
  | 'pathway_end';

export interface PcoDeadline {
  type: PcoDeadlineType;
  at: number;
}

export type PcoCommand =
  | { type: 'validate'; actorId: string; setting: PcoSetting; professions: CareProfession[] }
  | { type: 'refuse'; actorId: string; reason: PcoRefusalReason; comment?: string }
  | ({ type: 'recordCare'; actorId: string } & Omit<CareItem, 'beyondPackage'> & { acceptBeyondPackage?: boolean })
  | { type: 'recordSynthesis'; actorId: string; date: string }
  | { type: 'decideRenewal'; actorId: string; renew: boolean }
  | { type: 'close'; actorId: string; outcome: PcoOutcome; comment?: string }
  | { type: 'deadline'; deadline: PcoDeadline };

export type PcoDecision = { ok: true; state: PcoState; events: PcoEvent[] } | { ok: false; code: ErrorCode };

/** Legal delays (R2135-2): validation 15 days (reminder at 10), first assessment 3 months, synthesis 6 months. */
export const pcoDelays = {
  validationReminderDays: 10,
  validationDays: 15,
  firstAssessmentMonths: 3,
  synthesisMonths: 6,
  pathwayMonths: 12,
  renewalReminderMonthsBefore: 1,
} as const;

type Draft = Omit<PcoEvent, 'seq' | 'at'>;

/** The last day the platform's doctor has to validate (15 days after the day of the orientation, Paris). */
export function validationLastDay(submittedAt: string): CalendarDay {
  return shiftDay(parisDay(submittedAt), pcoDelays.validationDays);
}

/** Days left to validate on `today` (Paris): 15 on the day it was sent, 0 on the last day, negative after. */
export function daysLeftToValidate(submittedAt: string, today: CalendarDay): number {
  return daysBetween(today, validationLastDay(submittedAt));
}

export function pcoWorkflowId(caseId: string): string {
  return `pco/${caseId}`;
}

export function createPcoOrientation(
  input: NewPcoOrientation,
  now: string,
  rulesVersion: PcoRulesVersion = currentPcoRules,
): { state: PcoState; events: PcoEvent[] } {
  const state: PcoState = {
    ...(rulesVersion >= 2 ? { rulesVersion } : {}),
    ...input,
    status: 'submitted',
    submittedAt: now,
    renewed: false,
    care: [],
    stalled: [],
    lastSeq: 1,
    updatedAt: now,
  };
  return { state, events: [{ seq: 1, type: 'pco.submitted', at: now, actorId: input.requesterId }] };
}

export function decidePco(state: PcoState, command: PcoCommand, now: string): PcoDecision {
  const decision = decideCommand(state, command, now);
  if (!decision.ok) return decision;
  const kept = decision.state.stalled.filter((mark) => stillStalled(decision.state, mark.reason));
  if (kept.length === decision.state.stalled.length) return decision;
  const cleared = decision.state.stalled.filter((mark) => !kept.includes(mark));
  const events = cleared.map(
    (mark, index): PcoEvent => ({
      seq: decision.state.lastSeq + index + 1,
      type: 'pco.stall_cleared',
      at: now,
      data: { reason: mark.reason },
    }),
  );
  return {
    ok: true,
    state: { ...decision.state, stalled: kept, lastSeq: decision.state.lastSeq + events.length },
    events: [...decision.events, ...events],
  };
}

function decideCommand(state: PcoState, command: PcoCommand, now: string): PcoDecision {
  if (state.status === 'closed' || state.status === 'refused') return refuse('pco.already_closed');
  switch (command.type) {
    case 'validate': {
      if (state.status !== 'submitted') return refuse('pco.already_decided');
      if (command.professions.length === 0) return refuse('pco.plan_required');
      const pathwayEndsAt = new Date(legalCalendar(state).pathwayEnd(now)).toISOString();
      return commit(
        state,
        now,
        {
          status: 'validated',
          validatedAt: now,
          plan: { setting: command.setting, professions: command.professions },
          pathwayEndsAt,
        },
        [
          {
            type: 'pco.validated',
            actorId: command.actorId,
            data: { setting: command.setting, professions: command.professions.join(',') },
          },
        ],
      );
    }
    case 'refuse': {
      if (state.status !== 'submitted') return refuse('pco.already_decided');
      const refusal = command.comment
        ? { reason: command.reason, comment: command.comment }
        : { reason: command.reason };
      return commit(state, now, { status: 'refused', refusal, closedAt: now, stalled: [] }, [
        {
          type: 'pco.refused',
          actorId: command.actorId,
          data: withComment({ reason: command.reason }, command.comment),
        },
      ]);
    }
    case 'recordCare': {
      if (state.status === 'submitted') return refuse('pco.not_validated');
      if (state.care.some((item) => item.id === command.id)) return refuse('pco.care_already_recorded');
      const { type: _type, actorId, acceptBeyondPackage, ...item } = command;
      const calendar = legalCalendar(state);
      const usage = packageUsage(
        [...state.care, { ...item, beyondPackage: false }],
        calendar.day(state.validatedAt ?? now),
        calendar.day(now),
      );
      const over = usage.find(
        (line) => line.usedCents > line.ceilingCents && line.professions.includes(item.profession),
      );
      if (over && !acceptBeyondPackage) return refuse('pco.package_ceiling_exceeded');
      const care: CareItem = { ...item, beyondPackage: over !== undefined };
      const firstAssessment = item.kind === 'assessment' && !state.firstAssessmentAt;
      const firstIntervention = item.kind === 'intervention' && !state.firstInterventionAt;
      const warnings = usage.filter(
        (line) => line.professions.includes(item.profession) && line.usedCents >= 0.8 * line.ceilingCents && !over,
      );
      return commit(
        state,
        now,
        {
          status: 'in_progress',
          care: [...state.care, care],
          ...(firstAssessment ? { firstAssessmentAt: item.date } : {}),
          ...(firstIntervention ? { firstInterventionAt: item.date } : {}),
        },
        [
          {
            type: 'pco.care_recorded',
            actorId,
            data: {
              kind: item.kind,
              profession: item.profession,
              date: item.date,
              amountCents: String(item.amountCents),
            },
          },
          ...warnings.map(
            (line): Draft => ({
              type: 'pco.package_warning',
              data: { package: line.id, usedCents: String(line.usedCents), ceilingCents: String(line.ceilingCents) },
            }),
          ),
        ],
      );
    }
    case 'recordSynthesis':
      if (!state.firstInterventionAt && !state.firstAssessmentAt) return refuse('pco.not_started');
      if (state.synthesisAt) return refuse('pco.synthesis_already_recorded');
      return commit(state, now, { synthesisAt: command.date }, [
        { type: 'pco.synthesis_held', actorId: command.actorId, data: { date: command.date } },
      ]);
    case 'decideRenewal': {
      if (state.status === 'submitted') return refuse('pco.not_validated');
      // The pathway lasts one year, renewable once: a second renewal is not possible.
      if (state.renewed) return refuse('pco.already_renewed');
      if (state.renewalDecidedAt) return refuse('pco.renewal_already_decided');
      if (!command.renew) {
        return commit(state, now, { renewalDecidedAt: now }, [{ type: 'pco.not_renewed', actorId: command.actorId }]);
      }
      const calendar = legalCalendar(state);
      const pathwayEndsAt = new Date(calendar.renewedEnd(state.pathwayEndsAt ?? now)).toISOString();
      const { endRemindedAt: _reminded, ...rest } = state;
      return commit({ ...rest }, now, { renewed: true, renewalDecidedAt: now, pathwayEndsAt }, [
        { type: 'pco.renewed', actorId: command.actorId, data: { until: calendar.lastDay(pathwayEndsAt) } },
      ]);
    }
    case 'close':
      return commit(state, now, { status: 'closed', outcome: command.outcome, closedAt: now, stalled: [] }, [
        {
          type: 'pco.closed',
          actorId: command.actorId,
          data: withComment({ outcome: command.outcome }, command.comment),
        },
      ]);
    case 'deadline':
      return applyDeadline(state, command.deadline, now);
  }
}

/** Deadlines still to come, from the state alone; each fires once, then its effect is in the state. */
export function pcoPendingDeadlines(state: PcoState): PcoDeadline[] {
  if (state.status === 'closed' || state.status === 'refused') return [];
  const calendar = legalCalendar(state);
  const stalled = (reason: PcoStalledReason) => state.stalled.some((mark) => mark.reason === reason);
  const deadlines: PcoDeadline[] = [];
  if (state.status === 'submitted') {
    if (!state.validationRemindedAt)
      deadlines.push({ type: 'validation_reminder', at: calendar.validationReminder(state.submittedAt) });
    if (!stalled('validation_overdue'))
      deadlines.push({ type: 'validation_overdue', at: calendar.validationDue(state.submittedAt) });
  }
  if (state.validatedAt && !state.firstAssessmentAt && !stalled('first_assessment_overdue')) {
    deadlines.push({ type: 'first_assessment_overdue', at: calendar.firstAssessmentDue(state.validatedAt) });
  }
  const synthesisFrom = calendar.synthesisClockStart(state);
  if (synthesisFrom && !state.synthesisAt && !stalled('synthesis_overdue')) {
    deadlines.push({ type: 'synthesis_overdue', at: calendar.synthesisDue(synthesisFrom) });
  }
  if (state.pathwayEndsAt) {
    const end = Date.parse(state.pathwayEndsAt);
    if (!state.endRemindedAt) deadlines.push({ type: 'end_reminder', at: calendar.endReminder(end) });
    if (!stalled('renewal_decision_overdue') && !stalled('closure_overdue'))
      deadlines.push({ type: 'pathway_end', at: end });
  }
  return deadlines.sort((a, b) => a.at - b.at);
}

/** The day the synthesis clock starts from (YYYY-MM-DD), once care has begun. */
export function synthesisClockStart(state: PcoState): CalendarDay | undefined {
  return legalCalendar(state).synthesisClockStart(state);
}

/**
 * How an orientation counts its legal delays. Rules v2 (R2135-2 read as French law reads delays,
 * CPC art. 641): the day of the event does not count and the delay ends at the end of its last
 * day in Paris; the synthesis clock starts at the first assessment or intervention, whichever came
 * first, since every professional of the plan contributes to the diagnosis. Rules v1 are frozen
 * for the orientations begun before: 24-hour days and UTC months from the instant, and the
 * synthesis clock from the first intervention only.
 */
function legalCalendar(state: PcoState) {
  if ((state.rulesVersion ?? 1) >= 2) {
    const endAfterMonths = (day: CalendarDay, months: number) => endOfParisDay(shiftDayByMonths(day, months));
    const lastDay = (end: string) => shiftDay(parisDay(end), -1);
    return {
      day: parisDay,
      // A reminder comes at the same time of day on Paris clocks; a legal delay at the end of its last day.
      validationReminder: (submittedAt: string) => addParisDays(submittedAt, pcoDelays.validationReminderDays),
      validationDue: (submittedAt: string) => endOfParisDay(validationLastDay(submittedAt)),
      firstAssessmentDue: (validatedAt: string) =>
        endAfterMonths(parisDay(validatedAt), pcoDelays.firstAssessmentMonths),
      synthesisDue: (from: CalendarDay) => endAfterMonths(from, pcoDelays.synthesisMonths),
      endReminder: (end: number) => addParisMonths(end, -pcoDelays.renewalReminderMonthsBefore),
      pathwayEnd: (validatedAt: string) => endAfterMonths(parisDay(validatedAt), pcoDelays.pathwayMonths),
      renewedEnd: (end: string) => endAfterMonths(lastDay(end), pcoDelays.pathwayMonths),
      lastDay,
      synthesisClockStart: (current: PcoState): CalendarDay | undefined =>
        current.care.map((item) => item.date).sort()[0],
    };
  }
  return {
    day: (instant: string) => instant.slice(0, 10),
    validationReminder: (submittedAt: string) =>
      legacyAddDays(Date.parse(submittedAt), pcoDelays.validationReminderDays),
    validationDue: (submittedAt: string) => legacyAddDays(Date.parse(submittedAt), pcoDelays.validationDays),
    firstAssessmentDue: (validatedAt: string) =>
      legacyAddMonths(Date.parse(validatedAt), pcoDelays.firstAssessmentMonths),
    synthesisDue: (from: CalendarDay) => legacyAddMonths(Date.parse(from), pcoDelays.synthesisMonths),
    endReminder: (end: number) => legacyAddMonths(end, -pcoDelays.renewalReminderMonthsBefore),
    pathwayEnd: (validatedAt: string) => legacyAddMonths(Date.parse(validatedAt), pcoDelays.pathwayMonths),
    renewedEnd: (end: string) => legacyAddMonths(Date.parse(end), pcoDelays.pathwayMonths),
    lastDay: (end: string) => end.slice(0, 10),
    synthesisClockStart: (current: PcoState) => current.firstInterventionAt,
  };
}

function applyDeadline(state: PcoState, deadline: PcoDeadline, now: string): PcoDecision {
  const due = pcoPendingDeadlines(state).find(
    (pending) => pending.type === deadline.type && pending.at <= Date.parse(now),
  );
  if (!due) return refuse('referral.deadline_not_due');
  const stall = (reason: PcoStalledReason) =>
    commit(state, now, { stalled: [...state.stalled, { reason, since: now }] }, [
      { type: 'pco.stalled', data: { reason } },
    ]);
  switch (due.type) {
    case 'validation_reminder':
      return commit(state, now, { validationRemindedAt: now }, [{ type: 'pco.validation_reminded' }]);
    case 'end_reminder':
      return commit(state, now, { endRemindedAt: now }, [
        { type: 'pco.renewal_reminded', data: { renewalPossible: String(!state.renewed && !state.renewalDecidedAt) } },
      ]);
    case 'pathway_end':
      // At the end of a year: the renewal decision is overdue if nobody took it, otherwise the closure is.
      return stall(!state.renewed && !state.renewalDecidedAt ? 'renewal_decision_overdue' : 'closure_overdue');
    case 'validation_overdue':
    case 'first_assessment_overdue':
    case 'synthesis_overdue':
      return stall(due.type);
  }
}

function stillStalled(state: PcoState, reason: PcoStalledReason): boolean {
  switch (reason) {
    case 'validation_overdue':
      return state.status === 'submitted';
    case 'first_assessment_overdue':
      return !state.firstAssessmentAt;
    case 'synthesis_overdue':
      return !state.synthesisAt;
    case 'renewal_decision_overdue':
      return !state.renewalDecidedAt;
    case 'closure_overdue':
      return state.pathwayEndsAt !== undefined && Date.parse(state.pathwayEndsAt) <= Date.parse(state.updatedAt);
  }
}

function refuse(code: ErrorCode): PcoDecision {
  return { ok: false, code };
}

function withComment(data: Record<string, string>, comment: string | undefined): Record<string, string> {
  return comment ? { ...data, comment } : data;
}

function commit(state: PcoState, now: string, changes: Partial<PcoState>, drafts: Draft[]): PcoDecision {
  const events = drafts.map((draft, index): PcoEvent => ({ ...draft, seq: state.lastSeq + index + 1, at: now }));
  return { ok: true, state: { ...state, ...changes, lastSeq: state.lastSeq + events.length, updatedAt: now }, events };
}
