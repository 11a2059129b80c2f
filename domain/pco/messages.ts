import {
  type PcoEvent,
  type PcoState,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoStalledReasons,
} from './orientation-state.ts';

/**
 * Which message each orientation event sends, and to whom: the platform learns of new
 * orientations and of its own late deadlines; the physician of each decision; the family that a
 * report is available. No child's name and no clinical detail leave the platform.
 */
export type PcoMessageRecipient =
  | { type: 'platform'; platformId: string }
  | { type: 'user'; userId: string }
  | { type: 'address'; address: string };

export interface PcoMessageDraft {
  idempotencyKey: string;
  recipient: PcoMessageRecipient;
  template: PcoMessageTemplate;
  subject: string;
  text: string;
}

export const pcoMessageTemplates = [
  'pco_new_orientation',
  'pco_validation_reminder',
  'pco_decision',
  'pco_case_stalled',
  'pco_end_reminder',
  'pco_report_available',
  'pco_closed',
] as const;
export type PcoMessageTemplate = (typeof pcoMessageTemplates)[number];

const signature = '\n— Parcours, plateforme d’orientation et d’admission';

export function pcoMessagesForEvents(
  workflowId: string,
  state: PcoState,
  events: readonly PcoEvent[],
  appUrl: string,
): PcoMessageDraft[] {
  const reference = `Orientation n° ${state.caseId.slice(0, 8).toUpperCase()}`;
  const link = `${appUrl}/pco/${state.caseId}`;
  const drafts: PcoMessageDraft[] = [];
  const send = (
    event: PcoEvent,
    recipient: PcoMessageRecipient,
    key: string,
    template: PcoMessageTemplate,
    subject: string,
    lines: string[],
  ) =>
    drafts.push({
      idempotencyKey: `${workflowId}/${event.seq}/${key}`,
      recipient,
      template,
      subject: `${subject} — ${reference}`,
      text: ['Bonjour,', ...lines, '', `Pour consulter l’orientation : ${link}`, signature].join('\n'),
    });
  const toPlatform = (event: PcoEvent, template: PcoMessageTemplate, subject: string, lines: string[]) =>
    send(
      event,
      { type: 'platform', platformId: state.platformId },
      `platform:${state.platformId}`,
      template,
      subject,
      lines,
    );
  const toPhysician = (event: PcoEvent, template: PcoMessageTemplate, subject: string, lines: string[]) =>
    send(event, { type: 'user', userId: state.requesterId }, `user:${state.requesterId}`, template, subject, lines);

  for (const event of events) {
    switch (event.type) {
      case 'pco.submitted':
        toPlatform(event, 'pco_new_orientation', 'Nouvelle orientation reçue', [
          'Un médecin a orienté un enfant vers votre plateforme après un repérage d’écart inhabituel de développement.',
          'La prescription est à valider par un médecin de la plateforme dans les 15 jours.',
        ]);
        break;
      case 'pco.validation_reminded':
        toPlatform(event, 'pco_validation_reminder', 'Prescription à valider', [
          'Une orientation attend la validation de la prescription ; le délai réglementaire de 15 jours arrive à échéance.',
        ]);
        break;
      case 'pco.validated':
        toPhysician(event, 'pco_decision', 'Orientation validée par la plateforme', [
          'La plateforme a validé votre prescription et organise les premiers bilans avec la famille.',
        ]);
        break;
      case 'pco.refused':
        toPhysician(event, 'pco_decision', 'Prescription non validée', [
          `Motif : ${pcoRefusalReasons[event.data?.reason as keyof typeof pcoRefusalReasons] ?? 'non précisé'}.`,
          event.data?.reason === 'no_significant_gap'
            ? 'La plateforme vous contactera pour organiser un nouvel examen clinique.'
            : 'L’accompagnement décidé par la CDAPH se poursuit.',
        ]);
        break;
      case 'pco.stalled':
        toPlatform(event, 'pco_case_stalled', 'Échéance dépassée', [
          `Délai réglementaire dépassé : ${(pcoStalledReasons[event.data?.reason as keyof typeof pcoStalledReasons] ?? 'échéance').toLowerCase()}.`,
        ]);
        break;
      case 'pco.renewal_reminded':
        toPlatform(event, 'pco_end_reminder', 'Fin de parcours dans un mois', [
          event.data?.renewalPossible === 'true'
            ? 'Le parcours arrive au terme de sa première année : décidez de son renouvellement (une seule fois possible).'
            : 'Le parcours arrive à son terme : préparez sa clôture avec la famille.',
        ]);
        break;
      case 'pco.synthesis_held':
        toPhysician(event, 'pco_report_available', 'Compte rendu de synthèse disponible', [
          'La réunion de synthèse avec la famille a eu lieu ; son compte rendu est disponible.',
        ]);
        if (state.family.email) {
          send(
            event,
            { type: 'address', address: state.family.email },
            'family',
            'pco_report_available',
            'Compte rendu disponible',
            [
              'La plateforme a tenu la réunion de synthèse du parcours de votre enfant.',
              'Son compte rendu vous est remis par la plateforme ; vous pouvez aussi le demander à votre médecin.',
            ],
          );
        }
        break;
      case 'pco.closed': {
        const outcome = `Issue : ${pcoOutcomes[event.data?.outcome as keyof typeof pcoOutcomes] ?? 'non précisée'}.`;
        // Whoever closed it, the other side hears of it.
        if (event.actorId === state.requesterId)
          toPlatform(event, 'pco_closed', 'Parcours clos par le médecin', [outcome]);
        else toPhysician(event, 'pco_closed', 'Parcours clos', [outcome]);
        break;
      }
      default:
        break;
    }
  }
  return drafts;
}
