import type { MessageRecipient, OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/**
 * Messages about a person's account: login code, e-mail verification, password reset,
 * invitation. They are security messages: preferences never hold them back.
 */
export const accountMessageTemplates = [
  'login_code',
  'email_verification',
  'password_reset',
  'invitation',
  'phone_verification',
  'signup_existing_account',
] as const;

export type AccountMessageTemplate = (typeof accountMessageTemplates)[number];

const ignoreIfNotYou = 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera modifié.';

export function loginCodeMessage(input: {
  recipient: MessageRecipient;
  code: string;
  validForMinutes: number;
  /** When the code stops working: its delivery is retried until then, never after. */
  expiresAt?: Date;
}): OutgoingMessage<'login_code'> {
  return {
    recipient: input.recipient,
    template: 'login_code',
    category: 'security',
    ...renderMessage({
      subject: `Votre code de connexion à Parcours : ${input.code}`,
      title: 'Votre code de connexion',
      paragraphs: ['Voici le code à saisir pour vous connecter à Parcours :'],
      code: input.code,
      notes: [
        `Ce code est valable ${input.validForMinutes} minutes et ne sert qu’une fois. Ne le communiquez à personne.`,
        ignoreIfNotYou,
      ],
    }),
    data: {
      validForMinutes: String(input.validForMinutes),
      ...(input.expiresAt ? { expiresAt: input.expiresAt.toISOString() } : {}),
    },
  };
}

/** The SMS code that proves a mobile number is the person's (its subject is the whole SMS). */
export function phoneVerificationMessage(input: {
  phone: string;
  code: string;
  validForMinutes: number;
  expiresAt: Date;
}): OutgoingMessage<'phone_verification'> {
  return {
    recipient: { type: 'address', phone: input.phone },
    template: 'phone_verification',
    category: 'security',
    ...renderMessage({
      subject: `Code de vérification de votre numéro : ${input.code} (valable ${input.validForMinutes} min)`,
      title: 'Vérification de votre numéro de téléphone',
      paragraphs: ['Voici le code à saisir dans Parcours pour vérifier votre numéro de téléphone :'],
      code: input.code,
      notes: [`Ce code est valable ${input.validForMinutes} minutes. Ne le communiquez à personne.`, ignoreIfNotYou],
    }),
    data: { validForMinutes: String(input.validForMinutes), expiresAt: input.expiresAt.toISOString() },
  };
}

export function emailVerificationMessage(input: {
  recipient: MessageRecipient;
  verifyUrl: string;
  validForHours: number;
}): OutgoingMessage<'email_verification'> {
  return {
    recipient: input.recipient,
    template: 'email_verification',
    category: 'security',
    ...renderMessage({
      subject: 'Confirmez votre adresse e-mail',
      paragraphs: ['Pour activer votre compte Parcours, confirmez que cette adresse e-mail est bien la vôtre.'],
      action: { lead: 'Pour confirmer votre adresse', label: 'Confirmer mon adresse e-mail', url: input.verifyUrl },
      notes: [`Ce lien est valable ${input.validForHours} heures.`, ignoreIfNotYou],
    }),
    data: { verifyUrl: input.verifyUrl, validForHours: String(input.validForHours) },
  };
}

/**
 * Someone asked to create an account with an address that already has one: its owner is told (the
 * page answers as for a new account, so it never says which addresses have one).
 */
export function signupExistingAccountMessage(input: {
  recipient: MessageRecipient;
  loginUrl: string;
  resetUrl: string;
}): OutgoingMessage<'signup_existing_account'> {
  return {
    recipient: input.recipient,
    template: 'signup_existing_account',
    category: 'security',
    ...renderMessage({
      subject: 'Vous avez déjà un compte Parcours',
      paragraphs: [
        'Une création de compte Parcours vient d’être demandée avec cette adresse e-mail. Un compte existe déjà à cette adresse : aucun nouveau compte n’a été créé.',
      ],
      items: [
        { label: 'Me connecter avec mon compte', url: input.loginUrl },
        { label: 'Mot de passe oublié : en choisir un nouveau', url: input.resetUrl },
      ],
      notes: ['Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte reste inchangé.'],
    }),
    data: { loginUrl: input.loginUrl, resetUrl: input.resetUrl },
  };
}

export function passwordResetMessage(input: {
  recipient: MessageRecipient;
  resetUrl: string;
  validForMinutes: number;
}): OutgoingMessage<'password_reset'> {
  return {
    recipient: input.recipient,
    template: 'password_reset',
    category: 'security',
    ...renderMessage({
      subject: 'Réinitialisation de votre mot de passe',
      paragraphs: ['Une réinitialisation du mot de passe de votre compte Parcours a été demandée.'],
      action: {
        lead: 'Pour choisir un nouveau mot de passe',
        label: 'Choisir un nouveau mot de passe',
        url: input.resetUrl,
      },
      notes: [
        `Ce lien est valable ${input.validForMinutes} minutes et ne sert qu’une fois.`,
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.',
      ],
    }),
    data: { resetUrl: input.resetUrl, validForMinutes: String(input.validForMinutes) },
  };
}

export function invitationMessage(input: {
  recipient: MessageRecipient;
  acceptUrl: string;
  inviterName: string;
  /** The facility or organisation the person is invited to join. */
  organisationName: string;
  roleLabel: string;
  validForDays: number;
}): OutgoingMessage<'invitation'> {
  return {
    recipient: input.recipient,
    template: 'invitation',
    category: 'security',
    ...renderMessage({
      subject: `Invitation à rejoindre ${input.organisationName} sur Parcours`,
      title: 'Vous êtes invité(e) sur Parcours',
      paragraphs: [
        `${input.inviterName} vous invite à rejoindre ${input.organisationName} sur Parcours, en tant que ${input.roleLabel}.`,
        'Parcours est la plateforme d’orientation et d’admission en santé et médico-social.',
      ],
      action: {
        lead: 'Pour accepter l’invitation et créer votre compte',
        label: 'Accepter l’invitation',
        url: input.acceptUrl,
      },
      notes: [
        `Cette invitation est valable ${input.validForDays} jours.`,
        'Si vous ne connaissez pas l’expéditeur, ignorez ce message.',
      ],
    }),
    data: {
      acceptUrl: input.acceptUrl,
      inviterName: input.inviterName,
      organisationName: input.organisationName,
      roleLabel: input.roleLabel,
      validForDays: String(input.validForDays),
    },
  };
}
