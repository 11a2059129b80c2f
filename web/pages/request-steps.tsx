import type { Child } from 'hono/jsx';
import type { CommuneView } from '../../api/facilities/communes.ts';
import type { DirectoryItem, FacilityQuery } from '../../api/facilities/search.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import {
  accommodationTypes,
  accommodationTypeValues,
  facilityCapabilities,
  facilityCapabilityValues,
} from '../../domain/directory/facility-offer.ts';
import type { AppError } from '../../domain/errors.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import { girMeanings } from '../../domain/referral/aggir.ts';
import type { MissingDossierPart } from '../../domain/referral/dossier.ts';
import { sexLabels, sexValues } from '../../domain/referral/patient.ts';
import { basketLimit, type RequestStep, requestStepLabels } from '../../domain/referral/request-steps.ts';
import { referralStatuses } from '../../domain/referral/state.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { formatCalendarDate, formatDateTime, todayInParis } from '../components/dates.ts';
import {
  AdministrativeFields,
  AggirFields,
  BirthNameField,
  ClinicalFields,
  MedicalFields,
} from '../components/dossier-fields.tsx';
import { type DossierValues, dossierField, dossierFieldId, partAnchor } from '../components/dossier-form.ts';
import { ChoiceFieldset, InputField, PersonNameFields, SelectField } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { MonthlyCostLine } from '../components/monthly-cost.tsx';
import { Pagination } from '../components/pagination.tsx';
import { RequestStepper, requestStepHref } from '../components/request-stepper.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const title = (step: RequestStep, failed: boolean) =>
  `${failed ? 'Erreur : ' : ''}Nouvelle demande — ${requestStepLabels[step]}`;

function patientName(referral: ReferralDetail): string {
  return `${referral.patient.lastName.toUpperCase()} ${referral.patient.firstName}`;
}

/** « née » or « né », as the person's sex is recorded. */
function bornWord(referral: ReferralDetail): string {
  return referral.patient.sex === 'female' ? 'née' : 'né';
}

/** Who and what the draft is about, above every step once it exists. */
function DraftHeading(props: { referral: ReferralDetail }) {
  const { referral } = props;
  return (
    <p class="fr-mb-2w">
      {caseReference(referral.id)} · <strong>{patientName(referral)}</strong>, {bornWord(referral)} le{' '}
      {formatCalendarDate(referral.patient.birthDate)} · {referral.kindLabel} · brouillon enregistré à chaque étape
    </p>
  );
}

function Buttons(props: { back?: string | undefined; children: Child }) {
  return (
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-4w">
      {props.children}
      {props.back ? (
        <li>
          <a class="fr-btn fr-btn--tertiary fr-icon-arrow-left-line" href={props.back}>
            Étape précédente
          </a>
        </li>
      ) : null}
      <li>
        <a class="fr-btn fr-btn--tertiary-no-outline" href="/demandes">
          Reprendre plus tard (« Mes demandes »)
        </a>
      </li>
    </ul>
  );
}

// ── Step 1: the kind of care ─────────────────────────────────────────────────────────────────────

export function KindStepPage(props: {
  frame: PageFrame;
  kind?: FacilityKind | undefined;
  referral?: ReferralDetail | undefined;
  error?: string | undefined;
}) {
  const { referral } = props;
  return (
    <Layout title={title('type', Boolean(props.error))} frame={props.frame}>
      <h1>Nouvelle demande d’admission</h1>
      {referral ? <DraftHeading referral={referral} /> : null}
      <RequestStepper kind={props.kind} step="type" caseId={referral?.id} />
      {referral ? (
        <>
          <p>
            Cette demande est une demande « {referral.kindLabel} ». Le type ne se change plus une fois la personne
            enregistrée : pour un autre type de prise en charge, créez une nouvelle demande.
          </p>
          <Buttons>
            <li>
              <a class="fr-btn fr-icon-arrow-right-line" href={requestStepHref('personne', referral.id)}>
                Étape suivante
              </a>
            </li>
          </Buttons>
        </>
      ) : (
        <form method="get" action="/demandes/nouvelle/personne" novalidate>
          <ChoiceFieldset
            id="type"
            name="type"
            type="radio"
            legend="Type de prise en charge demandé"
            hint="La liste des établissements et le contenu du dossier en dépendent."
            options={facilityKindValues.map((kind) => ({
              value: kind,
              label: facilityKinds[kind].label,
              hint: facilityKinds[kind].pathway === 'grand_age' ? 'Grand âge : grille AGGIR' : 'Suites de soins',
            }))}
            checked={props.kind ? [props.kind] : []}
            error={props.error}
          />
          <Buttons>
            <li>
              <button type="submit" class="fr-btn fr-icon-arrow-right-line">
                Continuer
              </button>
            </li>
          </Buttons>
        </form>
      )}
    </Layout>
  );
}

