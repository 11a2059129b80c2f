import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AppEnv } from '../../api/env.ts';
import { resolveTypedCommune } from '../../api/facilities/communes.ts';
import { searchFacilities } from '../../api/facilities/search.ts';
import { createReferral, runCommand } from '../../api/referrals/commands.ts';
import { loadDossier, loadReferralDetail } from '../../api/referrals/read-model.ts';
import {
  addToBasket,
  basketFacilities,
  dropRequestDraft,
  readRequestDraft,
  removeFromBasket,
  saveRequestStep,
} from '../../api/referrals/request-drafts.ts';
import { createReferralBody, referralParams } from '../../api/referrals/schemas.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { communeLabel } from '../../domain/directory/commune-lookup.ts';
import { type FacilityKind, facilityKindValues, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type Gir, girMeanings } from '../../domain/referral/aggir.ts';
import { referralCommands } from '../../domain/referral/commands.ts';
import { computeDossierGir, draftDossierSchema } from '../../domain/referral/dossier.ts';
import { canCreateReferral, isRequester } from '../../domain/referral/policies.ts';
import {
  isRequestStep,
  nextRequestStep,
  previousRequestStep,
  type RequestStep,
  requestSteps,
} from '../../domain/referral/request-steps.ts';
import { familyRequestPath } from '../../services/family/requests.ts';
import {
  aggirDiscriminantPaths,
  aggirIllustrativePaths,
  type DossierValues,
  dossierField,
  dossierFromValues,
  dossierPaths,
  sameDossierContent,
  valuesFromDossier,
} from '../components/dossier-form.ts';
import {
  type FieldErrors,
  fieldErrors,
  optional,
  readForm,
  reportMissing,
  type SubmittedForm,
} from '../components/form-data.ts';
import { requestStepHref } from '../components/request-stepper.tsx';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import {
  type BasketFacility,
  type DossierStep,
  DossierStepPage,
  emptyPerson,
  type FacilityResults,
  FacilityStepPage,
  type FamilyFacilityChoice,
  KindStepPage,
  PersonStepPage,
  type PersonValues,
  ReviewStepPage,
} from '../pages/request-steps.tsx';
import { directoryQuery } from './directory.tsx';
import { withActor } from './require-actor.ts';

/** The API's draft body, before any facility is chosen (they are the basket's, at their own step). */
const draftWithoutFacilities = createReferralBody.extend({ facilityIds: z.array(z.uuid()).max(0) });

/** Results per page of the facility step. */
export const facilityPageSize = 20;

const birthNamePath = 'administrative.identity.birthName';
const departementPath = 'administrative.address.departement';

function asKind(value: string | undefined): FacilityKind | undefined {
  return facilityKindValues.find((kind) => kind === value);
}

/**
 * The dossier fields typed at each step, from the one list of the dossier form: the birth name with
 * the person, the administrative part, the AGGIR grid (autonomy), and the rest (medical, clinical).
 */
export function stepPaths(kind: FacilityKind, step: RequestStep): string[] {
  const all = dossierPaths(pathwayOf(kind));
  const autonomy = new Set([...aggirDiscriminantPaths, ...aggirIllustrativePaths]);
  switch (step) {
    case 'personne':
      return [birthNamePath];
    case 'administratif':
      return all.filter((path) => path.startsWith('administrative.') && path !== birthNamePath);
    case 'autonomie':
      return all.filter((path) => autonomy.has(path));
    case 'medical':
      return all.filter((path) => !path.startsWith('administrative.') && !autonomy.has(path));
    default:
      return [];
  }
}

/** The GIR of a grid as typed (undefined until every discriminant variable is coded), and how much is coded. */
export function girOfValues(values: DossierValues) {
  const parsed = draftDossierSchema.safeParse(dossierFromValues(values));
  const coded = aggirDiscriminantPaths.filter((path) => ['A', 'B', 'C'].includes(values[path] ?? '')).length;
  return {
    value: parsed.success ? computeDossierGir(parsed.data)?.gir : undefined,
    coded,
    total: aggirDiscriminantPaths.length,
  };
}

/** What the live GIR script is answered: the GIR of the grid as posted, its meaning, how much is coded. */
export function liveGirAnswer(form: SubmittedForm, kind: FacilityKind) {
  const values: DossierValues = {};
  for (const path of stepPaths(kind, 'autonomie')) values[path] = form.text(dossierField(path));
  const gir = girOfValues(values);
  const meaning = gir.value ? girMeanings[gir.value as Gir] : null;
  return { gir: gir.value ?? null, meaning, coded: gir.coded, total: gir.total };
}

