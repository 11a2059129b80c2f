const timeZone = 'Europe/Paris';
const dayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' });
const calendarDayFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** An instant as people in France read it: `26/11/2026 à 14:05` (Paris time). */
export function formatDateTime(iso: string): string {
  const instant = new Date(iso);
  return `${dayFormat.format(instant)} à ${timeFormat.format(instant)}`;
}

/** A calendar day (`YYYY-MM-DD`, e.g. a birth date) as `02/03/1940`, never shifted by a time zone. */
export function formatCalendarDate(isoDay: string): string {
  const day = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? isoDay : calendarDayFormat.format(day);
}

/** Today in Paris as `YYYY-MM-DD`, for the bounds of date inputs. */
export function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}