// ── Step 2: the person ───────────────────────────────────────────────────────────────────────────

export interface PersonValues {
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: string;
  dossier: DossierValues;
}

export const emptyPerson: PersonValues = { lastName: '', firstName: '', birthDate: '', sex: '', dossier: {} };

interface PossibleDuplicate {
  id: string;
  kind: string;
  status: string;
  createdAt: string;
}

function duplicatesOf(error: AppError | undefined): PossibleDuplicate[] {
  if (error?.code !== 'referral.possible_duplicate') return [];
  const found = (error.details as { referrals?: unknown } | undefined)?.referrals;
  if (!Array.isArray(found)) return [];
  return found
    .filter((row) => typeof row?.id === 'string')
    .map((row) => ({
      id: row.id,
      kind: String(row.kind ?? ''),
      status: String(row.status ?? ''),
      createdAt: row.createdAt instanceof Date ? row.createdAt.toISOString() : String(row.createdAt ?? ''),
    }));
}

/** What a case open for the same person is: its kind, its status, the day it was created. */
export function duplicateLine(duplicate: { kind: string; status: string; createdAt: string }): string {
  const kind = facilityKinds[duplicate.kind as FacilityKind]?.label ?? duplicate.kind;
  const status = referralStatuses[duplicate.status as keyof typeof referralStatuses] ?? duplicate.status;
  const created = Number.isNaN(Date.parse(duplicate.createdAt))
    ? ''
    : `, créée le ${formatDateTime(duplicate.createdAt)}`;
  return `${kind}, ${status.toLowerCase()}${created}`;
}

