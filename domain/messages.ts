import { facilityKinds } from './facility-kinds.ts';
import type { ReferralEvent, ReferralState } from './referral-state.ts';
import { type RefusalReason, refusalReasons } from './refusal-reasons.ts';

/**
 * Which message each case event sends, to whom, with which words. Bodies carry no medical
 * detail: health data stays behind login, the message only says that something awaits.
 */
export type MessageRecipient = { type: 'facility'; facilityId: string } | { type: 'user'; userId: string };

export interface MessageDraft {
  /** Unique per workflow, event and recipient, so replays and retries never send twice. */
  idempotencyKey: string;
  recipient: MessageRecipient;
  template: MessageTemplate;
  subject: string;
  text: string;
}

export type MessageTemplate =
  | 'facility_new_request'
  | 'facility_reminder'
  | 'facility_request_withdrawn'
  | 'facility_chosen'
  | 'requester_answer_received';

export function messagesForEvents(
  workflowId: string,
  state: ReferralState,
  events: readonly ReferralEvent[],
  appUrl: string,
): MessageDraft[] {
  const reference = caseReference(state.caseId);
  const caseUrl = `${appUrl}/demandes/${state.caseId}`;
  const kindLabel = facilityKinds[state.kind].label;
  const drafts: MessageDraft[] = [];
  for (const event of events) {
    const task = event.taskId ? state.tasks.find((candidate) => candidate.taskId === event.taskId) : undefined;
    const toFacility = (template: MessageTemplate, subject: string, lines: string[]) => {
      if (!task) return;
      drafts.push({
        idempotencyKey: `${workflowId}/${event.seq}/facility:${task.facilityId}`,
        recipient: { type: 'facility', facilityId: task.facilityId },
        template,
        subject,
        text: [...lines, '', `Pour consulter la demande : ${appUrl}/boite-de-reception`, signature].join('\n'),
      });
    };
    const toRequester = (template: MessageTemplate, subject: string, lines: string[]) => {
      drafts.push({
        idempotencyKey: `${workflowId}/${event.seq}/user:${state.requesterId}`,
        recipient: { type: 'user', userId: state.requesterId },
        template,
        subject,
        text: [...lines, '', `Pour suivre la demande : ${caseUrl}`, signature].join('\n'),
      });
    };
    switch (event.type) {
      case 'task.sent':
        toFacility('facility_new_request', `Nouvelle demande d’admission (${kindLabel}) — ${reference}`, [
          'Bonjour,',
          `Une nouvelle demande d’admission (${kindLabel}) a été adressée à votre établissement.`,
          'Connectez-vous à Parcours pour en prendre connaissance et y répondre.',
        ]);
        break;
      case 'task.reminded':
        toFacility('facility_reminder', `Rappel : une demande attend votre réponse — ${reference}`, [
          'Bonjour,',
          'Une demande d’admission adressée à votre établissement attend toujours votre réponse.',
          'Le demandeur ne peut organiser la suite du parcours qu’avec votre retour.',
        ]);
        break;
      case 'task.cancelled':
        toFacility('facility_request_withdrawn', `Demande retirée — ${reference}`, [
          'Bonjour,',
          event.data?.reason === 'admitted_elsewhere'
            ? 'La personne a choisi un autre établissement : la demande adressée au vôtre est annulée automatiquement.'
            : 'Le demandeur a annulé la demande adressée à votre établissement.',
          'Aucune action n’est attendue de votre part.',
        ]);
        break;
      case 'task.chosen':
        toFacility('facility_chosen', `Votre établissement a été choisi — ${reference}`, [
          'Bonjour,',
          'La personne a choisi votre établissement suite à votre accord.',
          'Merci de confirmer l’admission dans Parcours le jour de l’entrée.',
        ]);
        break;
      case 'task.accepted':
        if (task)
          toRequester('requester_answer_received', `Réponse reçue : accord de ${task.facilityName} — ${reference}`, [
            'Bonjour,',
            `${task.facilityName} a donné son accord, avec une date d’entrée proposée le ${frenchDate(event.data?.proposedEntryDate)}.`,
          ]);
        break;
      case 'task.refused':
        if (task)
          toRequester('requester_answer_received', `Réponse reçue : refus de ${task.facilityName} — ${reference}`, [
            'Bonjour,',
            `${task.facilityName} ne peut pas donner suite à la demande.`,
            `Motif : ${refusalLabel(event.data?.reasonCode)}.`,
          ]);
        break;
      default:
        break;
    }
  }
  return drafts;
}

const signature = '\n— Parcours, plateforme d’orientation et d’admission';

/** Short, human-readable case number shown in messages instead of any patient detail. */
export function caseReference(caseId: string): string {
  return `Dossier n° ${caseId.slice(0, 8).toUpperCase()}`;
}

function frenchDate(iso: string | undefined): string {
  if (!iso) return 'à préciser';
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function refusalLabel(code: string | undefined): string {
  return code && code in refusalReasons ? refusalReasons[code as RefusalReason] : 'non précisé';
}
