import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { searchFacilities } from '../../api/facilities/routes.ts';
import { createReferral } from '../../api/referrals/commands.ts';
import { listRequesterReferrals } from '../../api/referrals/read-model.ts';
import { createReferralBody } from '../../api/referrals/schemas.ts';
import { AppError } from '../../domain/errors.ts';
import { type FacilityKind, facilityKindValues } from '../../domain/facility-kinds.ts';
import { canCreateReferral } from '../../domain/policies.ts';
import { type FieldErrors, fieldErrors, optional, readForm, reportMissing } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { ReferralListPage } from '../pages/referral-list.tsx';
import { emptyNewReferral, NewReferralPage, type NewReferralValues } from '../pages/referral-new.tsx';
import { withActor } from './require-actor.ts';

function asKind(value: string | undefined): FacilityKind | undefined {
  return facilityKindValues.find((kind) => kind === value);
}

/** The requester's side: the list of their cases and the form that sends a new one. */
export function referralRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function renderForm(
    c: Context<AppEnv>,
    kind: FacilityKind | undefined,
    values: NewReferralValues,
    errors: FieldErrors,
    error?: AppError,
  ) {
    const facilities = kind ? await searchFacilities(deps.db, { kind }) : [];
    const page = (
      <NewReferralPage
        frame={pageFrame(c, deps)}
        kind={kind}
        facilities={facilities}
        values={values}
        errors={errors}
        error={error}
      />
    );
    if (error) return c.html(page, error.status as ContentfulStatusCode);
    return c.html(page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  web.get('/demandes', (c) =>
    withActor(c, deps, async (actor) =>
      c.html(
        <ReferralListPage
          frame={pageFrame(c, deps)}
          referrals={await listRequesterReferrals(deps.db, actor)}
          canCreate={canCreateReferral(actor)}
        />,
      ),
    ),
  );

  web.get('/demandes/nouvelle', (c) =>
    withActor(c, deps, (actor) => {
      if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
      const requested = c.req.query('type');
      const kind = asKind(requested);
      const errors: FieldErrors = requested && !kind ? { kind: 'Type de prise en charge inconnu.' } : {};
      return renderForm(c, kind, emptyNewReferral, errors);
    }),
  );

  web.post('/demandes/nouvelle', (c) =>
    withActor(c, deps, async (actor) => {
      const form = await readForm(c);
      const values: NewReferralValues = {
        lastName: form.text('lastName'),
        firstName: form.text('firstName'),
        birthDate: form.text('birthDate'),
        sex: form.text('sex'),
        departement: form.text('departement'),
        facilityIds: form.texts('facilityIds'),
      };
      const kind = asKind(form.text('kind'));
      const parsed = createReferralBody.safeParse({
        kind: form.text('kind'),
        patient: {
          lastName: values.lastName,
          firstName: values.firstName,
          birthDate: values.birthDate,
          sex: optional(values.sex),
          departement: optional(values.departement),
        },
        facilityIds: values.facilityIds,
      });
      if (!parsed.success) return renderForm(c, kind, values, missingPatientFields(fieldErrors(parsed.error), values));
      try {
        const caseId = await createReferral(deps, actor, parsed.data);
        return c.redirect(`/demandes/${caseId}?fait=envoyee`, 303);
      } catch (error) {
        if (error instanceof AppError) return renderForm(c, kind, values, {}, error);
        throw error;
      }
    }),
  );

  return web;
}

function missingPatientFields(errors: FieldErrors, values: NewReferralValues): FieldErrors {
  return reportMissing(errors, [
    ['patient.lastName', values.lastName, 'Indiquez le nom de la personne.'],
    ['patient.firstName', values.firstName, 'Indiquez le prénom de la personne.'],
    ['patient.birthDate', values.birthDate, 'Indiquez la date de naissance.'],
    ['patient.sex', values.sex, 'Indiquez le sexe de la personne.'],
  ]);
}
