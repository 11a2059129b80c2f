import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { type RequesterAttention, requesterAttentions, requesterStatusesOf } from '../../api/home/dashboards.ts';
import { createReferral } from '../../api/referrals/commands.ts';
import { listRequesterReferrals } from '../../api/referrals/read-model.ts';
import { createReferralBody, referralListQuery } from '../../api/referrals/schemas.ts';
import { type FacilityKind, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import { canCreateReferral } from '../../domain/referral/policies.ts';
import { missingPartsOf } from '../components/alerts.tsx';
import { dossierFromValues, missingFieldErrors, readDossierValues } from '../components/dossier-form.ts';
import type { FacilitySearch } from '../components/facility-search.tsx';
import { type FieldErrors, fieldErrors, optional, readForm, reportMissing } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { ReferralListPage, type RequesterListFilters } from '../pages/referral-list.tsx';
import { emptyNewReferral, NewReferralPage, type NewReferralValues } from '../pages/referral-new.tsx';
import { findFacilityChoices, readFacilitySearch } from './facility-choices.ts';
import { withActor } from './require-actor.ts';

function asKind(value: string | undefined): FacilityKind | undefined {
  return facilityKindValues.find((kind) => kind === value);
}

/** A whole number typed in a form becomes a number; anything else is left for the schema to refuse. */
function wholeNumber(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The list filters, from the address: French parameter names, and a wrong value is just ignored. */
function listFilters(c: Context<AppEnv>): RequesterListFilters {
  const shape = referralListQuery.shape;
  const filters: RequesterListFilters = {};
  const status = shape.status.safeParse(c.req.query('statut') || undefined);
  const kind = shape.kind.safeParse(c.req.query('type') || undefined);
  const q = shape.q.safeParse(c.req.query('nom') || undefined);
  if (status.success && status.data) filters.status = status.data;
  if (kind.success && kind.data) filters.kind = kind.data;
  if (q.success && q.data) filters.q = q.data;
  if (c.req.query('en-retard') === 'oui') filters.stalled = true;
  const attention = c.req.query('suivi');
  if (attention && Object.hasOwn(requesterAttentions, attention)) filters.attention = attention as RequesterAttention;
  return filters;
}

/** The requester's side: the list of their cases and the form that creates a new one. */
export function referralRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function renderForm(
    c: Context<AppEnv>,
    kind: FacilityKind | undefined,
    search: FacilitySearch,
    values: NewReferralValues,
    errors: FieldErrors,
    error?: AppError,
  ) {
    const choices = kind ? await findFacilityChoices(deps.db, kind, search) : { facilities: [], total: 0 };
    const page = (
      <NewReferralPage
        frame={pageFrame(c, deps)}
        kind={kind}
        search={search}
        choices={choices}
        values={values}
        errors={errors}
        error={error}
      />
    );
    if (error) return c.html(page, error.status as ContentfulStatusCode);
    return c.html(page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  web.get('/demandes', (c) =>
    withActor(c, async (actor) => {
      const filters = listFilters(c);
      const referrals = await listRequesterReferrals(deps.db, actor, filters);
      return c.html(
        <ReferralListPage
          frame={pageFrame(c, deps)}
          referrals={referrals}
          statuses={await requesterStatusesOf(deps.db, referrals)}
          filters={filters}
          canCreate={canCreateReferral(actor)}
        />,
      );
    }),
  );

  web.get('/demandes/nouvelle', (c) =>
    withActor(c, (actor) => {
      if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
      const requested = c.req.query('type');
      const kind = asKind(requested);
      const errors: FieldErrors = requested && !kind ? { kind: 'Type de prise en charge inconnu.' } : {};
      const search = readFacilitySearch((name) => c.req.query(name));
      return renderForm(c, kind, search, emptyNewReferral, errors);
    }),
  );

  web.post('/demandes/nouvelle', (c) =>
    withActor(c, async (actor) => {
      const form = await readForm(c);
      const kind = asKind(form.text('kind'));
      const search = readFacilitySearch((name) => form.text(`recherche.${name}`));
      // Which button: keep a draft or send; "-confirme" once the person said it is not a duplicate.
      const action = form.text('action');
      const values: NewReferralValues = {
        lastName: form.text('lastName'),
        firstName: form.text('firstName'),
        birthDate: form.text('birthDate'),
        sex: form.text('sex'),
        facilityIds: form.texts('facilityIds'),
        secondWaveFacilityIds: form.texts('secondWave.facilityIds'),
        secondWaveAfterDays: form.text('secondWave.afterDays'),
        dossier: kind ? readDossierValues(form, kind) : {},
        send: action.startsWith('envoyer'),
        confirmNotDuplicate: action.endsWith('-confirme') || form.text('confirmNotDuplicate') === 'true',
      };
      const afterDays = wholeNumber(values.secondWaveAfterDays);
      const parsed = createReferralBody.safeParse({
        kind: form.text('kind'),
        patient: {
          lastName: values.lastName,
          firstName: values.firstName,
          birthDate: values.birthDate,
          sex: optional(values.sex),
          // The département of residence is the one of the address, asked once.
          departement: optional(values.dossier['administrative.address.departement'] ?? ''),
        },
        dossier: dossierFromValues(values.dossier),
        facilityIds: values.facilityIds,
        ...(values.secondWaveFacilityIds.length > 0 || afterDays !== undefined
          ? {
              secondWave: {
                facilityIds: values.secondWaveFacilityIds,
                ...(afterDays !== undefined ? { afterDays } : {}),
              },
            }
          : {}),
        send: values.send,
        confirmNotDuplicate: values.confirmNotDuplicate,
      });
      const twice = values.secondWaveFacilityIds.filter((id) => values.facilityIds.includes(id));
      if (!parsed.success || twice.length > 0) {
        const errors = parsed.success ? {} : missingPatientFields(fieldErrors(parsed.error), values);
        if (twice.length > 0) {
          errors['secondWave.facilityIds'] ??=
            'Un établissement de la première vague ne peut pas être aussi dans la deuxième : décochez-le ici.';
        }
        return renderForm(c, kind, search, values, errors);
      }
      try {
        const caseId = await createReferral(deps, actor, parsed.data);
        return c.redirect(`/demandes/${caseId}?fait=${values.send ? 'envoyee' : 'brouillon'}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const missing = missingPartsOf(error);
        return renderForm(
          c,
          kind,
          search,
          values,
          missing.length > 0 ? missingFieldErrors(values.dossier, missing) : {},
          error,
        );
      }
    }),
  );

  return web;
}

function missingPatientFields(errors: FieldErrors, values: NewReferralValues): FieldErrors {
  const result = reportMissing(errors, [
    ['patient.lastName', values.lastName, 'Indiquez le nom de la personne.'],
    ['patient.firstName', values.firstName, 'Indiquez le prénom de la personne.'],
    ['patient.birthDate', values.birthDate, 'Indiquez la date de naissance.'],
    ['patient.sex', values.sex, 'Indiquez le sexe de la personne.'],
  ]);
  // The département is typed once, in the address: its error shows there.
  const departement = 'dossier.administrative.address.departement';
  if (result['patient.departement']) result[departement] ??= result['patient.departement'];
  return result;
}
