import { type CalendarDay, formatFrenchDay, isoWeek, isoWeekday, parisDay } from '../calendar/days.ts';
import type { OutgoingMessage } from '../messages/case-messages.ts';
import { renderMessage } from '../messages/layout.ts';
import { ageLabel, declarationAgeDays } from './capacity-freshness.ts';

/**
 * The weekly nudge to a facility whose declaration of places is old or missing: sent on Mondays
 * (Paris calendar day of the morning run), once per facility and ISO week.
 */
export function isCapacityReminderDay(day: CalendarDay): boolean {
  return isoWeekday(day) === 1;
}

/** The idempotency key of a facility's reminder: one per ISO week, whichever run or retry writes it. */
export function capacityReminderKey(facilityId: string, day: CalendarDay): string {
  return `capacity-reminder/${facilityId}/${isoWeek(day)}`;
}

/**
 * « Mettez à jour vos places disponibles »: since when the declaration dates (or that there is
 * none), why it matters, and the link to the facility's page where its people declare.
 */
export function capacityReminderMessage(input: {
  facility: { id: string; name: string };
  /** The last declaration (ISO), null when the facility never declared. */
  declaredAt: string | null;
  /** Instant of the run, to count the declaration's age. */
  at: string;
  staleAfterDays: number;
  appUrl: string;
}): OutgoingMessage<'capacity_reminder'> {
  const facilityUrl = `${input.appUrl}/etablissements/${input.facility.id}`;
  const ageDays = declarationAgeDays(input.declaredAt, new Date(input.at));
  const since =
    input.declaredAt === null || ageDays === null
      ? `Aucune déclaration de places disponibles n’a encore été faite pour ${input.facility.name}.`
      : `La dernière déclaration de places disponibles de ${input.facility.name} date du ${formatFrenchDay(
          parisDay(input.declaredAt),
        )} (${ageLabel(ageDays)}).`;
  return {
    recipient: { type: 'facility', facilityId: input.facility.id },
    template: 'capacity_reminder',
    category: 'capacity',
    ...renderMessage({
      subject: `Mettez à jour vos places disponibles — ${input.facility.name}`,
      title: 'Mettez à jour vos places disponibles',
      paragraphs: [
        since,
        `Au-delà de ${input.staleAfterDays} jours, l’annuaire signale une déclaration comme ancienne et ne la compte plus dans le classement des établissements proposés aux demandeurs.`,
        'Les demandes d’admission vont d’abord aux établissements qui déclarent des places : une déclaration à jour, même sans place libre, vous amène les demandes que vous pouvez accueillir et vous évite les autres.',
      ],
      action: {
        lead: 'Pour déclarer vos places disponibles',
        label: `Déclarer les places de ${input.facility.name}`,
        url: facilityUrl,
      },
      notes: [
        'Vous recevez ce rappel le lundi tant que la déclaration de votre établissement est ancienne ; il cesse dès que vous déclarez vos places.',
      ],
    }),
    data: { facilityUrl, declaredAt: input.declaredAt ?? '', staleAfterDays: String(input.staleAfterDays) },
  };
}
