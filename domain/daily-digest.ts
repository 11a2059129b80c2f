import { renderMessage } from './message-layout.ts';
import type { MessageRecipient, OutgoingMessage } from './messages.ts';
import { parisDay } from './working-days.ts';

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
  const [year, month, dayOfMonth] = input.day.split('-');
  return {
    recipient: input.recipient,
    template: 'daily_digest',
    category: 'digest',
    ...renderMessage({
      subject: `Récapitulatif Parcours du ${dayOfMonth}/${month}/${year} : ${count} ${count > 1 ? 'messages' : 'message'}`,
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
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const day = parisDay(new Date(now + dayOffset * 24 * 60 * 60 * 1000));
    // Paris is UTC+1 in winter, UTC+2 in summer: take the offset at which the day's hour exists.
    for (const offset of ['+01:00', '+02:00']) {
      const candidate = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00${offset}`);
      if (candidate > now && parisHour(candidate) === hour && parisDay(new Date(candidate)) === day) return candidate;
    }
  }
  return now + 24 * 60 * 60 * 1000;
}

const parisHourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  hourCycle: 'h23',
});

function parisHour(instant: number): number {
  return Number(parisHourFormat.format(new Date(instant)));
}