/** Cases already open for the same person: open one of them, or say this is another request. */
function DuplicateAlert(props: { error: AppError; duplicates: PossibleDuplicate[] }) {
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">Une demande est déjà en cours pour cette personne</h2>
      <p>{props.error.message}</p>
      <ul>
        {props.duplicates.map((duplicate) => {
          return (
            <li>
              {caseReference(duplicate.id)} — {duplicateLine(duplicate)} —{' '}
              <a href={`/demandes/${duplicate.id}`}>
                Ouvrir cette demande<span class="fr-sr-only"> : {caseReference(duplicate.id)}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <button type="submit" form="etape-personne" name="action" value="continuer-confirme" class="fr-btn fr-mt-1w">
        C’est une autre demande : enregistrer le brouillon
      </button>
    </div>
  );
}

export function PersonStepPage(props: {
  frame: PageFrame;
  kind: FacilityKind;
  values: PersonValues;
  errors: FieldErrors;
  error?: AppError | undefined;
  /** The draft, once created: the identity is the case's and no longer changes. */
  referral?: ReferralDetail | undefined;
}) {
  const { values, errors, referral } = props;
  const duplicates = duplicatesOf(props.error);
  const invalid = Object.keys(errors).length > 0;
  const departement = 'administrative.address.departement';
  return (
    <Layout title={title('personne', invalid || Boolean(props.error))} frame={props.frame}>
      <h1>Nouvelle demande d’admission</h1>
      {referral ? <DraftHeading referral={referral} /> : null}
      <RequestStepper kind={props.kind} step="personne" caseId={referral?.id} />
      {props.error && duplicates.length > 0 ? (
        <DuplicateAlert error={props.error} duplicates={duplicates} />
      ) : props.error ? (
        <ErrorAlert error={props.error} />
      ) : invalid ? (
        <InvalidFormAlert />
      ) : null}
      <form
        method="post"
        action={referral ? `/demandes/${referral.id}/brouillon/personne` : '/demandes/nouvelle/personne'}
        id="etape-personne"
        novalidate
      >
        <button type="submit" name="action" value="continuer" hidden tabindex={-1} />
        {referral ? (
          <p>
            {patientName(referral)}, {bornWord(referral)} le {formatCalendarDate(referral.patient.birthDate)} ·{' '}
            {sexLabels[referral.patient.sex as keyof typeof sexLabels] ?? referral.patient.sex}
            <br />
            <span class="fr-text--sm">L’identité est celle de la demande ; elle ne se modifie plus.</span>
          </p>
        ) : (
          <>
            <input type="hidden" name="kind" value={props.kind} />
            <p class="fr-hint-text">
              Demande « {facilityKinds[props.kind].label} ». Le brouillon est enregistré dès cette étape : vous pourrez
              le reprendre depuis « Mes demandes ».
            </p>
            <div class="fr-grid-row fr-grid-row--gutters">
              <PersonNameFields values={values} errors={errors} path="patient" />
              <div class="fr-col-12 fr-col-md-6">
                <InputField
                  id="birthDate"
                  name="birthDate"
                  type="date"
                  label="Date de naissance"
                  hint="Format attendu : JJ/MM/AAAA"
                  value={values.birthDate}
                  max={todayInParis()}
                  error={errors['patient.birthDate']}
                  required
                />
              </div>
              <div class="fr-col-12 fr-col-md-6">
                <InputField
                  id={dossierFieldId(departement)}
                  name={dossierField(departement)}
                  label="Département de résidence (facultatif)"
                  hint="Par exemple 69 : le coordinateur de ce territoire suit la demande. Il reprend l’adresse du dossier."
                  value={values.dossier[departement]}
                  error={errors[dossierField(departement)]}
                  autocomplete="off"
                  short
                />
              </div>
              <div class="fr-col-12">
                <ChoiceFieldset
                  id="sex"
                  name="sex"
                  type="radio"
                  legend="Sexe"
                  inline
                  options={sexValues.map((sex) => ({ value: sex, label: sexLabels[sex] }))}
                  checked={[values.sex]}
                  error={errors['patient.sex']}
                />
              </div>
            </div>
          </>
        )}
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-md-6">
            <BirthNameField values={values.dossier} errors={errors} />
          </div>
        </div>
        <Buttons back={requestStepHref('type', referral?.id)}>
          <li>
            <button type="submit" name="action" value="continuer" class="fr-btn fr-icon-arrow-right-line">
              Enregistrer et continuer
            </button>
          </li>
        </Buttons>
      </form>
    </Layout>
  );
}

// ── Step 3: the dossier, part by part ────────────────────────────────────────────────────────────

export type DossierStep = Extract<RequestStep, 'administratif' | 'autonomie' | 'medical'>;

/**
 * The GIR of the grid as typed; the script of the page (form `etape-dossier`) refreshes it while the
 * grid is coded, from `url` (the request steps' own by default; the médecin traitant's completion page has its own).
 */
export function LiveGir(props: {
  gir: number | undefined;
  coded: number;
  total: number;
  caseId: string;
  url?: string;
}) {
  const meaning = props.gir ? girMeanings[props.gir as keyof typeof girMeanings] : undefined;
  return (
    <div
      class="fr-highlight fr-mb-3w"
      // Kept in sight while the grid is coded, so the GIR is read as it changes.
      style="position: sticky; bottom: 0; z-index: 1; background: var(--background-default-grey); padding: 0.5rem 0 0.5rem 1.25rem;"
      id="gir-calcule"
      aria-live="polite"
      data-gir-url={props.url ?? `/demandes/${props.caseId}/brouillon/gir`}
    >
      {props.gir ? (
        <>
          <p class="fr-mb-1v">
            <strong>GIR {props.gir}</strong> (calculé à partir de la grille cotée)
          </p>
          {meaning ? <p class="fr-text--sm fr-mb-0">{meaning}</p> : null}
        </>
      ) : (
        <p class="fr-mb-0">
          GIR non calculé : {props.coded} variable{props.coded > 1 ? 's' : ''} discriminante
          {props.coded > 1 ? 's' : ''} cotée{props.coded > 1 ? 's' : ''} sur {props.total}. Le GIR se calcule dès que
          toutes le sont.
        </p>
      )}
    </div>
  );
}

export function DossierStepPage(props: {
  frame: PageFrame;
  referral: ReferralDetail;
  step: DossierStep;
  values: DossierValues;
  errors: FieldErrors;
  error?: AppError | undefined;
  notice?: string | undefined;
  previous: RequestStep | undefined;
  /** The autonomy step: the GIR of the grid shown, and how much of it is coded. */
  gir?: { value: number | undefined; coded: number; total: number };
}) {
  const { referral, step, errors } = props;
  const invalid = Object.keys(errors).length > 0;
  const fields = { values: props.values, errors };
  const missing = referral.dossier.missingParts.filter((part) => stepOfPart(part) === step);
  return (
    <Layout title={title(step, invalid || Boolean(props.error))} frame={props.frame}>
      <h1>Nouvelle demande d’admission</h1>
      <DraftHeading referral={referral} />
      <RequestStepper kind={referral.kind} step={step} caseId={referral.id} />
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : invalid ? <InvalidFormAlert /> : null}
      {!invalid && !props.error && missing.length > 0 && referral.dossier.version > 0 ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w">
          <p class="fr-mb-1v">À compléter avant l’envoi (le brouillon peut rester incomplet) :</p>
          <ul class="fr-mb-0">
            {missing.map((part) => (
              <li>
                <a href={`#${partAnchor(part.path)}`}>{part.label}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`/demandes/${referral.id}/brouillon/${step}`} id="etape-dossier" novalidate>
        <button type="submit" name="action" value="continuer" hidden tabindex={-1} />
        {step === 'administratif' ? (
          <AdministrativeFields {...fields} kind={referral.kind} heading="Volet administratif" />
        ) : step === 'autonomie' ? (
          <>
            <AggirFields {...fields} heading="Grille AGGIR (volet autonomie)" />
            {props.gir ? (
              <LiveGir gir={props.gir.value} coded={props.gir.coded} total={props.gir.total} caseId={referral.id} />
            ) : null}
          </>
        ) : (
          <>
            <MedicalFields {...fields} heading="Volet médical" />
            {facilityKinds[referral.kind].pathway === 'grand_age' ? null : (
              <ClinicalFields {...fields} heading="Volet clinique" />
            )}
          </>
        )}
        <Buttons back={props.previous ? requestStepHref(props.previous, referral.id) : undefined}>
          <li>
            <button type="submit" name="action" value="continuer" class="fr-btn fr-icon-arrow-right-line">
              Enregistrer et continuer
            </button>
          </li>
          {step === 'autonomie' ? (
            <li>
              <button
                type="submit"
                name="action"
                value="calculer"
                class="fr-btn fr-btn--secondary fr-icon-refresh-line"
              >
                Enregistrer et calculer le GIR
              </button>
            </li>
          ) : null}
        </Buttons>
      </form>
      {step === 'autonomie' ? <script type="module" src="/static/parcours/gir-live.js" /> : null}
    </Layout>
  );
}

/** The step where a missing part of the dossier is typed. */
export function stepOfPart(part: MissingDossierPart): RequestStep {
  if (part.path === 'administrative.identity') return 'personne';
  if (part.path.startsWith('administrative')) return 'administratif';
  if (part.path.includes('aggir')) return 'autonomie';
  return 'medical';
}

// ── Step 4: the facilities ───────────────────────────────────────────────────────────────────────

export interface BasketFacility {
  id: string;
  name: string;
  commune: string;
  departement: string;
  pricePerDay: number | null;
}

export interface FacilityResults {
  items: DirectoryItem[];
  total: number;
  origin: CommuneView | null;
  radiusKm: number | null;
  page: number;
  pageSize: number;
}

export interface FacilitySearchForm {
  commune: string;
  query: FacilityQuery;
}

function formatKm(km: number): string {
  return `${km < 10 ? km.toFixed(1).replace('.', ',') : Math.round(km)} km`;
}

function formatPrice(price: number): string {
  return `${price.toFixed(2).replace('.', ',')} € / jour`;
}

/** The directory's filters, the kind fixed by the request (GET: the search is in the address). */
function FacilitySearchForm(props: { referral: ReferralDetail; form: FacilitySearchForm; action: string }) {
  const { query } = props.form;
  return (
    <form method="get" action={props.action} class="fr-mb-4w">
      <h2 class="fr-h5" id="recherche">
        Rechercher dans l’annuaire
      </h2>
      <p class="fr-text--sm">
        Établissements « {props.referral.kindLabel} » (le type de la demande). Une nouvelle recherche garde la sélection
        et tout ce qui est déjà saisi.
      </p>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id="recherche-commune"
            name="commune"
            label="Commune de la personne"
            hint="Nom ou code postal (un code INSEE s’écrit « INSEE 69123 ») : les distances partent de son centre."
            value={props.form.commune}
            autocomplete="off"
          />
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <SelectField
            id="recherche-rayon"
            name="rayon"
            label="Rayon"
            placeholder="30 km"
            placeholderSelectable
            options={['10', '20', '30', '50', '100'].map((km) => ({ value: km, label: `${km} km` }))}
            value={query.radiusKm ? String(query.radiusKm) : undefined}
          />
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <SelectField
            id="recherche-tri"
            name="tri"
            label="Trier par"
            placeholder="Pertinence (avec une commune), sinon nom"
            placeholderSelectable
            options={[
              { value: 'pertinence', label: 'Pertinence' },
              { value: 'distance', label: 'Distance' },
              { value: 'nom', label: 'Nom' },
            ]}
            value={query.sort}
          />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id="recherche-q"
            name="q"
            label="Nom ou commune de l’établissement (facultatif)"
            value={query.q ?? ''}
            autocomplete="off"
          />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <SelectField
            id="recherche-accueil"
            name="accueil"
            label="Type d’accueil"
            placeholder="Tous"
            placeholderSelectable
            options={accommodationTypeValues.map((type) => ({ value: type, label: accommodationTypes[type] }))}
            value={query.accommodation}
          />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id="recherche-places"
            name="places"
            type="number"
            min="1"
            inputmode="numeric"
            label="Places disponibles déclarées (au moins)"
            value={query.minPlaces ? String(query.minPlaces) : ''}
            short
          />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id="recherche-prix"
            name="prix"
            type="number"
            min="1"
            inputmode="numeric"
            label="Prix journalier maximal (€)"
            hint="Hébergement permanent, là où il est connu."
            value={query.maxPrice ? String(query.maxPrice) : ''}
            short
          />
        </div>
      </div>
      <ChoiceFieldset
        id="recherche-capacite"
        name="capacite"
        type="checkbox"
        inline
        legend="Capacités exigées"
        options={facilityCapabilityValues.map((capability) => ({
          value: capability,
          label: facilityCapabilities[capability],
        }))}
        checked={query.capabilities ?? []}
      />
      <button type="submit" class="fr-btn fr-btn--secondary fr-icon-search-line fr-btn--icon-left">
        Rechercher
      </button>
    </form>
  );
}

function Basket(props: { basket: BasketFacility[] }) {
  return (
    <section aria-labelledby="panier" class="fr-mb-4w pc-basket">
      <h2 class="fr-h5" id="panier">
        Sélection : {props.basket.length} établissement{props.basket.length > 1 ? 's' : ''}
      </h2>
      {props.basket.length === 0 ? (
        <p class="fr-text--sm">
          Aucun établissement sélectionné. Ajoutez-en depuis les résultats : la sélection est gardée d’une recherche à
          l’autre, {basketLimit} au plus.
        </p>
      ) : (
        <ul>
          {props.basket.map((facility) => (
            <li class="fr-mb-1w">
              <strong>{facility.name}</strong> — {facility.commune} ({facility.departement})
              {facility.pricePerDay !== null ? ` — ${formatPrice(facility.pricePerDay)}` : ''}{' '}
              <button
                type="submit"
                form="selection"
                name="retirer"
                value={facility.id}
                class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
              >
                Retirer<span class="fr-sr-only"> {facility.name} de la sélection</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ResultItem(props: { item: DirectoryItem; chosen: boolean; monthlyCost?: boolean }) {
  const { item } = props;
  return (
    <li class="fr-mb-2w" id={`etablissement-${item.id}`}>
      <div class="fr-card fr-card--sm fr-card--no-arrow">
        <div class="fr-card__body">
          <div class="fr-card__content">
            <h3 class="fr-card__title fr-h6">{item.name}</h3>
            <p class="fr-card__desc">
              {item.commune} ({item.departement}){item.distanceKm !== null ? ` — à ${formatKm(item.distanceKm)}` : ''} —{' '}
              {item.pricePerDay !== null ? formatPrice(item.pricePerDay) : 'prix non renseigné'} — {item.capacity.label}
              {item.accommodationTypes.length > 0
                ? ` — ${item.accommodationTypes.map((type) => type.label).join(', ')}`
                : ''}
            </p>
            {item.capabilities.length > 0 || item.isDemo ? (
              <ul class="fr-badges-group fr-mt-1w">
                {item.isDemo ? (
                  <li>
                    <p class="fr-badge fr-badge--warning fr-badge--sm">Établissement de démonstration</p>
                  </li>
                ) : null}
                {item.capabilities.map((capability) => (
                  <li>
                    <p class="fr-badge fr-badge--sm">{capability.label}</p>
                  </li>
                ))}
              </ul>
            ) : null}
            {props.monthlyCost && item.monthlyCost ? (
              <MonthlyCostLine estimate={item.monthlyCost} href={`/etablissements/${item.id}`} />
            ) : null}
            {item.distanceKm !== null ? (
              <div class="fr-card__end">
                <p class="fr-card__detail">Pourquoi ce rang : {item.explanation.join(' ; ')}.</p>
              </div>
            ) : null}
          </div>
          <div class="fr-card__footer">
            {props.chosen ? (
              <button
                type="submit"
                form="selection"
                name="retirer"
                value={item.id}
                class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-check-line fr-btn--icon-left"
              >
                Sélectionné — retirer<span class="fr-sr-only"> {item.name} de la sélection</span>
              </button>
            ) : (
              <button
                type="submit"
                form="selection"
                name="ajouter"
                value={item.id}
                class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left"
              >
                Ajouter à la sélection<span class="fr-sr-only"> : {item.name}</span>
              </button>
            )}
          </div>
        </div>
      </div>
    </li>
  );
}

function returnQuery(search: URLSearchParams, page: number): string {
  const params = new URLSearchParams(search);
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/** Where a family request's facility choice lives, and what it says of the person's GIR. */
export interface FamilyFacilityChoice {
  /** The page's address (search, basket changes). */
  base: string;
  sendAction: string;
  back: string;
  csrf: string;
  dossierNumber: string;
  /** What the monthly estimates count for this person (domain/directory/monthly-cost.ts). */
  girNote: string;
  breadcrumbs: { label: string; href?: string }[];
}

export function FacilityStepPage(props: {
  frame: PageFrame;
  referral: ReferralDetail;
  form: FacilitySearchForm;
  /** The search in the address, without the page: what adding or removing comes back to. */
  searchParams: URLSearchParams;
  results: FacilityResults | undefined;
  communeChoice: { question: string; candidates: CommuneView[] } | undefined;
  communeError: string | undefined;
  basket: BasketFacility[];
  error?: AppError | undefined;
  previous: RequestStep | undefined;
  /**
   * A family request's référent choosing once the dossier is complete: the same search and basket
   * under her request's address, each result with its monthly cost estimate, and the sending here.
   */
  family?: FamilyFacilityChoice | undefined;
}) {
  const { referral, results, family } = props;
  const chosen = new Set(props.basket.map((facility) => facility.id));
  const base = family?.base ?? `/demandes/${referral.id}/brouillon/etablissements`;
  const pageHref = (page: number) => {
    const params = new URLSearchParams(props.searchParams);
    if (page > 1) params.set('page', String(page));
    const query = params.toString();
    return `${base}${query ? `?${query}` : ''}#resultats`;
  };
  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;
  const first = results ? (results.page - 1) * results.pageSize + 1 : 0;
  const last = results ? first + results.items.length - 1 : 0;
  return (
    <Layout
      title={
        family
          ? `${props.error ? 'Erreur : ' : ''}Choisir les établissements`
          : title('etablissements', Boolean(props.error))
      }
      frame={props.frame}
      {...(family ? { breadcrumbs: family.breadcrumbs } : {})}
    >
      {family ? (
        <>
          <h1>Choisir les établissements</h1>
          <p class="fr-mb-2w">
            Dossier n° {family.dossierNumber} · <strong>{patientName(referral)}</strong>, {bornWord(referral)} le{' '}
            {formatCalendarDate(referral.patient.birthDate)} · {referral.kindLabel}
          </p>
          <div class="fr-notice fr-notice--info fr-mb-4w">
            <div class="fr-container">
              <div class="fr-notice__body">
                <p class="fr-notice__title">{family.girNote}</p>
              </div>
            </div>
          </div>
        </>
      ) : (
        <>
          <h1>Nouvelle demande d’admission</h1>
          <DraftHeading referral={referral} />
          <RequestStepper kind={referral.kind} step="etablissements" caseId={referral.id} />
        </>
      )}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {/* Adding and removing post this form, then come back to the same search and page. */}
      <form method="post" action={base} id="selection">
        <input type="hidden" name="recherche" value={returnQuery(props.searchParams, results?.page ?? 1)} />
      </form>
      <Basket basket={props.basket} />
      <FacilitySearchForm referral={referral} form={props.form} action={base} />
      {props.communeError ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w">
          <p>{props.communeError}</p>
        </div>
      ) : null}
      {props.communeChoice ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>{props.communeChoice.question}</p>
          <ul>
            {props.communeChoice.candidates.map((commune) => {
              const params = new URLSearchParams(props.searchParams);
              params.set('commune-insee', commune.insee);
              return (
                <li>
                  <a href={`${base}?${params}#resultats`}>
                    {commune.name} ({commune.departement}) — {commune.postcodes.join(', ')}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {results ? (
        <section aria-labelledby="resultats">
          <h2 class="fr-h5" id="resultats" tabindex={-1}>
            {results.total === 0
              ? results.origin
                ? `Aucun établissement à moins de ${results.radiusKm} km de ${results.origin.name}`
                : 'Aucun établissement ne correspond'
              : `${results.total} établissement${results.total > 1 ? 's' : ''}${results.origin ? ` à moins de ${results.radiusKm} km de ${results.origin.name}` : ''}`}
            {results.total > 0 ? ` — ${first} à ${last}, page ${results.page} sur ${pages}` : ''}
          </h2>
          <p class="fr-text--sm">
            {results.origin
              ? 'Classés par pertinence (proximité, places disponibles déclarées, réactivité observée) sauf autre tri choisi.'
              : 'Sans commune de la personne, classés par nom : indiquez-la pour voir les distances.'}
          </p>
          <ul class="fr-raw-list">
            {results.items.map((item) => (
              <ResultItem item={item} chosen={chosen.has(item.id)} monthlyCost={family !== undefined} />
            ))}
          </ul>
          <Pagination label="Pages de résultats" page={results.page} pageCount={pages} href={pageHref} />
        </section>
      ) : null}
      {family ? (
        <form method="post" action={family.sendAction} class="fr-mt-4w">
          <input type="hidden" name="csrf" value={family.csrf} />
          <p>
            {props.basket.length === 0
              ? 'Ajoutez au moins un établissement à la sélection pour envoyer la demande.'
              : `Chaque établissement de la sélection (${props.basket.length}) reçoit la demande en même temps. Leur médecin coordonnateur lit la partie médicale ; vous suivez leurs réponses sur la page de la demande.`}
          </p>
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <button type="submit" class="fr-btn fr-icon-send-plane-line">
                Envoyer la demande
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--tertiary fr-icon-arrow-left-line" href={family.back}>
                Revenir à la demande
              </a>
            </li>
          </ul>
        </form>
      ) : (
        <Buttons back={props.previous ? requestStepHref(props.previous, referral.id) : undefined}>
          <li>
            <a class="fr-btn fr-icon-arrow-right-line" href={requestStepHref('recapitulatif', referral.id)}>
              Continuer vers le récapitulatif
            </a>
          </li>
        </Buttons>
      )}
    </Layout>
  );
}

// ── Step 5: review and send ──────────────────────────────────────────────────────────────────────

export function ReviewStepPage(props: {
  frame: PageFrame;
  referral: ReferralDetail;
  basket: BasketFacility[];
  error?: AppError | undefined;
  previous: RequestStep | undefined;
}) {
  const { referral } = props;
  const missing = referral.dossier.missingParts;
  const ready = missing.length === 0 && props.basket.length > 0;
  return (
    <Layout title={title('recapitulatif', Boolean(props.error))} frame={props.frame}>
      <h1>Nouvelle demande d’admission</h1>
      <DraftHeading referral={referral} />
      <RequestStepper kind={referral.kind} step="recapitulatif" caseId={referral.id} />
      {props.error ? <ErrorAlert error={props.error} /> : null}
      <dl class="fr-mb-4w">
        <dt class="fr-text--bold">Type de prise en charge</dt>
        <dd>{referral.kindLabel}</dd>
        <dt class="fr-text--bold">La personne</dt>
        <dd>
          {patientName(referral)}, {bornWord(referral)} le {formatCalendarDate(referral.patient.birthDate)}{' '}
          <a href={requestStepHref('personne', referral.id)}>
            Modifier<span class="fr-sr-only"> la personne</span>
          </a>
        </dd>
        <dt class="fr-text--bold">Dossier</dt>
        <dd>
          {referral.dossier.version > 0 ? `Version ${referral.dossier.version} enregistrée` : 'Aucune version'}
          {referral.dossier.gir ? ` · GIR ${referral.dossier.gir}` : ''}
          {missing.length === 0 ? ' · complet' : ''}
        </dd>
      </dl>
      {missing.length > 0 ? (
        <div class="fr-alert fr-alert--warning fr-mb-4w">
          <h2 class="fr-alert__title">À compléter avant l’envoi</h2>
          <ul>
            {missing.map((part) => (
              <li>
                <a href={`${requestStepHref(stepOfPart(part), referral.id)}#${partAnchor(part.path)}`}>{part.label}</a>{' '}
                ({requestStepLabels[stepOfPart(part)]})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="recapitulatif-etablissements" class="fr-mb-4w">
        <h2 class="fr-h5" id="recapitulatif-etablissements">
          Établissements sollicités ({props.basket.length})
        </h2>
        {props.basket.length === 0 ? (
          <p>
            Aucun établissement :{' '}
            <a href={requestStepHref('etablissements', referral.id)}>choisir les établissements</a>.
          </p>
        ) : (
          <>
            <ul>
              {props.basket.map((facility) => (
                <li>
                  {facility.name} — {facility.commune} ({facility.departement})
                  {facility.pricePerDay !== null ? ` — ${formatPrice(facility.pricePerDay)}` : ''}
                </li>
              ))}
            </ul>
            <p>
              <a href={requestStepHref('etablissements', referral.id)}>Modifier la sélection</a>
            </p>
          </>
        )}
      </section>
      <form method="post" action={`/demandes/${referral.id}/brouillon/recapitulatif`}>
        <p>
          {ready
            ? 'Chaque établissement de la sélection reçoit la demande en même temps.'
            : 'L’envoi demande un dossier complet et au moins un établissement.'}
        </p>
        <Buttons back={props.previous ? requestStepHref(props.previous, referral.id) : undefined}>
          <li>
            <button type="submit" name="action" value="envoyer" class="fr-btn fr-icon-send-plane-line">
              Envoyer la demande
            </button>
          </li>
        </Buttons>
      </form>
    </Layout>
  );
}
