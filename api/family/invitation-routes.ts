import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { personName } from '../../domain/vocabulary.ts';
import {
  acceptReferentInvitation,
  claimPhysicianInvitation,
  inviteReferent,
  listPendingInvitations,
  withdrawInvitation,
} from '../../services/family/invitations.ts';
import { endAssistance } from '../../services/family/referents.ts';
import { familyRequestPath } from '../../services/family/requests.ts';
import { identityDeps } from '../../services/identity/deps.ts';
import { invitedEmail } from '../../services/identity/invitations.ts';
import type { AuthSettings } from '../../services/identity/settings.ts';
import { clientIp } from '../auth/request-info.ts';
import type { AppEnv } from '../env.ts';
import { requireActor } from '../identity.ts';
import { jsonBody, refusal, validationHook } from '../openapi.ts';
import type { ReferralCommandContext } from '../referrals/commands.ts';
import { createdReferralDetail, loadReferralDetail } from '../referrals/read-model.ts';
import { referralDetailSchema } from '../referrals/views.ts';
import { createAssistedRequest, createAssistedRequestBody } from './requests.ts';

const tag = 'Espace particulier';

const token = z.string().trim().min(1).max(200);

export const referentInvitationBody = z
  .object({
    caseId: z.uuid({ message: 'Identifiant de demande invalide.' }),
    email: invitedEmail,
  })
  .openapi('ReferentInvitationInput');

export const referentInvitationAcceptBody = z
  .object({
    /** The token of the e-mailed link (`/invitation/famille?jeton=…`). */
    token,
    /**
     * The first référent of a request a professional created on the person's behalf: whether that
     * professional keeps following it (default: their access ends now).
     */
    keepAssistingProfessional: z.boolean().default(false),
    /** Without a session: the particulier account to create, with the invitation's address. */
    account: z
      .object({
        displayName: personName(200).min(2, 'Deux caractères au moins.'),
        password: z.string().min(1).max(200),
        cguVersion: z.string().min(1).max(40),
        cguAccepted: z.boolean(),
      })
      .optional(),
  })
  .openapi('ReferentInvitationAccept');

const sentAnswer = z
  .object({ id: z.uuid(), expiresAt: z.string(), message: z.string() })
  .openapi('FamilyInvitationSent');

const acceptedAnswer = z
  .object({ caseId: z.uuid(), userId: z.uuid(), accountCreated: z.boolean(), href: z.string() })
  .openapi('ReferentInvitationAccepted');

const caseParams = z.object({ id: z.uuid() });

/**
 * The invitations of a family request and the assisted creation (issue 15): a référent (the
 * assisting professional, the physician of their own request) invites a relative; the relative
 * accepts, signed in or creating their particulier account; the physician invited by e-mail (through
 * the designation, POST /referrals/{id}/physician) claims the dossier once signed in; a professional
 * creates a request on the person's behalf, with their consent, and the référent ends their access.
 */
