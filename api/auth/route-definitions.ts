import { createRoute, z } from '@hono/zod-openapi';
import { doctorGrantConfirmationInput, doctorGrantViewSchema } from '../../services/identity/doctor-grants.ts';
import { invitationInput, invitationViewSchema } from '../../services/identity/invitations.ts';
import { errorBodySchema, jsonBody } from '../openapi.ts';
import {
  cguAcceptInput,
  cguSchema,
  emailVerificationInput,
  invitationAcceptInput,
  loginAnswer,
  loginCodeInput,
  loginInput,
  particulierSignUpAnswer,
  particulierSignUpInput,
  passwordChangeInput,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  sessionAnswer,
} from './schemas.ts';

/** The OpenAPI declarations of the identity routes (api/auth/routes.ts holds their handlers). */

const errors = {
  401: { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } },
  429: {
    description: 'Trop de tentatives (en-tête Retry-After)',
    content: { 'application/json': { schema: errorBodySchema } },
  },
};
const refusal = { description: 'Refus', content: { 'application/json': { schema: errorBodySchema } } };
const linkGone = {
  description: 'Lien utilisé ou expiré',
  content: { 'application/json': { schema: errorBodySchema } },
};
const tags = ['Connexion'];

export const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  summary: 'Connexion par RPPS (médecins) ou e-mail, et mot de passe',
  tags,
  request: { body: jsonBody(loginInput) },
  responses: {
    200: { description: 'Connecté', content: { 'application/json': { schema: loginAnswer } } },
    202: { description: 'Code envoyé par e-mail', content: { 'application/json': { schema: loginAnswer } } },
    ...errors,
  },
});

export const loginCodeRoute = createRoute({
  method: 'post',
  path: '/auth/otp',
  summary: 'Confirmer la connexion avec le code reçu',
  tags,
  request: { body: jsonBody(loginCodeInput) },
  responses: {
    200: { description: 'Connecté', content: { 'application/json': { schema: loginAnswer } } },
    ...errors,
  },
});

export const resendCodeRoute = createRoute({
  method: 'post',
  path: '/auth/otp/resend',
  summary: 'Recevoir un nouveau code',
  tags,
  responses: {
    202: { description: 'Nouveau code envoyé', content: { 'application/json': { schema: loginAnswer } } },
    ...errors,
  },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Se déconnecter',
  tags,
  responses: { 204: { description: 'Déconnecté' } },
});

export const sessionRoute = createRoute({
  method: 'get',
  path: '/auth/session',
  summary: 'La personne connectée',
  tags,
  responses: {
    200: { description: 'Connecté', content: { 'application/json': { schema: sessionAnswer } } },
    401: errors[401],
  },
});

export const passwordChangeRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  summary: 'Changer de mot de passe (toutes les autres sessions sont fermées)',
  tags,
  request: { body: jsonBody(passwordChangeInput) },
  responses: { 204: { description: 'Mot de passe changé' }, ...errors },
});

export const passwordResetRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  summary: 'Mot de passe oublié : recevoir un lien par e-mail (même réponse que le compte existe ou non)',
  tags,
  request: { body: jsonBody(passwordResetRequestInput) },
  responses: { 202: { description: 'Si le compte existe, un lien est envoyé' }, 429: errors[429] },
});

export const passwordResetConfirmRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset/confirm',
  summary: 'Choisir un nouveau mot de passe avec le lien reçu (toutes les sessions sont fermées)',
  tags,
  request: { body: jsonBody(passwordResetConfirmInput) },
  responses: { 204: { description: 'Mot de passe changé' }, 410: linkGone, ...errors },
});

export const emailVerificationRoute = createRoute({
  method: 'post',
  path: '/auth/email-verification/confirm',
  summary: 'Confirmer son adresse e-mail avec le lien reçu',
  tags,
  request: { body: jsonBody(emailVerificationInput) },
  responses: { 204: { description: 'Adresse confirmée' }, 410: linkGone, 429: errors[429] },
});

