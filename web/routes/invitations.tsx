import { eq, inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { invitationInput, listInvitations, sendInvitation, withdrawInvitation } from '../../api/auth/invitations.ts';
import { clientIp } from '../../api/auth/request-info.ts';
import type { AppEnv } from '../../api/env.ts';
import { searchFacilities } from '../../api/facilities/search.ts';
import { facilities } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { canManageInvitations, managedFacilityIds } from '../../domain/identity/invitation-policies.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import { type FieldErrors, fieldErrors, readForm, type SubmittedForm } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import {
  emptyInvitationForm,
  type FacilityChoice,
  type InvitationFormState,
  type InvitationFormValues,
  InvitationsPage,
} from '../pages/invitations.tsx';
import { withActor } from './require-actor.ts';

/** How many facilities an administrator's search offers to choose from: more means "be more precise". */
const candidateLimit = 10;
const finessShape = /^(\d{2}|2A|2B)\d{7}$/;

interface FacilityOutcome {
  facilityId: string;
  candidates: FacilityChoice[];
  error?: string;
}

/**
 * The facility an administrator means: an exact FINESS number, else the one facility whose name
 * matches, else the one picked among the matches shown on the previous answer.
 */
async function resolveFacility(deps: WebDependencies, typed: string, picked: string): Promise<FacilityOutcome> {
  const query = typed.trim();
  if (!query)
    return { facilityId: '', candidates: [], error: 'Indiquez le numéro FINESS ou le nom de l’établissement.' };
  if (finessShape.test(query.toUpperCase())) {
    const [exact] = await deps.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.finess, query.toUpperCase()));
    return exact
      ? { facilityId: exact.id, candidates: [] }
      : { facilityId: '', candidates: [], error: `Aucun établissement n’a le numéro FINESS ${query}.` };
  }
  const found = await searchFacilities(deps.db, { q: query, sort: 'nom', limit: candidateLimit });
  const candidates = found.map(({ id, name, finess }) => ({ id, name, finess }));
  const [only] = candidates;
  if (!only) {
    return {
      facilityId: '',
      candidates,
      error: `Aucun établissement ne correspond à « ${query} » : vérifiez le nom ou indiquez le numéro FINESS.`,
    };
  }
  if (candidates.length === 1) return { facilityId: only.id, candidates: [] };
  const chosen = candidates.find((facility) => facility.id === picked);
  if (chosen) return { facilityId: chosen.id, candidates };
  return {
    facilityId: '',
    candidates,
    error:
      found.total > candidateLimit
        ? `${found.total} établissements correspondent : choisissez parmi les ${candidateLimit} premiers ci-dessous, ou précisez le nom.`
        : 'Plusieurs établissements correspondent : choisissez-le dans la liste ci-dessous.',
  };
}

/** Département codes as typed ("69, 2a ; 974"): separated by commas, semicolons or spaces. */
function typedTerritories(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
}

function formValues(form: SubmittedForm, inviter: InvitationFormState['inviter']): InvitationFormValues {
  return {
    email: form.text('email').trim(),
    role: inviter === 'admin' ? form.text('role') : 'facility_member',
    facilityQuery: form.text('facilityQuery'),
    facilityId: form.text('facilityId'),
    facilityRole: form.text('facilityRole'),
    territories: form.text('territories'),
  };
}

/**
 * « Invitations »: administrators and facility managers invite people by e-mail, see the invitations
 * of the last 30 days and withdraw the pending ones. Forms call the services of /api/auth/invitations.
 */