export function familyInvitationRoutes(
  deps: ReferralCommandContext & {
    appUrl: string;
    auth?: Partial<AuthSettings> | undefined;
    clock?: (() => Date) | undefined;
  },
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const identity = identityDeps(deps);
  const services = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, appUrl: deps.appUrl };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/invitations',
      summary:
        'Inviter un proche par e-mail à suivre une demande comme référent (un référent, le professionnel qui a créé la demande pour la personne, ou le médecin de sa propre demande)',
      tags: [tag],
      request: { body: jsonBody(referentInvitationBody) },
      responses: {
        201: { description: 'Invitation envoyée', content: { 'application/json': { schema: sentAnswer } } },
        401: refusal('Non authentifié'),
        403: refusal('Pas le droit d’inviter sur cette demande (auth.forbidden)'),
        404: refusal('Demande introuvable (referral.not_found)'),
        409: refusal('Déjà référent (referral.referent_already) ou demande close (referral.already_closed)'),
        422: refusal(
          'Adresse invalide, ou adresse d’un compte professionnel : un référent n’est jamais un professionnel du dossier (family.referent_is_professional)',
        ),
        429: refusal('Trop d’invitations (par personne qui invite, par adresse invitée) : auth.rate_limited'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const body = c.req.valid('json');
      const sent = await inviteReferent(services, {
        actor,
        caseId: body.caseId,
        email: body.email,
        ip: clientIp(c, identity.settings.trustProxy),
      });
      return c.json(
        {
          id: sent.id,
          expiresAt: sent.expiresAt.toISOString(),
          message: 'L’invitation est envoyée : la personne reçoit un lien pour suivre la demande.',
        },
        201,
      );
    },
  );

  const requestParams = z.object({ id: z.uuid({ message: 'Identifiant de demande invalide.' }) });
  const pendingInvitation = z
    .object({
      id: z.uuid(),
      email: z.string(),
      invitedBy: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
    })
    .openapi('PendingInvitation');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/family/requests/{id}/invitations',
      summary: 'Les invitations de référents encore en attente sur une demande (ceux qui peuvent inviter les voient)',
      tags: [tag],
      request: { params: requestParams },
      responses: {
        200: {
          description: 'Invitations en attente, les plus récentes d’abord',
          content: { 'application/json': { schema: z.object({ items: z.array(pendingInvitation) }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Pas le droit d’inviter sur cette demande (auth.forbidden)'),
        404: refusal('Demande introuvable (referral.not_found)'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      return c.json({ items: await listPendingInvitations(deps.db, actor, id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/requests/{id}/invitations/{invitationId}/withdraw',
      summary: 'Retirer une invitation en attente : son lien cesse aussitôt de fonctionner',
      tags: [tag],
      request: {
        params: requestParams.extend({ invitationId: z.uuid({ message: 'Identifiant d’invitation invalide.' }) }),
      },
      responses: {
        200: {
          description: 'Invitation retirée',
          content: { 'application/json': { schema: z.object({ message: z.string() }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Pas le droit d’inviter sur cette demande (auth.forbidden)'),
        404: refusal('Demande introuvable, ou invitation plus en attente (family.invitation_not_pending)'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id, invitationId } = c.req.valid('param');
      await withdrawInvitation(deps.db, {
        actor,
        caseId: id,
        invitationId,
        ip: clientIp(c, identity.settings.trustProxy),
      });
      return c.json({ message: 'L’invitation est retirée : son lien ne fonctionne plus.' }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/invitations/accept',
      summary:
        'Accepter une invitation à suivre une demande : avec son compte de l’espace particulier, ou en le créant (nom, mot de passe, conditions d’utilisation)',
      tags: [tag],
      request: { body: jsonBody(referentInvitationAcceptBody) },
      responses: {
        200: {
          description: 'Vous suivez la demande comme référent',
          content: { 'application/json': { schema: acceptedAnswer } },
        },
        403: refusal('L’inviteur ne peut plus inviter sur cette demande (auth.forbidden)'),
        404: refusal('Lien non valable : expiré, déjà utilisé ou remplacé (family.invitation_invalid)'),
        409: refusal(
          'Un compte existe pour cette adresse : se connecter d’abord (family.invitation_login_first) ; demande close',
        ),
        422: refusal(
          'Compte à créer (family.invitation_account_required), mot de passe trop court, CGU ; compte professionnel (family.referent_is_professional)',
        ),
        429: refusal('Trop de tentatives (auth.rate_limited)'),
        503: refusal('Service de workflows indisponible'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const accepted = await acceptReferentInvitation(identity, {
        token: body.token,
        actor: c.get('actor'),
        account: body.account,
        keepAssistance: body.keepAssistingProfessional,
        ip: clientIp(c, identity.settings.trustProxy),
      });
      return c.json({ ...accepted, href: familyRequestPath(accepted.caseId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/physicians/invitations/accept',
      summary:
        'Médecin invité par e-mail : rattacher le dossier à mon compte (créé avec Pro Santé Connect) ; il rejoint « Dossiers à compléter »',
      tags: ['Médecin traitant'],
      request: { body: jsonBody(z.object({ token }).openapi('PhysicianInvitationAccept')) },
      responses: {
        200: {
          description: 'Le dossier vous attend dans « Dossiers à compléter »',
          content: { 'application/json': { schema: z.object({ caseId: z.uuid(), href: z.string() }) } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux médecins (physician.invitation_not_physician)'),
        404: refusal('Lien non valable (family.invitation_invalid)'),
        409: refusal(
          'Un autre médecin a été désigné depuis (physician.invitation_stale), dossier déjà complété ou demande close',
        ),
        503: refusal('Service de workflows indisponible'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const claimed = await claimPhysicianInvitation(services, {
        actor,
        token: c.req.valid('json').token,
        ip: clientIp(c, identity.settings.trustProxy),
      });
      return c.json({ caseId: claimed.caseId, href: `/demandes/${claimed.caseId}` }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/assisted-requests',
      summary:
        'Créer une demande pour une personne accompagnée (professionnel : service social, établissement, coordination), avec son consentement (qui, quand, comment), puis la confier à un référent par invitation',
      tags: [tag],
      request: { body: jsonBody(createAssistedRequestBody) },
      responses: {
        201: {
          description: 'Demande créée (brouillon), avec son numéro de dossier',
          content: { 'application/json': { schema: referralDetailSchema } },
        },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux professionnels qui accompagnent la personne (family.assisted_not_allowed)'),
        422: refusal('Données invalides'),
        503: refusal('Service de workflows indisponible'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const created = await createAssistedRequest(deps, actor, c.req.valid('json'), deps.clock?.() ?? new Date());
      return c.json(await createdReferralDetail(deps, actor, { ...created, facilities: [] }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/family/requests/{id}/assistance/end',
      summary: 'Mettre fin à l’accès du professionnel qui a créé la demande (référent qui l’avait gardé)',
      tags: [tag],
      request: { params: caseParams },
      responses: {
        204: { description: 'Fait : le professionnel ne voit plus la demande' },
        401: refusal('Non authentifié'),
        403: refusal('Réservé aux référents de la demande (auth.forbidden)'),
        404: refusal('Demande introuvable'),
        409: refusal('Aucun professionnel n’accompagne plus la demande (family.assistance_not_active)'),
        503: refusal('Service de workflows indisponible'),
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { id } = c.req.valid('param');
      // What a person may not see does not exist for them (404).
      await loadReferralDetail(deps.db, actor, id);
      await endAssistance(deps, { caseId: id, actorId: actor.id });
      return c.body(null, 204);
    },
  );

  return app;
}
