import type { CalendarDay } from '../calendar/days.ts';

/** A facility a coordinator suggested to the requester, who adds it (or not) in one click. */
export interface SuggestedFacility {
  facilityId: string;
  facilityName: string;
}

/** What the territory's coordinators did about a stalled case, kept in the case's state. */
export interface CaseCoordination {
  /** Paris day of the last reminder sent: one a day per case, whoever sends it. */
  remindedOn?: CalendarDay;
  /** « Pris en charge » up to this Paris day included; the case is back in the worklist the day after. */
  followedUntil?: CalendarDay;
  followedBy?: string;
  suggestions?: SuggestedFacility[];
}

/** Whether a case marked « pris en charge » still is on this Paris day. */
export function isTakenInCharge(coordination: CaseCoordination | undefined, today: CalendarDay): boolean {
  return !!coordination?.followedUntil && coordination.followedUntil >= today;
}