export function invitationRoutes(deps: WebDependencies) {
  const settings = { ...defaultAuthSettings, ...deps.auth };
  const { db } = deps;
  const web = new Hono<AppEnv>();
  const ipOf = (c: Context) => clientIp(c, settings.trustProxy);

  function inviterOf(actor: Actor): InvitationFormState['inviter'] {
    if (!canManageInvitations(actor)) throw new AppError('auth.forbidden');
    return actor.role === 'admin' ? 'admin' : 'manager';
  }

  async function managedFacilities(actor: Actor): Promise<FacilityChoice[]> {
    const ids = managedFacilityIds(actor);
    if (ids.length === 0) return [];
    return db
      .select({ id: facilities.id, name: facilities.name, finess: facilities.finess })
      .from(facilities)
      .where(inArray(facilities.id, ids))
      .orderBy(facilities.name);
  }

  async function page(
    c: Context<AppEnv>,
    actor: Actor,
    options: { form?: InvitationFormState; error?: AppError; status?: ContentfulStatusCode } = {},
  ) {
    const inviter = inviterOf(actor);
    const items = await listInvitations(db, actor);
    const form = options.form ?? {
      inviter,
      facilities: inviter === 'manager' ? await managedFacilities(actor) : [],
      values: emptyInvitationForm,
      errors: {},
    };
    const sentTo = items.find((item) => item.id === c.req.query('envoyee'));
    const withdrawn = items.find((item) => item.id === c.req.query('retiree'));
    const notice = sentTo
      ? `Invitation envoyée à ${sentTo.email}.`
      : withdrawn
        ? `L’invitation de ${withdrawn.email} est retirée : son lien ne fonctionne plus.`
        : undefined;
    return c.html(
      <InvitationsPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        form={form}
        invitations={items}
        notice={notice}
        error={options.error}
      />,
      options.status ?? 200,
    );
  }

  web.get('/invitations', (c) => withActor(c, (actor) => page(c, actor)));

  web.post('/invitations', (c) =>
    withActor(c, async (actor) => {
      const inviter = inviterOf(actor);
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const values = formValues(form, inviter);
      const errors: FieldErrors = {};
      let choices: FacilityChoice[] = [];
      let facilityId = values.facilityId;
      if (values.role !== 'facility_member' && values.role !== 'coordinator') {
        errors.role = 'Choisissez le compte à créer : membre d’établissement ou coordinateur.';
      }
      if (values.role === 'facility_member' && inviter === 'admin') {
        const outcome = await resolveFacility(deps, values.facilityQuery, values.facilityId);
        facilityId = outcome.facilityId;
        choices = outcome.candidates;
        if (outcome.error) errors.facilityId = outcome.error;
      } else if (inviter === 'manager') {
        choices = await managedFacilities(actor);
        const [only] = choices;
        facilityId = choices.length === 1 && only ? only.id : facilityId;
      }
      const parsed = invitationInput.safeParse(
        values.role === 'coordinator'
          ? { role: 'coordinator', email: values.email, territories: typedTerritories(values.territories) }
          : { role: values.role, email: values.email, facilityId, facilityRole: values.facilityRole },
      );
      const state = (more: FieldErrors): InvitationFormState => ({
        inviter,
        facilities: choices,
        values: { ...values, facilityId },
        errors: { ...more, ...errors },
      });
      if (!parsed.success || Object.keys(errors).length > 0) {
        return page(c, actor, { form: state(parsed.success ? {} : fieldErrors(parsed.error)), status: 422 });
      }
      try {
        const sent = await sendInvitation(deps, { actor, input: parsed.data, ip: ipOf(c) });
        return c.redirect(`/invitations?envoyee=${sent.id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'auth.forbidden') throw error;
        if (error.code === 'auth.email_taken')
          return page(c, actor, { form: state({ email: error.message }), status: 409 });
        if (error.code === 'facility.unknown') {
          return page(c, actor, { form: state({ facilityId: error.message }), status: 422 });
        }
        return page(c, actor, { form: state({}), error, status: error.status as ContentfulStatusCode });
      }
    }),
  );

  web.post('/invitations/:id/retirer', (c) =>
    withActor(c, async (actor) => {
      inviterOf(actor);
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const id = c.req.param('id');
      try {
        await withdrawInvitation(db, { actor, id, ip: ipOf(c) });
        return c.redirect(`/invitations?retiree=${id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'auth.forbidden') throw error;
        return page(c, actor, { error, status: error.status as ContentfulStatusCode });
      }
    }),
  );

  return web;
}
