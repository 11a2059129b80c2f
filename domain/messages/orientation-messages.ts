import type { MessageRecipient, OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/**
 * The message of a PCO orientation: a decision was recorded. It says only that, and where to read
 * it: the decision itself stays behind login.
 */
export function orientationDecisionMessage(input: {
  recipient: MessageRecipient;
  /** Short reference of the orientation shown instead of any child detail (e.g. "Orientation n° 1A2B3C4D"). */
  reference: string;
  orientationUrl: string;
}): OutgoingMessage<'pco_decision'> {
  return {
    recipient: input.recipient,
    template: 'pco_decision',
    category: 'pco_decision',
    ...renderMessage({
      subject: `Une décision a été enregistrée — ${input.reference}`,
      title: 'Une décision a été enregistrée sur l’orientation',
      paragraphs: [
        'Une décision a été enregistrée sur une orientation que vous suivez (plateforme de coordination et d’orientation TND).',
        'Connectez-vous à Parcours pour en prendre connaissance.',
      ],
      action: {
        lead: 'Pour consulter l’orientation',
        label: 'Consulter l’orientation dans Parcours',
        url: input.orientationUrl,
      },
    }),
    data: { reference: input.reference, orientationUrl: input.orientationUrl },
  };
}
