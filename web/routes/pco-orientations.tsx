import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { resolveTypedCommune } from '../../api/facilities/communes.ts';
import { createOrientationBody } from '../../api/pco/schemas.ts';
import { createOrientation, requesterOrientations } from '../../api/pco/service.ts';
import { communeLabel } from '../../domain/directory/commune-lookup.ts';
import { AppError } from '../../domain/errors.ts';
import { ageInMonths, pcoEligibility } from '../../domain/pco/eligibility.ts';
import { frenchAge } from '../../domain/pco/labels.ts';
import { canOrientToPco } from '../../domain/pco/policies.ts';
import {
  bracketFor,
  currentScreeningGrid,
  evaluateScreening,
  type ScreeningEvaluation,
} from '../../domain/pco/screening.ts';
import { calendarDate } from '../../domain/vocabulary.ts';
import { todayInParis } from '../components/dates.ts';
import { type FieldErrors, fieldErrors, optional, readForm, reportMissing } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { PcoListPage } from '../pages/pco-list.tsx';
import {
  type ChildAge,
  emptyNewOrientation,
  NewOrientationPage,
  type NewOrientationValues,
} from '../pages/pco-new.tsx';
import { withActor } from './require-actor.ts';

/** The child's age today from the first step's birth date, or why it cannot be oriented. */
function childAge(birthDate: string, today: string): { child?: ChildAge; errors: FieldErrors; error?: AppError } {
  if (birthDate === '') return { errors: {} };
  const date = calendarDate.safeParse(birthDate);
  if (!date.success) return { errors: { naissance: date.error.issues[0]?.message ?? 'Date invalide.' } };
  const eligibility = pcoEligibility({ birthDate, referralDate: today });
  if (!eligibility.eligible) {
    if (eligibility.code === 'pco.not_born')
      return { errors: { naissance: 'La date de naissance ne peut pas être dans le futur.' } };
    return { errors: {}, error: new AppError(eligibility.code) };
  }
  const bracket = eligibility.ageRange === '0-6' ? bracketFor(currentScreeningGrid, eligibility.ageMonths) : undefined;
  return {
    child: { birthDate, ageLabel: frenchAge(eligibility.ageMonths), ageRange: eligibility.ageRange, bracket },
    errors: {},
  };
}

/** The field a refusal is about, when it is one box of the form. */
const boxOf: Partial<Record<AppError['code'], string>> = {
  'pco.confirmation_required': 'unusualDevelopmentConfirmed',
  'pco.consent_required': 'family.consent',
};

function yesNo(value: string): boolean | undefined {
  return value === 'oui' ? true : value === 'non' ? false : undefined;
}

