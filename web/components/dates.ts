import { formatFrenchDay, parisDay, parisTimeOfDay, parisTimeZone, shiftDay } from '../../domain/calendar/days.ts';

export { todayInParis } from '../../domain/calendar/days.ts';

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: parisTimeZone,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: parisTimeZone, hour: '2-digit', minute: '2-digit' });

/** An instant as people in France read it: `26/11/2026 à 14:05` (Paris time). */
export function formatDateTime(iso: string): string {
  const instant = new Date(iso);
  return `${dayFormat.format(instant)} à ${timeFormat.format(instant)}`;
}

/**
 * When a deadline falls: a legal delay ends at midnight Paris, the end of its last day, and reads
 * `26/07/2027 (fin de journée)` rather than the next day at 00:00; other instants as `formatDateTime`.
 */
export function formatDeadline(iso: string): string {
  const { hour, minute } = parisTimeOfDay(iso);
  if (hour !== 0 || minute !== 0) return formatDateTime(iso);
  return `${formatFrenchDay(shiftDay(parisDay(iso), -1))} (fin de journée)`;
}

/** A calendar day (`YYYY-MM-DD`, e.g. a birth date) as `02/03/1940`, never shifted by a time zone. */
export function formatCalendarDate(isoDay: string): string {
  return formatFrenchDay(isoDay);
}