export const invitationSendRoute = createRoute({
  method: 'post',
  path: '/auth/invitations',
  summary:
    'Inviter par e-mail un membre d’établissement (administrateur ou responsable de l’établissement) ou un coordinateur (administrateur)',
  tags,
  request: { body: jsonBody(invitationInput) },
  responses: {
    201: {
      description: 'Invitation envoyée',
      content: { 'application/json': { schema: z.object({ id: z.string(), expiresAt: z.string() }) } },
    },
    403: refusal,
    409: { description: 'Compte existant', content: { 'application/json': { schema: errorBodySchema } } },
    ...errors,
  },
});

export const invitationListRoute = createRoute({
  method: 'get',
  path: '/auth/invitations',
  summary: 'Invitations des 30 derniers jours : toutes (administrateur) ou celles de ses établissements (responsable)',
  tags,
  responses: {
    200: {
      description: 'Invitations, de la plus récente à la plus ancienne',
      content: { 'application/json': { schema: z.object({ items: z.array(invitationViewSchema) }) } },
    },
    401: refusal,
    403: refusal,
  },
});

export const invitationWithdrawRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/{id}/withdraw',
  summary: 'Retirer une invitation en attente : son lien ne fonctionne plus',
  tags,
  request: { params: z.object({ id: z.string().uuid() }) },
  responses: {
    204: { description: 'Invitation retirée' },
    401: refusal,
    403: refusal,
    404: refusal,
    409: refusal,
    429: errors[429],
  },
});

export const doctorGrantListRoute = createRoute({
  method: 'get',
  path: '/auth/doctor-grants',
  summary: 'Médecins coordonnateurs proposés par les établissements, en attente de confirmation (administrateur)',
  tags,
  responses: {
    200: {
      description: 'Rôles de médecin en attente',
      content: { 'application/json': { schema: z.object({ items: z.array(doctorGrantViewSchema) }) } },
    },
    401: refusal,
    403: refusal,
  },
});

export const doctorGrantConfirmRoute = createRoute({
  method: 'post',
  path: '/auth/doctor-grants/confirm',
  summary: 'Confirmer un médecin coordonnateur proposé, après vérification de son numéro RPPS (administrateur)',
  tags,
  request: { body: jsonBody(doctorGrantConfirmationInput) },
  responses: {
    204: { description: 'Rôle confirmé : le volet médical est ouvert à ce médecin' },
    401: refusal,
    403: refusal,
    404: refusal,
    409: refusal,
    422: refusal,
  },
});

export const invitationAcceptRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/accept',
  summary: 'Accepter une invitation : nom, mot de passe, CGU ; le compte est créé',
  tags,
  request: { body: jsonBody(invitationAcceptInput) },
  responses: {
    201: { description: 'Compte créé', content: { 'application/json': { schema: z.object({ userId: z.string() }) } } },
    410: {
      description: 'Invitation utilisée ou expirée',
      content: { 'application/json': { schema: errorBodySchema } },
    },
    ...errors,
  },
});

export const cguReadRoute = createRoute({
  method: 'get',
  path: '/auth/cgu',
  summary: 'Conditions générales d’utilisation en vigueur',
  tags,
  responses: { 200: { description: 'Texte en vigueur', content: { 'application/json': { schema: cguSchema } } } },
});

export const cguAcceptRoute = createRoute({
  method: 'post',
  path: '/auth/cgu',
  summary: 'Accepter les conditions générales d’utilisation',
  tags,
  request: { body: jsonBody(cguAcceptInput) },
  responses: { 204: { description: 'Acceptation enregistrée' }, ...errors },
});

export const particulierSignUpRoute = createRoute({
  method: 'post',
  path: '/particuliers',
  summary:
    'Créer un compte de l’espace particulier (personne ou proche) : e-mail, nom, mot de passe, CGU ; le lien de confirmation de l’adresse part aussitôt (même réponse si l’adresse a déjà un compte : son titulaire est prévenu par e-mail)',
  tags: ['Espace particulier'],
  request: { body: jsonBody(particulierSignUpInput) },
  responses: {
    202: {
      description: 'Demande reçue : un e-mail part à l’adresse indiquée',
      content: { 'application/json': { schema: particulierSignUpAnswer } },
    },
    409: { ...refusal, description: 'Version des CGU qui n’est plus en vigueur' },
    422: { ...refusal, description: 'Mot de passe trop court, CGU non acceptées, données invalides' },
    429: errors[429],
  },
});