/** The physician's side: the list of their orientations and the form that creates one. */
export function pcoOrientationRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  function render(
    c: Context<AppEnv>,
    page: {
      birthDateInput: string;
      child: ChildAge | undefined;
      evaluation?: ScreeningEvaluation | undefined;
      values?: NewOrientationValues;
      errors?: FieldErrors;
      error?: AppError | undefined;
    },
  ) {
    const errors = page.errors ?? {};
    const status = page.error ? page.error.status : Object.keys(errors).length > 0 ? 422 : 200;
    return c.html(
      <NewOrientationPage
        frame={pageFrame(c, deps)}
        grid={currentScreeningGrid}
        birthDateInput={page.birthDateInput}
        child={page.child}
        evaluation={page.evaluation}
        values={page.values ?? emptyNewOrientation}
        errors={errors}
        error={page.error}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/pco', (c) =>
    withActor(c, async (actor) =>
      c.html(
        <PcoListPage
          frame={pageFrame(c, deps)}
          orientations={await requesterOrientations(deps.db, actor, todayInParis())}
          canCreate={canOrientToPco(actor)}
        />,
      ),
    ),
  );

  web.get('/pco/nouvelle', (c) =>
    withActor(c, (actor) => {
      if (!canOrientToPco(actor)) throw new AppError('auth.forbidden');
      const birthDateInput = c.req.query('naissance')?.trim() ?? '';
      const { child, errors, error } = childAge(birthDateInput, todayInParis());
      return render(c, { birthDateInput, child, errors, error });
    }),
  );

  web.post('/pco/nouvelle', (c) =>
    withActor(c, async (actor) => {
      if (!canOrientToPco(actor)) throw new AppError('auth.forbidden');
      const form = await readForm(c);
      const today = todayInParis();
      const birthDate = form.text('birthDate');
      const age = childAge(birthDate, today);
      if (!age.child) return render(c, { birthDateInput: birthDate, child: undefined, ...age });
      const child = age.child;
      const values: NewOrientationValues = {
        lastName: form.text('lastName'),
        firstName: form.text('firstName'),
        sex: form.text('sex'),
        commune: form.text('commune').trim().slice(0, 100),
        departement: '',
        checkedItems: child.bracket ? form.texts('signes') : [],
        generalSigns: child.bracket ? form.texts('signesGeneraux') : [],
        unusualDevelopmentConfirmed: form.text('unusualDevelopmentConfirmed') === 'oui',
        hasMdphRights: form.text('hasMdphRights'),
        hasEsmsSupport: form.text('hasEsmsSupport'),
        contactName: form.text('contactName'),
        relationship: form.text('relationship'),
        phone: form.text('phone'),
        email: form.text('email'),
        consent: form.text('consent') === 'oui',
      };
      // The commune of residence, by postcode or name, designates the département and so the platform.
      const commune = values.commune
        ? await resolveTypedCommune(deps.db, values.commune, form.text('commune-insee'))
        : undefined;
      const communeErrors: FieldErrors = {};
      if (commune?.status === 'resolved') {
        values.commune = communeLabel(commune.commune);
        values.departement = commune.commune.departement;
      } else if (commune?.status === 'ask') {
        values.communeChoice = {
          question: commune.question,
          candidates: commune.candidates.map((candidate) => ({
            insee: candidate.insee,
            label: communeLabel(candidate),
            departement: candidate.departement,
          })),
        };
        communeErrors['child.commune'] = commune.question;
      } else if (commune?.status === 'unknown') {
        communeErrors['child.commune'] = commune.message;
      }
      const screening = { checkedItems: values.checkedItems, generalSigns: values.generalSigns };
      // The suggestion shown is always the one of the signs ticked now.
      const evaluated = child.bracket
        ? evaluateScreening(currentScreeningGrid, ageInMonths(birthDate, today), screening)
        : undefined;
      const evaluation = evaluated?.ok ? evaluated.evaluation : undefined;
      const page = { birthDateInput: birthDate, child, evaluation, values };
      if (evaluated && !evaluated.ok) return render(c, { ...page, error: new AppError(evaluated.code) });
      if (form.text('action') !== 'orienter') return render(c, page);
      if (Object.keys(communeErrors).length > 0) return render(c, { ...page, errors: communeErrors });

      const parsed = createOrientationBody.safeParse({
        child: {
          lastName: values.lastName,
          firstName: values.firstName,
          birthDate,
          sex: optional(values.sex),
          departement: values.departement,
        },
        screening,
        unusualDevelopmentConfirmed: values.unusualDevelopmentConfirmed,
        hasMdphRights: yesNo(values.hasMdphRights),
        hasEsmsSupport: yesNo(values.hasEsmsSupport),
        family: {
          contactName: values.contactName,
          relationship: values.relationship,
          phone: optional(values.phone),
          email: optional(values.email),
          consent: values.consent,
        },
      });
      if (!parsed.success) {
        const parseErrors = fieldErrors(parsed.error);
        // The département comes from the commune: its field is the one to correct.
        if (parseErrors['child.departement'] && values.commune)
          parseErrors['child.commune'] ??= parseErrors['child.departement'];
        delete parseErrors['child.departement'];
        const errors = reportMissing(parseErrors, [
          ['child.lastName', values.lastName, 'Indiquez le nom de l’enfant.'],
          ['child.firstName', values.firstName, 'Indiquez le prénom de l’enfant.'],
          ['child.sex', values.sex, 'Indiquez le sexe de l’enfant.'],
          ['child.commune', values.commune, 'Indiquez la commune de résidence de l’enfant (code postal ou nom).'],
          ['family.contactName', values.contactName, 'Indiquez le nom du parent ou représentant légal.'],
          ['family.relationship', values.relationship, 'Indiquez le lien avec l’enfant.'],
        ]);
        return render(c, { ...page, errors });
      }
      try {
        const id = await createOrientation(deps, actor, parsed.data, today);
        return c.redirect(`/pco/${id}?fait=orientee`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The two refusals about a box left unticked also mark that box.
        const box = boxOf[error.code];
        return render(c, { ...page, error, errors: box ? { [box]: error.message } : {} });
      }
    }),
  );

  return web;
}
