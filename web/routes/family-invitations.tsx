import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { clientIp } from '../../api/auth/request-info.ts';
import type { AppEnv } from '../../api/env.ts';
import { loadReferralDetail } from '../../api/referrals/read-model.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { AppError, type ErrorCode, errorCatalogue } from '../../domain/errors.ts';
import { currentCgu } from '../../domain/identity/cgu.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { personName } from '../../domain/vocabulary.ts';
import {
  acceptReferentInvitation,
  claimPhysicianInvitation,
  type FamilyInvitationKind,
  inviteReferent,
  listPendingInvitations,
  type PendingInvitation,
  pendingFamilyInvitation,
  withdrawInvitation,
} from '../../services/family/invitations.ts';
import { endAssistance } from '../../services/family/referents.ts';
import { identityDeps } from '../../services/identity/deps.ts';
import { minimumPasswordLength } from '../../services/identity/passwords.ts';
import { readForm, validInput } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import {
  AssistanceSummary,
  type InvitationSummary,
  InviteReferentForm,
  PhysicianInvitationPage,
  ReferentInvitationPage,
} from '../pages/family-invitation.tsx';
import { withActor } from './require-actor.ts';

const caseIdPattern = /^[0-9a-f-]{36}$/;

/**
 * The pages of the family invitations (issue 15): accepting a référent invitation, the invited
 * physician attaching the dossier, and the two forms of a request's page (inviting a relative,
 * ending the assisting professional's access). The use cases are the API's (services/family).
 */
export function familyInvitationRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const identity = identityDeps(deps);
  const services = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, appUrl: deps.appUrl };
  const ipOf = (c: Context) => clientIp(c, identity.settings.trustProxy);

  async function summary(token: string, kind: FamilyInvitationKind): Promise<InvitationSummary | undefined> {
    if (!token || token.length > 200) return undefined;
    const found = await pendingFamilyInvitation(deps.db, token, kind);
    return found
      ? { token, reference: found.reference, inviterName: found.inviterName, assisted: found.assisted }
      : undefined;
  }

  const referentPage = async (c: Context<AppEnv>, token: string, error?: string, displayName?: string) => (
    <ReferentInvitationPage
      frame={pageFrame(c, deps)}
      csrf={csrfToken(c)}
      invitation={await summary(token, 'referent')}
      signedIn={c.get('actor') !== undefined}
      cgu={currentCgu()}
      minimumLength={minimumPasswordLength}
      displayName={displayName ?? ''}
      error={error}
    />
  );

  web.get('/invitation/famille', async (c) => c.html(await referentPage(c, c.req.query('jeton') ?? '')));

  web.post('/invitation/famille', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const token = form.text('jeton').trim();
    const actor = c.get('actor');
    const displayName = form.text('displayName').trim();
    try {
      const account = actor
        ? undefined
        : validInput(z.object({ displayName: personName(200).min(2, 'Deux caractères au moins.') }), {
            displayName,
          });
      const accepted = await acceptReferentInvitation(identity, {
        token,
        actor,
        account: account && {
          displayName: account.displayName,
          password: form.text('password'),
          cguVersion: form.text('version'),
          cguAccepted: form.text('cgu') === 'oui',
        },
        keepAssistance: form.text('garder') === 'oui',
        ip: ipOf(c),
      });
      return c.redirect(actor ? `/particulier/demandes/${accepted.caseId}` : '/connexion?compte=cree', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.status === 409 || error.status === 429 || error.status === 404 ? error.status : 422;
      return c.html(await referentPage(c, token, error.message, displayName), status);
    }
  });

  const physicianPage = async (c: Context<AppEnv>, token: string, error?: string) => (
    <PhysicianInvitationPage
      frame={pageFrame(c, deps)}
      csrf={csrfToken(c)}
      invitation={await summary(token, 'physician')}
      signedInAsPhysician={c.get('actor')?.role === 'physician'}
      error={error}
    />
  );

  web.get('/invitation/medecin', async (c) => c.html(await physicianPage(c, c.req.query('jeton') ?? '')));

  web.post('/invitation/medecin', (c) =>
    withActor(c, async (actor) => {
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const token = form.text('jeton').trim();
      try {
        await claimPhysicianInvitation(services, { actor, token, ip: ipOf(c) });
        return c.redirect('/medecin/dossiers-a-completer', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const status = error.status === 409 || error.status === 404 || error.status === 403 ? error.status : 422;
        return c.html(await physicianPage(c, token, error.message), status);
      }
    }),
  );

  web.post('/particulier/demandes/:id/inviter', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      if (!caseIdPattern.test(id)) throw new AppError('referral.not_found');
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      try {
        await inviteReferent(services, { actor, caseId: id, email: form.text('email'), ip: ipOf(c) });
      } catch (error) {
        // The page says why (its code), the address typed is not carried in the address bar.
        if (!(error instanceof AppError) || error.code === 'referral.not_found') throw error;
        return c.redirect(`/particulier/demandes/${id}?invitation=${encodeURIComponent(error.code)}`, 303);
      }
      return c.redirect(`/particulier/demandes/${id}?fait=invitation`, 303);
    }),
  );

  web.post('/particulier/demandes/:id/invitations/:invitationId/retirer', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      const invitationId = c.req.param('invitationId');
      if (!caseIdPattern.test(id) || !caseIdPattern.test(invitationId)) throw new AppError('referral.not_found');
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      try {
        await withdrawInvitation(deps.db, { actor, caseId: id, invitationId, ip: ipOf(c) });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'family.invitation_not_pending') throw error;
        return c.redirect(`/particulier/demandes/${id}?invitation=${error.code}`, 303);
      }
      return c.redirect(`/particulier/demandes/${id}?fait=invitation-retiree`, 303);
    }),
  );

  web.post('/particulier/demandes/:id/accompagnement/fin', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      if (!caseIdPattern.test(id)) throw new AppError('referral.not_found');
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      // What a person may not see does not exist for them (404).
      await loadReferralDetail(deps.db, actor, id);
      await endAssistance(deps, { caseId: id, actorId: actor.id });
      return c.redirect(`/particulier/demandes/${id}?fait=accompagnement`, 303);
    }),
  );

  return web;
}

/**
 * What a family request's page adds for the invitations: the consent of a request a professional
 * created, and the form to invite a relative (with the refusal of the last try, by its code).
 */
export function FamilyInvitationSections(props: {
  referral: ReferralDetail;
  csrf: string;
  error?: string | undefined;
  /** The invitations still waiting, for those who may invite (undefined for the others: no form either). */
  pending: PendingInvitation[] | undefined;
}) {
  const { referral } = props;
  const code = props.error && Object.hasOwn(errorCatalogue, props.error) ? (props.error as ErrorCode) : undefined;
  return (
    <>
      {referral.assistance ? (
        <AssistanceSummary caseId={referral.id} assistance={referral.assistance} endCsrf={props.csrf} />
      ) : null}
      {props.pending ? (
        <InviteReferentForm
          caseId={referral.id}
          csrf={props.csrf}
          error={code ? errorCatalogue[code].message : undefined}
          pending={props.pending}
        />
      ) : null}
    </>
  );
}

/** The invitations still waiting on a request, for its page; nothing for those who may not invite. */
export async function pendingInvitationsFor(
  deps: WebDependencies,
  actor: Actor,
  caseId: string,
): Promise<PendingInvitation[] | undefined> {
  try {
    return await listPendingInvitations(deps.db, actor, caseId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'auth.forbidden') return undefined;
    throw error;
  }
}
