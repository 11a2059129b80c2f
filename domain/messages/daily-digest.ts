import { atParisTime, formatFrenchDay, parisDay, shiftDay } from '../calendar/days.ts';
import type { MessageRecipient, OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/**
 * The daily digest of a facility that asked for one: the day's messages bundled into one, each
 * with its subject (never a patient's name) and its link, sent at a fixed hour in Paris.
 */
export const digestHourInParis = 7;

export function dailyDigestMessage(input: {
  recipient: MessageRecipient;
  /** Calendar day of the digest (YYYY-MM-DD, Paris). */
  day: string;
  items: { subject: string; url: string }[];
  appUrl: string;
}): OutgoingMessage<'daily_digest'> {
  const count = input.items.length;
  return {
    recipient: input.recipient,
    template: 'daily_digest',
    category: 'digest',
    ...renderMessage({
      subject: `Récapitulatif Parcours du ${formatFrenchDay(input.day)} : ${count} ${count > 1 ? 'messages' : 'message'}`,
      title: 'Votre récapitulatif quotidien',
      paragraphs: [
        count > 1
          ? `Voici les ${count} messages de Parcours adressés à votre établissement depuis le dernier récapitulatif :`
          : 'Voici le message de Parcours adressé à votre établissement depuis le dernier récapitulatif :',
      ],
      items: input.items.map((item) => ({ label: item.subject, url: item.url })),
      action: {
        lead: 'Pour voir toutes les demandes reçues',
        label: 'Ouvrir les demandes reçues',
        url: `${input.appUrl}/boite-de-reception`,
      },
      notes: ['Vous recevez ce récapitulatif une fois par jour, à la place d’un message par événement.'],
    }),
    data: { day: input.day, count: String(count) },
  };
}

/** The next digest instant strictly after `now`: `digestHourInParis` o'clock, Paris time. */
export function nextDigestAt(now: number, hour = digestHourInParis): number {
  const today = parisDay(now);
  const todayAt = atParisTime(today, hour);
  return todayAt > now ? todayAt : atParisTime(shiftDay(today, 1), hour);
}
