import { type FacilityKind, type Pathway, pathwayOf } from './facility-kinds.ts';

/**
 * How long a facility has before it is reminded to answer. Grand âge requests are
 * waiting-list registrations, so facilities get two weeks; follow-up care blocks a hospital
 * bed, so two days.
 */
const answerReminderDays: Record<Pathway, number> = {
  grand_age: 15,
  suites_de_soins: 2,
};

const dayMs = 24 * 60 * 60 * 1000;

export function answerReminderDelayMs(kind: FacilityKind): number {
  return answerReminderDays[pathwayOf(kind)] * dayMs;
}
