import type { MessageRecipient, OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/**
 * The invitations of a family request (issue 15): a relative invited to follow it as a référent,
 * and the médecin traitant not yet on the platform invited to complete it. Sent to an address;
 * no health data and no name of the person: the dossier number and the inviter's name only.
 */
export const familyInvitationTemplates = ['family_referent_invitation', 'family_physician_invitation'] as const;

export type FamilyInvitationTemplate = (typeof familyInvitationTemplates)[number];

export function referentInvitationMessage(input: {
  recipient: MessageRecipient;
  acceptUrl: string;
  inviterName: string;
  /** `Dossier n° P-2026-000123`. */
  reference: string;
  validForDays: number;
}): OutgoingMessage<'family_referent_invitation'> {
  return {
    recipient: input.recipient,
    template: 'family_referent_invitation',
    category: 'security',
    ...renderMessage({
      subject: `Invitation à suivre une demande d’admission — ${input.reference}`,
      title: 'Vous êtes invité(e) à suivre une demande',
      paragraphs: [
        `${input.inviterName} vous invite à suivre une demande d’admission sur Parcours (${input.reference}), comme référent : vous verrez où en est la demande et pourrez agir avec les autres référents.`,
        'Vous l’acceptez avec votre compte de l’espace particulier, ou en créant ce compte (adresse e-mail et mot de passe).',
      ],
      action: { lead: 'Pour accepter l’invitation', label: 'Accepter l’invitation', url: input.acceptUrl },
      notes: [
        `Cette invitation est valable ${input.validForDays} jours.`,
        'Si vous ne connaissez pas l’expéditeur, ignorez ce message.',
      ],
    }),
    data: {
      acceptUrl: input.acceptUrl,
      inviterName: input.inviterName,
      reference: input.reference,
      validForDays: String(input.validForDays),
    },
  };
}

export function physicianInvitationMessage(input: {
  recipient: MessageRecipient;
  acceptUrl: string;
  inviterName: string;
  reference: string;
  validForDays: number;
}): OutgoingMessage<'family_physician_invitation'> {
  return {
    recipient: input.recipient,
    template: 'family_physician_invitation',
    category: 'security',
    ...renderMessage({
      subject: `Un dossier d’admission attend votre volet médical — ${input.reference}`,
      title: 'Vous êtes désigné(e) comme médecin traitant',
      paragraphs: [
        `${input.inviterName} vous a désigné(e) comme médecin traitant pour une demande d’admission sur Parcours (${input.reference}), la plateforme d’orientation et d’admission en santé et médico-social.`,
        'Créez votre compte avec Pro Santé Connect (carte CPS ou e-CPS), ou connectez-vous si vous en avez déjà un : le dossier vous attendra dans « Dossiers à compléter ».',
      ],
      action: { lead: 'Pour ouvrir l’invitation', label: 'Ouvrir l’invitation', url: input.acceptUrl },
      notes: [
        `Cette invitation est valable ${input.validForDays} jours.`,
        'Si vous n’êtes pas le médecin de cette personne, vous pourrez l’indiquer depuis le dossier.',
      ],
    }),
    data: {
      acceptUrl: input.acceptUrl,
      inviterName: input.inviterName,
      reference: input.reference,
      validForDays: String(input.validForDays),
    },
  };
}
