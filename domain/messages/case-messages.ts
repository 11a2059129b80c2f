import { facilityKinds } from '../directory/facility-kinds.ts';
import { isTaskOpen } from '../referral/facility-task.ts';
import { type RefusalReason, refusalReasons } from '../referral/refusal-reasons.ts';
import { type StalledReason, stalledReasons } from '../referral/stalls.ts';
import type { FacilityTask, ReferralEvent, ReferralState } from '../referral/state.ts';
import { renderMessage } from './layout.ts';
import type { NotificationCategory } from './preferences.ts';

/**
 * Which message each case event sends, to whom, with which words. Bodies carry no medical
 * detail and no patient name: health data stays behind login, the message says that something
 * awaits and where.
 */
export type MessageRecipient =
  | { type: 'facility'; facilityId: string }
  | { type: 'user'; userId: string }
  /** A PCO TND platform (its shared address). */
  | { type: 'platform'; platformId: string }
  /** Someone known only by an address (an invitation, a code before the account exists). */
  | { type: 'address'; email?: string; phone?: string };

/** A message ready for the outbox: its words in text and HTML, and the data they were made from. */
export interface OutgoingMessage<Template extends string = string> {
  recipient: MessageRecipient;
  template: Template;
  category: NotificationCategory;
  subject: string;
  text: string;
  html: string;
  /** What the template was given (never health data): kept with the message for the record. */
  data: Record<string, string>;
  /** The case the message is about, if any: its delivery shows on that case. */
  referralId?: string;
}

export interface MessageDraft extends OutgoingMessage<MessageTemplate> {
  /** Unique per workflow, event and recipient, so replays and retries never send twice. */
  idempotencyKey: string;
}

export const messageTemplates = [
  'facility_new_request',
  'facility_reminder',
  'facility_request_withdrawn',
  'facility_request_reactivated',
  'facility_chosen',
  'facility_dossier_updated',
  'facility_info_answered',
  'facility_case_stalled',
  'requester_answer_received',
  'requester_choice_reminder',
  'requester_admission_impossible',
  'requester_place_released',
  'requester_second_wave_sent',
  'requester_case_stalled',
  'requester_inactivity_alert',
  'requester_archived',
  'coordinator_reminder',
  'coordinator_escalation',
  'coordinator_suggestions',
  'referent_email_reminder',
  'referent_email_not_confirmed',
  'referent_dossier_completed',
  'referent_physician_declined',
  'physician_dossier_to_complete',
  'physician_reminder',
  'physician_case_stalled',
] as const;

export type MessageTemplate = (typeof messageTemplates)[number];

/** Preference category of each case message (see domain/messages/preferences.ts). */
export const referralMessageCategories: Record<MessageTemplate, NotificationCategory> = {
  facility_new_request: 'new_request',
  facility_request_reactivated: 'new_request',
  facility_reminder: 'reminder',
  facility_request_withdrawn: 'case_update',
  facility_chosen: 'case_update',
  facility_dossier_updated: 'case_update',
  facility_info_answered: 'case_update',
  facility_case_stalled: 'stalled',
  requester_answer_received: 'answer',
  requester_choice_reminder: 'reminder',
  requester_admission_impossible: 'answer',
  requester_place_released: 'answer',
  requester_second_wave_sent: 'case_update',
  requester_case_stalled: 'stalled',
  requester_inactivity_alert: 'stalled',
  requester_archived: 'case_update',
  coordinator_reminder: 'stalled',
  coordinator_escalation: 'stalled',
  coordinator_suggestions: 'case_update',
  referent_email_reminder: 'reminder',
  referent_email_not_confirmed: 'case_update',
  referent_dossier_completed: 'case_update',
  referent_physician_declined: 'case_update',
  physician_dossier_to_complete: 'new_request',
  physician_reminder: 'reminder',
  physician_case_stalled: 'stalled',
};