function caseIdOf(c: Context<AppEnv>): string {
  const parsed = referralParams.safeParse({ id: c.req.param('id') });
  if (!parsed.success) throw new AppError('referral.not_found');
  return parsed.data.id;
}

function status(errors: FieldErrors, error?: AppError): ContentfulStatusCode {
  if (error) return error.status as ContentfulStatusCode;
  return Object.keys(errors).length > 0 ? 422 : 200;
}

/** The search of the facility step, as the address carries it (the directory's names), page aside. */
const searchNames = ['commune', 'commune-insee', 'rayon', 'tri', 'q', 'accueil', 'places', 'prix', 'capacite'];
function searchParamsOf(read: (name: string) => string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of searchNames) {
    for (const value of read(name)) if (value.trim() !== '') params.append(name, value.trim().slice(0, 100));
  }
  return params;
}

/**
 * The facility step's search, basket and sending, shared by the request steps and a family
 * request's facility choice (web/routes/family-requests.tsx): the same searches, the same basket
 * beside the draft, the same commands, by the case's requester only.
 */
export function facilityChoice(deps: WebDependencies) {
  /** The draft of this requester, or a refusal; a case already sent goes to its own page. */
  async function draftOf(c: Context<AppEnv>, actor: Actor) {
    const caseId = caseIdOf(c);
    const referral = await loadReferralDetail(deps.db, actor, caseId);
    if (!isRequester(actor, { requesterId: referral.requester.id })) throw new AppError('auth.forbidden');
    const draft = await readRequestDraft(deps.db, caseId);
    // The facilities the case already has (added through the API or the case page) are in the basket too.
    const plannedTasks = referral.tasks.filter((task) => task.wave === 1 && task.status === 'planned');
    const planned = plannedTasks.map((task) => task.facility.id);
    const basketIds = [...new Set([...planned, ...(draft?.facilityIds ?? [])])];
    return { caseId, referral, draft, basketIds, planned, plannedTasks };
  }

  const basketOf = (ids: string[]): Promise<BasketFacility[]> => basketFacilities(deps.db, ids);

  async function renderFacilities(
    c: Context<AppEnv>,
    actor: Actor,
    loaded: Awaited<ReturnType<typeof draftOf>>,
    previous: RequestStep | undefined,
    error?: AppError,
    family?: FamilyFacilityChoice,
  ) {
    const { referral } = loaded;
    const searchParams = searchParamsOf((name) => c.req.queries(name) ?? []);
    const query = { ...directoryQuery(c), kind: referral.kind };
    let communeText = (c.req.query('commune') ?? '').trim().slice(0, 100);
    let commune = await resolveTypedCommune(deps.db, communeText, c.req.query('commune-insee') ?? '');
    // The first time, the distances start from the person's address in the dossier, when it names one commune.
    if (!c.req.query('commune') && searchParams.size === 0) {
      const dossier = await loadDossier(deps.db, actor, referral.id, c.get('clientIp'));
      const address = valuesFromDossier(dossier.content, referral.kind);
      for (const typed of [address['administrative.address.postcode'], address['administrative.address.commune']]) {
        const found = typed ? await resolveTypedCommune(deps.db, typed.trim().slice(0, 100)) : undefined;
        if (found?.status !== 'resolved') continue;
        commune = found;
        communeText = communeLabel(found.commune);
        searchParams.set('commune', communeText);
        break;
      }
    }
    if (commune.status === 'resolved') query.commune = commune.commune.insee;
    const communeChoice = commune.status === 'ask' ? commune : undefined;
    const communeError = commune.status === 'unknown' ? commune.message : undefined;
    const page = Math.min(Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1), 5000);
    let results: FacilityResults | undefined;
    if (!communeChoice && !communeError) {
      const items = await searchFacilities(deps.db, {
        ...query,
        limit: facilityPageSize,
        offset: (page - 1) * facilityPageSize,
      });
      results = {
        items: [...items],
        total: items.total,
        origin: items.origin,
        radiusKm: items.radiusKm,
        page,
        pageSize: facilityPageSize,
      };
    }
    const shownCommune = results?.origin ? communeLabel(results.origin) : communeText;
    return c.html(
      <FacilityStepPage
        frame={pageFrame(c, deps)}
        referral={referral}
        form={{ commune: shownCommune, query }}
        searchParams={searchParams}
        results={results}
        communeChoice={communeChoice}
        communeError={communeError}
        basket={await basketOf(loaded.basketIds)}
        error={error}
        previous={previous}
        family={family}
      />,
      error ? (error.status as ContentfulStatusCode) : 200,
    );
  }

  /** Adds to or removes from the basket (a facility the case already has is withdrawn), then back to the same search. */
  async function changeBasket(
    c: Context<AppEnv>,
    actor: Actor,
    loaded: Awaited<ReturnType<typeof draftOf>>,
    form: SubmittedForm,
    previous: RequestStep | undefined,
    base: string,
    family?: FamilyFacilityChoice,
  ) {
    const { caseId } = loaded;
    const back = new URLSearchParams(form.text('recherche').slice(0, 2000));
    const search = searchParamsOf((name) => back.getAll(name));
    const page = Number.parseInt(back.get('page') ?? '', 10);
    if (page > 1) search.set('page', String(page));
    // The basket row exists from the first change on, starting from the facilities the case has.
    if (!loaded.draft) await saveRequestStep(deps.db, caseId, 'etablissements');
    const added = form.text('ajouter');
    const removed = form.text('retirer');
    const target = added || removed;
    if (target && !/^[0-9a-f-]{36}$/i.test(target)) throw new AppError('facility.unknown');
    try {
      if (added) await addToBasket(deps.db, caseId, added);
      else if (removed) {
        // A facility the case already has is withdrawn from it (nothing was sent to it yet).
        const task = loaded.plannedTasks.find((candidate) => candidate.facility.id === removed);
        if (task) await runCommand(deps, actor, caseId, { type: 'withdraw', taskId: task.id });
        await removeFromBasket(deps.db, caseId, removed);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return renderFacilities(
        c,
        actor,
        { ...loaded, draft: await readRequestDraft(deps.db, caseId) },
        previous,
        error,
        family,
      );
    }
    const query = search.toString();
    const anchor = added ? `#etablissement-${added}` : '#panier';
    return c.redirect(`${base}${query ? `?${query}` : ''}${anchor}`, 303);
  }

  /** Sends the draft: the basket's facilities the case has not yet are added, then the case's own send command. */
  async function sendDraft(
    c: Context<AppEnv>,
    actor: Actor,
    loaded: Awaited<ReturnType<typeof draftOf>>,
    previous: RequestStep | undefined,
    /** A family request's page: a refusal is said on its facility choice, and the request's page follows. */
    family?: FamilyFacilityChoice & { sentHref: string },
  ) {
    const { caseId, referral, basketIds, planned } = loaded;
    const renderReview = async (error: AppError) => {
      if (family) return renderFacilities(c, actor, loaded, previous, error, family);
      const fresh = await loadReferralDetail(deps.db, actor, caseId);
      return c.html(
        <ReviewStepPage
          frame={pageFrame(c, deps)}
          referral={fresh}
          basket={await basketOf(basketIds)}
          error={error}
          previous={previous}
        />,
        error.status as ContentfulStatusCode,
      );
    };
    // Nothing is changed on the case while the dossier is incomplete or the basket empty.
    if (referral.dossier.missingParts.length > 0) {
      return renderReview(
        new AppError('referral.dossier_incomplete', undefined, { missingParts: referral.dossier.missingParts }),
      );
    }
    if (basketIds.length === 0) return renderReview(new AppError('referral.no_facility'));
    try {
      const toAdd = basketIds.filter((id) => !planned.includes(id));
      if (toAdd.length > 0) {
        await runCommand(deps, actor, caseId, { type: 'addFacilities', facilityIds: toAdd, wave: 1 });
      }
      await runCommand(deps, actor, caseId, { type: 'send' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return renderReview(error);
    }
    await dropRequestDraft(deps.db, caseId);
    return c.redirect(family?.sentHref ?? `/demandes/${caseId}?fait=envoyee`, 303);
  }

  return { draftOf, basketOf, renderFacilities, changeBasket, sendDraft };
}

/**
 * A new request, step by step: the kind, the person (the draft case is created then, by the same
 * command as the API's draft), the dossier part by part (each saved as a new version, the way the
 * dossier page saves it), the facilities (a basket kept beside the draft across searches), the review
 * that sends. Every step works without JavaScript; « Mes demandes » reopens the step left.
 */
export function requestStepRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  const { draftOf, basketOf, renderFacilities, changeBasket, sendDraft } = facilityChoice(deps);

  const sent = (c: Context<AppEnv>, referral: ReferralDetail) =>
    referral.status === 'draft' ? undefined : c.redirect(`/demandes/${referral.id}`, 303);
  /** A family's request has one step here, its administrative part: the rest is the physician's or her page's. */
  const familyOnly = (c: Context<AppEnv>, referral: ReferralDetail, step: string) =>
    referral.origin === 'family' && step !== 'administratif'
      ? c.redirect(familyRequestPath(referral.id), 303)
      : undefined;

  // ── Kind and person, before the draft exists ──

  web.get('/demandes/nouvelle', (c) =>
    withActor(c, (actor) => {
      if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
      const requested = c.req.query('type');
      const kind = asKind(requested);
      const error = requested && !kind ? 'Type de prise en charge inconnu.' : undefined;
      return c.html(<KindStepPage frame={pageFrame(c, deps)} kind={kind} error={error} />, error ? 422 : 200);
    }),
  );

  web.get('/demandes/nouvelle/personne', (c) =>
    withActor(c, (actor) => {
      if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
      const kind = asKind(c.req.query('type'));
      if (!kind) {
        return c.html(<KindStepPage frame={pageFrame(c, deps)} error="Choisissez le type de prise en charge." />, 422);
      }
      return c.html(<PersonStepPage frame={pageFrame(c, deps)} kind={kind} values={emptyPerson} errors={{}} />);
    }),
  );

  web.post('/demandes/nouvelle/personne', (c) =>
    withActor(c, async (actor) => {
      if (!canCreateReferral(actor)) throw new AppError('auth.forbidden');
      const form = await readForm(c);
      const kind = asKind(form.text('kind'));
      if (!kind) {
        return c.html(<KindStepPage frame={pageFrame(c, deps)} error="Choisissez le type de prise en charge." />, 422);
      }
      const values: PersonValues = {
        lastName: form.text('lastName'),
        firstName: form.text('firstName'),
        birthDate: form.text('birthDate'),
        sex: form.text('sex'),
        dossier: {
          [birthNamePath]: form.text(dossierField(birthNamePath)),
          [departementPath]: form.text(dossierField(departementPath)).trim().toUpperCase(),
        },
      };
      const render = (errors: FieldErrors, error?: AppError) =>
        c.html(
          <PersonStepPage frame={pageFrame(c, deps)} kind={kind} values={values} errors={errors} error={error} />,
          status(errors, error),
        );
      // The same body as the API's draft, without facilities yet: they are chosen at their own step.
      const parsed = draftWithoutFacilities.safeParse({
        kind,
        patient: {
          lastName: values.lastName,
          firstName: values.firstName,
          birthDate: values.birthDate,
          sex: optional(values.sex),
          departement: optional(values.dossier[departementPath] ?? ''),
        },
        dossier: dossierFromValues(values.dossier),
        facilityIds: [],
        send: false,
        confirmNotDuplicate: form.text('action') === 'continuer-confirme',
      });
      if (!parsed.success) return render(personErrors(fieldErrors(parsed.error), values));
      try {
        const { caseId } = await createReferral(deps, actor, parsed.data);
        await saveRequestStep(deps.db, caseId, nextRequestStep(kind, 'personne'));
        return c.redirect(requestStepHref(nextRequestStep(kind, 'personne'), caseId), 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return render({}, error);
      }
    }),
  );

  // ── The draft's steps ──

  web.get('/demandes/:id/brouillon', (c) =>
    withActor(c, async (actor) => {
      const { referral, draft } = await draftOf(c, actor);
      return sent(c, referral) ?? c.redirect(requestStepHref(draft?.step ?? 'administratif', referral.id), 303);
    }),
  );

  /** The live GIR of the autonomy step's script: the grid as posted (never in an address), the GIR of aggir.ts. */
  web.post('/demandes/:id/brouillon/gir', (c) =>
    withActor(c, async (actor) => {
      const { referral } = await draftOf(c, actor);
      return c.json(liveGirAnswer(await readForm(c), referral.kind));
    }),
  );

  web.get('/demandes/:id/brouillon/:step', (c) =>
    withActor(c, async (actor) => {
      const step = c.req.param('step');
      if (!isRequestStep(step)) throw new AppError('referral.not_found');
      const loaded = await draftOf(c, actor);
      const { referral } = loaded;
      const redirect = sent(c, referral) ?? familyOnly(c, referral, step);
      if (redirect) return redirect;
      if (!requestSteps(referral.kind).includes(step)) return c.redirect(requestStepHref('medical', referral.id), 303);
      const frame = pageFrame(c, deps);
      const previous = previousRequestStep(referral.kind, step);
      switch (step) {
        case 'type':
          return c.html(<KindStepPage frame={frame} kind={referral.kind} referral={referral} />);
        case 'personne':
        case 'administratif':
        case 'autonomie':
        case 'medical': {
          const dossier = await loadDossier(deps.db, actor, referral.id, c.get('clientIp'));
          const values = valuesFromDossier(dossier.content, referral.kind);
          if (step === 'personne') {
            return c.html(
              <PersonStepPage
                frame={frame}
                kind={referral.kind}
                referral={referral}
                values={{ ...emptyPerson, dossier: values }}
                errors={{}}
              />,
            );
          }
          return c.html(
            <DossierStepPage
              frame={frame}
              referral={referral}
              step={step}
              values={values}
              errors={{}}
              previous={previous}
              notice={c.req.query('fait') === 'gir' ? 'Le volet autonomie est enregistré.' : undefined}
              {...(step === 'autonomie' ? { gir: girOfValues(values) } : {})}
            />,
          );
        }
        case 'etablissements':
          return renderFacilities(c, actor, loaded, previous);
        case 'recapitulatif':
          return c.html(
            <ReviewStepPage
              frame={frame}
              referral={referral}
              basket={await basketOf(loaded.basketIds)}
              previous={previous}
            />,
          );
      }
    }),
  );

  web.post('/demandes/:id/brouillon/:step', (c) =>
    withActor(c, async (actor) => {
      const step = c.req.param('step');
      if (!isRequestStep(step) || step === 'type') throw new AppError('referral.not_found');
      const loaded = await draftOf(c, actor);
      const { referral, caseId } = loaded;
      const redirect = sent(c, referral) ?? familyOnly(c, referral, step);
      if (redirect) return redirect;
      const form = await readForm(c);
      const kind = referral.kind;
      const previous = previousRequestStep(kind, step);

      if (step === 'etablissements') {
        return changeBasket(c, actor, loaded, form, previous, `/demandes/${caseId}/brouillon/etablissements`);
      }

      if (step === 'recapitulatif') return sendDraft(c, actor, loaded, previous);

      // The person's step (birth name) and the three parts of the dossier: the stored dossier with this
      // step's fields replaced, saved as a new version by the dossier's own command.
      const current = await loadDossier(deps.db, actor, caseId, c.get('clientIp'));
      const values = valuesFromDossier(current.content, kind);
      for (const path of stepPaths(kind, step)) values[path] = form.text(dossierField(path));
      const parsed = referralCommands.updateDossier.payload.safeParse({ dossier: dossierFromValues(values) });
      const renderStep = (errors: FieldErrors, error?: AppError) =>
        step === 'personne'
          ? c.html(
              <PersonStepPage
                frame={pageFrame(c, deps)}
                kind={kind}
                referral={referral}
                values={{ ...emptyPerson, dossier: values }}
                errors={errors}
                error={error}
              />,
              status(errors, error),
            )
          : c.html(
              <DossierStepPage
                frame={pageFrame(c, deps)}
                referral={referral}
                step={step as DossierStep}
                values={values}
                errors={errors}
                error={error}
                previous={previous}
                {...(step === 'autonomie' ? { gir: girOfValues(values) } : {})}
              />,
              status(errors, error),
            );
      if (!parsed.success) return renderStep(fieldErrors(parsed.error));
      const changed = current.version === 0 || !sameDossierContent(parsed.data.dossier, current.content);
      try {
        if (changed) await runCommand(deps, actor, caseId, { type: 'updateDossier', dossier: parsed.data.dossier });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return renderStep({}, error);
      }
      // A family's administrative part is saved from her request's page, and goes back to it.
      if (referral.origin === 'family') return c.redirect(`${familyRequestPath(caseId)}?fait=dossier`, 303);
      const stay = step === 'autonomie' && form.text('action') === 'calculer';
      const next = stay ? step : nextRequestStep(kind, step);
      await saveRequestStep(deps.db, caseId, next);
      return c.redirect(`${requestStepHref(next, caseId)}${stay ? '?fait=gir#gir-calcule' : ''}`, 303);
    }),
  );

  return web;
}

function personErrors(errors: FieldErrors, values: PersonValues): FieldErrors {
  const result = reportMissing(errors, [
    ['patient.lastName', values.lastName, 'Indiquez le nom de la personne.'],
    ['patient.firstName', values.firstName, 'Indiquez le prénom de la personne.'],
    ['patient.birthDate', values.birthDate, 'Indiquez la date de naissance.'],
    ['patient.sex', values.sex, 'Indiquez le sexe de la personne.'],
  ]);
  const departement = dossierField(departementPath);
  if (result['patient.departement']) result[departement] ??= result['patient.departement'];
  return result;
}
