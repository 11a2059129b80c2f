import { caseReference, type MessageRecipient, type OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/** A coordinator's nudge to the party who must act on a stalled case: the coordinator's words, no health data. */
export function coordinatorNudgeMessage(input: {
  recipient: MessageRecipient;
  caseId: string;
  coordinatorName: string;
  note: string;
  appUrl: string;
}): OutgoingMessage<'coordinator_nudge'> {
  const reference = caseReference(input.caseId);
  const caseUrl = `${input.appUrl}/demandes/${input.caseId}`;
  return {
    recipient: input.recipient,
    template: 'coordinator_nudge',
    category: 'stalled',
    ...renderMessage({
      subject: `Relance de la coordination — ${reference}`,
      title: 'La coordination de votre territoire vous relance',
      paragraphs: [`${input.coordinatorName} attend une suite sur ce dossier :`, `« ${input.note} »`],
      action: { lead: 'Pour consulter le dossier', label: 'Consulter le dossier dans Parcours', url: caseUrl },
    }),
    data: { reference, caseUrl },
    referralId: input.caseId,
  };
}