export function messagesForEvents(
  workflowId: string,
  state: ReferralState,
  events: readonly ReferralEvent[],
  appUrl: string,
): MessageDraft[] {
  const reference = caseReference(state.caseId, state.dossierNumber);
  const kindLabel = facilityKinds[state.kind].label;
  const drafts: MessageDraft[] = [];
  for (const event of events) {
    const task = event.taskId ? state.tasks.find((candidate) => candidate.taskId === event.taskId) : undefined;
    const caseUrl = `${appUrl}/demandes/${state.caseId}`;
    const draft = (
      idempotencyKey: string,
      recipient: MessageRecipient,
      template: MessageTemplate,
      subject: string,
      lines: string[],
      action: { lead: string; label: string },
    ): MessageDraft => ({
      idempotencyKey,
      recipient,
      template,
      category: referralMessageCategories[template],
      ...renderMessage({
        subject: `${subject} — ${reference}`,
        title: subject,
        paragraphs: lines,
        action: { ...action, url: caseUrl },
      }),
      data: { reference, caseUrl, kind: kindLabel, event: event.type },
      referralId: state.caseId,
    });
    const toFacility = (
      target: FacilityTask | undefined,
      template: MessageTemplate,
      subject: string,
      lines: string[],
    ) => {
      // A facility hears only of requests that reached it (not of a planned wave never sent).
      if (!target?.sentAt) return;
      drafts.push(
        draft(
          `${workflowId}/${event.seq}/facility:${target.facilityId}`,
          { type: 'facility', facilityId: target.facilityId },
          template,
          subject,
          lines,
          { lead: 'Pour consulter la demande', label: 'Consulter la demande dans Parcours' },
        ),
      );
    };
    const toRequester = (template: MessageTemplate, subject: string, lines: string[]) => {
      drafts.push(
        draft(
          `${workflowId}/${event.seq}/user:${state.requesterId}`,
          { type: 'user', userId: state.requesterId },
          template,
          subject,
          lines,
          { lead: 'Pour suivre la demande', label: 'Suivre la demande dans Parcours' },
        ),
      );
    };
    /** A family request's référents, each told the same (never a medical detail). */
    const toReferents = (template: MessageTemplate, subject: string, lines: string[]) => {
      for (const userId of state.origin?.referentIds ?? []) {
        drafts.push(
          draft(`${workflowId}/${event.seq}/user:${userId}`, { type: 'user', userId }, template, subject, lines, {
            lead: 'Pour suivre la demande',
            label: 'Suivre la demande dans Parcours',
          }),
        );
      }
    };
    /** The médecin traitant designated on a family request, when they have an account. */
    const toPhysician = (template: MessageTemplate, subject: string, lines: string[]) => {
      const userId = state.origin?.physician?.userId;
      if (!userId) return;
      drafts.push(
        draft(`${workflowId}/${event.seq}/user:${userId}`, { type: 'user', userId }, template, subject, lines, {
          lead: 'Pour compléter le dossier',
          label: 'Ouvrir « Dossiers à compléter » dans Parcours',
        }),
      );
    };
    const facilityName = task?.facilityName ?? 'L’établissement';

    switch (event.type) {
      case 'referral.email_reminded':
        toRequester('referent_email_reminder', 'Confirmez votre adresse e-mail', [
          'Votre demande est enregistrée, mais votre adresse e-mail n’est pas encore confirmée.',
          'Ouvrez le lien reçu à l’inscription. Sans confirmation dans les deux jours, la demande sera annulée.',
        ]);
        break;
      case 'referral.cancelled':
        if (event.data?.reason === 'email_not_confirmed')
          toRequester('referent_email_not_confirmed', 'Demande annulée : adresse e-mail non confirmée', [
            'Votre adresse e-mail n’a pas été confirmée dans les quatre jours : la demande est annulée.',
            'Vous pouvez créer une nouvelle demande après avoir confirmé votre adresse.',
          ]);
        break;
      case 'physician.designated':
        toPhysician('physician_dossier_to_complete', 'Un dossier attend votre volet médical', [
          'Une famille vous a désigné comme médecin traitant pour une demande d’admission.',
          'Complétez le volet médical et le volet autonomie depuis « Dossiers à compléter », ou indiquez que vous n’êtes pas le médecin de cette personne.',
        ]);
        break;
      case 'physician.reminded':
        toPhysician('physician_reminder', 'Rappel : un dossier attend votre volet médical', [
          'Un dossier où vous êtes désigné comme médecin traitant attend toujours son volet médical.',
        ]);
        break;
      case 'physician.completed':
        toReferents('referent_dossier_completed', 'Dossier complet', [
          'Le médecin a complété et validé sa partie du dossier.',
          'Vous pouvez maintenant envoyer la demande aux établissements choisis.',
        ]);
        break;
      case 'physician.declined':
        toReferents('referent_physician_declined', 'Le médecin désigné n’est pas le médecin de la personne', [
          'Le médecin désigné a indiqué ne pas être le médecin de la personne.',
          'Désignez un autre médecin pour compléter le dossier.',
        ]);
        break;
      case 'task.sent':
        toFacility(task, 'facility_new_request', `Nouvelle demande d’admission (${kindLabel})`, [
          `Une nouvelle demande d’admission (${kindLabel}) a été adressée à votre établissement.`,
          'Connectez-vous à Parcours pour en prendre connaissance et y répondre.',
        ]);
        break;
      case 'task.reminded':
        toFacility(task, 'facility_reminder', 'Rappel : une demande attend votre réponse', [
          'Une demande d’admission adressée à votre établissement attend toujours votre réponse.',
          'Le demandeur ne peut organiser la suite du parcours qu’avec votre retour.',
        ]);
        break;
      case 'task.cancelled':
        toFacility(task, 'facility_request_withdrawn', 'Demande retirée', [
          withdrawalSentence(event.data?.reason),
          'Aucune action n’est attendue de votre part.',
        ]);
        break;
      case 'task.reactivated':
        toFacility(task, 'facility_request_reactivated', 'Demande réactivée', [
          'L’admission n’a pas pu se faire dans l’établissement choisi : la demande adressée au vôtre est de nouveau active.',
          'Merci d’indiquer si votre réponse est toujours valable.',
        ]);
        break;
      case 'task.chosen':
        toFacility(task, 'facility_chosen', 'Votre établissement a été choisi', [
          'La personne a choisi votre établissement suite à votre accord.',
          'Merci de confirmer l’admission dans Parcours le jour de l’entrée, ou de signaler si elle est impossible.',
        ]);
        break;
      case 'task.info_answered':
        toFacility(task, 'facility_info_answered', 'Informations complémentaires reçues', [
          'Le demandeur a répondu à votre demande d’informations complémentaires.',
        ]);
        break;
      case 'referral.dossier_updated':
        if (state.status === 'draft') break;
        for (const open of state.tasks.filter((candidate) => isTaskOpen(candidate.status))) {
          toFacility(open, 'facility_dossier_updated', 'Dossier mis à jour', [
            `Le dossier de la demande a été mis à jour (version ${event.data?.version ?? ''}).`,
            'Votre réponse peut en dépendre : consultez la nouvelle version.',
          ]);
        }
        break;
      case 'task.accepted':
        toRequester('requester_answer_received', `Réponse reçue : accord de ${facilityName}`, [
          `${facilityName} a donné son accord, avec une date d’entrée proposée le ${frenchDate(event.data?.proposedEntryDate)}.`,
          ...(event.data?.placeHeldUntil
            ? [`La place est réservée jusqu’au ${frenchDate(event.data.placeHeldUntil)}.`]
            : []),
        ]);
        break;
      case 'task.refused':
        toRequester('requester_answer_received', `Réponse reçue : refus de ${facilityName}`, [
          `${facilityName} ne peut pas donner suite à la demande.`,
          `Motif : ${refusalLabel(event.data?.reasonCode)}.`,
        ]);
        break;
      case 'task.waitlisted':
        toRequester('requester_answer_received', `Réponse reçue : liste d’attente de ${facilityName}`, [
          `${facilityName} a inscrit la demande sur sa liste d’attente.`,
        ]);
        break;
      case 'task.info_requested':
        toRequester('requester_answer_received', `Informations demandées par ${facilityName}`, [
          `${facilityName} demande des informations complémentaires avant de répondre.`,
          'Le délai de réponse de l’établissement est suspendu jusqu’à votre réponse.',
        ]);
        break;
      case 'task.admission_impossible':
        toRequester('requester_admission_impossible', `Admission impossible chez ${facilityName}`, [
          `${facilityName} signale que l’admission n’est finalement pas possible.`,
          'La demande est rouverte : les autres établissements sollicités ont été réactivés.',
        ]);
        break;
      case 'task.place_released':
        toRequester('requester_place_released', `Place libérée par ${facilityName}`, [
          `La place que ${facilityName} réservait jusqu’au ${frenchDate(event.data?.placeHeldUntil)} n’est plus réservée.`,
          'Son accord reste valable, sous réserve de place disponible.',
        ]);
        break;
      case 'referral.choice_reminded':
        toRequester('requester_choice_reminder', 'Un accord attend votre choix', [
          `${facilityName} a donné son accord il y a plusieurs jours.`,
          'Choisissez un établissement, ou retirez la demande, pour libérer la place si elle n’est pas retenue.',
        ]);
        break;
      case 'referral.second_wave_sent':
        toRequester('requester_second_wave_sent', 'Envoi de la deuxième vague', [
          'Aucun établissement n’a donné son accord dans le délai prévu.',
          'La demande a été envoyée automatiquement aux établissements de la deuxième vague.',
        ]);
        break;
      case 'referral.stalled': {
        const reason = stalledLabel(event.data?.reason);
        if (event.data?.party === 'physician') {
          toPhysician('physician_case_stalled', 'Dossier en retard : volet médical attendu', [
            'Un dossier où vous êtes désigné comme médecin traitant attend son volet médical depuis quinze jours.',
          ]);
        } else if (event.data?.party === 'facility') {
          toFacility(task, 'facility_case_stalled', 'Demande en retard', [
            `Une demande adressée à votre établissement est en retard : ${reason}.`,
            'Merci d’y donner suite dès que possible.',
          ]);
        } else if (event.data?.reason !== 'inactive') {
          toRequester('requester_case_stalled', 'Une action de votre part est attendue', [
            `Demande en retard : ${reason}.`,
          ]);
        }
        break;
      }
      // A coordinator's reminder reaches the party a stalled mark waits for, once (the event's key).
      case 'coordination.reminded': {
        const subject = 'La coordination de votre territoire vous relance';
        const words = event.data?.message ? [`Son message : « ${event.data.message} »`] : [];
        if (event.data?.party === 'physician') {
          toPhysician('coordinator_reminder', subject, [
            'Un dossier où vous êtes désigné comme médecin traitant attend son volet médical.',
            'La coordination du territoire vous demande de le compléter, ou d’indiquer que vous n’êtes pas le médecin de cette personne.',
            ...words,
          ]);
        } else if (event.data?.party === 'facility') {
          toFacility(task, 'coordinator_reminder', subject, [
            `Une demande adressée à votre établissement est en retard : ${stalledLabel(event.data?.reason)}.`,
            'La coordination du territoire vous demande d’y donner suite dès que possible.',
            ...words,
          ]);
        } else {
          toRequester('coordinator_reminder', subject, [
            `Votre demande est en retard : ${stalledLabel(event.data?.reason)}.`,
            'La coordination du territoire vous demande d’y donner suite dès que possible.',
            ...words,
          ]);
        }
        break;
      }
      case 'coordination.escalated':
        toRequester('coordinator_escalation', 'Message de la coordination de votre territoire', [
          'La coordination du territoire suit cette demande en retard et vous écrit :',
          `« ${event.data?.message ?? ''} »`,
        ]);
        break;
      case 'coordination.facilities_suggested':
        toRequester('coordinator_suggestions', 'La coordination vous suggère des établissements', [
          `La coordination du territoire vous suggère : ${event.data?.facilityNames ?? ''}.`,
          'Vous pouvez les ajouter à la demande en un clic depuis sa page.',
        ]);
        break;
      case 'referral.inactivity_alert':
        toRequester('requester_inactivity_alert', 'Dossier sans changement depuis six mois', [
          'Ce dossier n’a pas évolué depuis six mois.',
          'Sans action de votre part dans les deux mois, il sera archivé. Mettez-le à jour pour le garder actif.',
        ]);
        break;
      case 'referral.archived':
        toRequester('requester_archived', 'Dossier archivé', [
          'Ce dossier a été archivé après huit mois sans changement ; les demandes en cours ont été retirées.',
        ]);
        break;
      default:
        break;
    }
  }
  return drafts;
}

/** Short, human-readable case number shown in messages instead of any patient detail (a family request's own). */
export function caseReference(caseId: string, dossierNumber?: string | null): string {
  return `Dossier n° ${dossierNumber ?? caseId.slice(0, 8).toUpperCase()}`;
}

function withdrawalSentence(reason: string | undefined): string {
  switch (reason) {
    case 'admitted_elsewhere':
      return 'La personne a choisi un autre établissement : la demande adressée au vôtre est annulée automatiquement.';
    case 'withdrawn_by_requester':
      return 'Le demandeur a retiré la demande adressée à votre établissement.';
    case 'archived':
      return 'Le dossier a été archivé après une longue inactivité : la demande adressée à votre établissement est retirée.';
    default:
      return 'Le demandeur a annulé la demande adressée à votre établissement.';
  }
}

function frenchDate(iso: string | undefined): string {
  if (!iso) return 'à préciser';
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function refusalLabel(code: string | undefined): string {
  return code && code in refusalReasons ? refusalReasons[code as RefusalReason] : 'non précisé';
}

function stalledLabel(reason: string | undefined): string {
  return reason && reason in stalledReasons ? stalledReasons[reason as StalledReason].toLowerCase() : 'délai dépassé';
}
