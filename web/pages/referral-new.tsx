import {
  type FacilityKind,
  facilityKinds,
  facilityKindValues,
  pathwayOf,
} from '../../domain/directory/facility-kinds.ts';
import type { AppError } from '../../domain/errors.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import { sexLabels, sexValues } from '../../domain/referral/patient.ts';
import { referralStatuses } from '../../domain/referral/state.ts';
import { ErrorAlert, InvalidFormAlert } from '../components/alerts.tsx';
import { formatDateTime, todayInParis } from '../components/dates.ts';
import { BirthNameField, DossierFields } from '../components/dossier-fields.tsx';
import type { DossierValues } from '../components/dossier-form.ts';
import {
  type FacilityChoices,
  FacilityCount,
  type FacilitySearch,
  FacilitySearchFields,
  FacilitySearchHiddenFields,
  facilityChoiceHint,
} from '../components/facility-search.tsx';
import { ChoiceFieldset, Disclosure, InputField, PersonNameFields, SelectField } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { PageSummary } from '../components/page-summary.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** What the person typed, given back unchanged when the form is shown again. */
export interface NewReferralValues {
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: string;
  facilityIds: string[];
  secondWaveFacilityIds: string[];
  secondWaveAfterDays: string;
  dossier: DossierValues;
  /** What the last submission asked: send at once, or keep a draft. */
  send: boolean;
  /** The person already confirmed this is not the same request as an existing one. */
  confirmNotDuplicate: boolean;
}

export const emptyNewReferral: NewReferralValues = {
  lastName: '',
  firstName: '',
  birthDate: '',
  sex: '',
  facilityIds: [],
  secondWaveFacilityIds: [],
  secondWaveAfterDays: '',
  dossier: {},
  send: false,
  confirmNotDuplicate: false,
};

export interface NewReferralPageProps {
  frame: PageFrame;
  kind: FacilityKind | undefined;
  /** The directory search that gave the facilities to choose from. */
  search: FacilitySearch;
  choices: FacilityChoices;
  values: NewReferralValues;
  errors: FieldErrors;
  error?: AppError | undefined;
}

const formId = 'nouvelle-demande';

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

/** Cases already open for the same person: open one of them, or say this is another request. */
function DuplicateAlert(props: { error: AppError; duplicates: PossibleDuplicate[]; send: boolean }) {
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">Une demande est déjà en cours pour cette personne</h2>
      <p>{props.error.message}</p>
      <ul>
        {props.duplicates.map((duplicate) => {
          const kind = facilityKinds[duplicate.kind as FacilityKind]?.label ?? duplicate.kind;
          const status = referralStatuses[duplicate.status as keyof typeof referralStatuses] ?? duplicate.status;
          const created = Number.isNaN(Date.parse(duplicate.createdAt))
            ? ''
            : `, créée le ${formatDateTime(duplicate.createdAt)}`;
          return (
            <li>
              {caseReference(duplicate.id)} — {kind}, {status.toLowerCase()}
              {created} —{' '}
              <a href={`/demandes/${duplicate.id}`}>
                Ouvrir cette demande<span class="fr-sr-only"> : {caseReference(duplicate.id)}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <button
        type="submit"
        form={formId}
        name="action"
        value={props.send ? 'envoyer-confirme' : 'brouillon-confirme'}
        class="fr-btn fr-btn--secondary fr-mt-1w"
      >
        {props.send
          ? 'C’est une autre demande : l’envoyer quand même'
          : 'C’est une autre demande : enregistrer le brouillon'}
      </button>
    </div>
  );
}

function sections(kind: FacilityKind): [string, string][] {
  return [
    ['type', 'Type de prise en charge'],
    ['personne', 'La personne'],
    ['etablissements', 'Établissements sollicités'],
    ['volet-administratif', 'Volet administratif'],
    ['volet-medical', 'Volet médical'],
    pathwayOf(kind) === 'grand_age' ? ['grille-aggir', 'Grille AGGIR'] : ['volet-clinique', 'Volet clinique'],
    ['envoi', 'Enregistrer ou envoyer'],
  ];
}

function FacilityChoice(props: NewReferralPageProps & { kind: FacilityKind }) {
  const { values, errors } = props;
  const options = props.choices.facilities.map((facility) => ({
    value: facility.id,
    label: facility.name,
    hint: facilityChoiceHint(facility),
  }));
  const secondWaveOpen =
    values.secondWaveFacilityIds.length > 0 ||
    values.secondWaveAfterDays !== '' ||
    Boolean(errors['secondWave.facilityIds'] || errors['secondWave.afterDays']);
  return (
    <section aria-labelledby="etablissements" class="fr-mb-6w">
      <h2 id="etablissements" class="fr-h4">
        3. Établissements sollicités
      </h2>
      <FacilityCount choices={props.choices} search={props.search} />
      <ChoiceFieldset
        id="facilityIds"
        name="facilityIds"
        type="checkbox"
        legend={`Établissements (${facilityKinds[props.kind].label}) auxquels envoyer la demande`}
        hint="La demande est envoyée en même temps à chaque établissement coché."
        options={options}
        checked={values.facilityIds}
        error={errors.facilityIds}
        empty={
          <p>
            Aucun établissement ne correspond : changez la recherche (étape 1)
            {props.choices.origin ? ', par exemple en élargissant le rayon' : ''}.
          </p>
        }
      />
      {options.length > 1 ? (
        <Disclosure title="Prévoir une deuxième vague (facultatif)" open={secondWaveOpen}>
          <p class="fr-text--sm">
            Si aucun établissement de la première vague n’a donné son accord dans le délai choisi, la demande part
            automatiquement aux établissements de la deuxième vague.
          </p>
          <ChoiceFieldset
            id="secondWave-facilityIds"
            name="secondWave.facilityIds"
            type="checkbox"
            legend="Établissements de la deuxième vague"
            hint="Ne cochez pas un établissement déjà choisi ci-dessus."
            options={options}
            checked={values.secondWaveFacilityIds}
            error={errors['secondWave.facilityIds']}
          />
          <InputField
            id="secondWave-afterDays"
            name="secondWave.afterDays"
            type="number"
            inputmode="numeric"
            min="1"
            max="90"
            label="Délai avant la deuxième vague, en jours (facultatif)"
            hint="Sans précision, le délai habituel pour ce type de prise en charge s’applique."
            value={values.secondWaveAfterDays}
            error={errors['secondWave.afterDays']}
            short
          />
        </Disclosure>
      ) : null}
    </section>
  );
}

export function NewReferralPage(props: NewReferralPageProps) {
  const { values, errors } = props;
  const duplicates = duplicatesOf(props.error);
  const invalid = Object.keys(errors).length > 0;
  return (
    <Layout
      title={invalid || props.error ? 'Erreur : nouvelle demande' : 'Nouvelle demande'}
      frame={props.frame}
      breadcrumbs={[{ label: 'Mes demandes', href: '/demandes' }, { label: 'Nouvelle demande' }]}
    >
      <h1>Nouvelle demande d’admission</h1>
      {props.error && duplicates.length > 0 ? (
        <DuplicateAlert error={props.error} duplicates={duplicates} send={values.send} />
      ) : props.error ? (
        <ErrorAlert error={props.error} linkParts />
      ) : invalid ? (
        <InvalidFormAlert />
      ) : null}
      <p class="fr-hint-text">
        Pour enregistrer un brouillon, il suffit du type de prise en charge, de l’identité de la personne et d’un
        établissement. Pour envoyer la demande, tous les champs sont obligatoires sauf mention contraire.
      </p>
      {props.kind ? <PageSummary sections={sections(props.kind)} /> : null}

      <h2 id="type" class="fr-h4">
        1. Type de prise en charge
      </h2>
      <form method="get" action="/demandes/nouvelle" class="fr-mb-6w">
        <SelectField
          id="type-select"
          name="type"
          label="Type d’établissement recherché"
          hint="La liste des établissements et le contenu du dossier dépendent de ce choix."
          placeholder="Choisir un type de prise en charge"
          options={facilityKindValues.map((kind) => ({ value: kind, label: facilityKinds[kind].label }))}
          value={props.kind}
          error={errors.kind}
          required
        />
        <FacilitySearchFields idPrefix="recherche" search={props.search} choices={props.choices} />
        <button type="submit" class="fr-btn fr-btn--secondary fr-icon-search-line fr-btn--icon-left">
          Afficher les établissements
        </button>
      </form>

      {props.kind ? (
        <form method="post" action="/demandes/nouvelle" id={formId} novalidate>
          {/* Enter in a field saves a draft: the first submit button of the form is the default one. */}
          <button type="submit" name="action" value="brouillon" hidden tabindex={-1} />
          <input type="hidden" name="kind" value={props.kind} />
          {/* The same directory search, so that the form comes back with the same facilities. */}
          <FacilitySearchHiddenFields search={props.search} choices={props.choices} />
          {values.confirmNotDuplicate ? <input type="hidden" name="confirmNotDuplicate" value="true" /> : null}
          <section aria-labelledby="personne" class="fr-mb-6w">
            <h2 id="personne" class="fr-h4">
              2. La personne
            </h2>
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
                <BirthNameField values={values.dossier} errors={errors} />
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
          </section>

          <FacilityChoice {...props} kind={props.kind} />

          <DossierFields kind={props.kind} values={values.dossier} errors={errors} firstSection={4} />

          <section aria-labelledby="envoi" class="fr-mb-6w">
            <h2 id="envoi" class="fr-h4">
              7. Enregistrer ou envoyer
            </h2>
            <p>
              Le brouillon peut être complété plus tard depuis la page de la demande. L’envoi demande un dossier complet
              : chaque établissement coché reçoit alors la demande.
            </p>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li>
                <button
                  type="submit"
                  name="action"
                  value="brouillon"
                  class="fr-btn fr-btn--secondary fr-icon-save-line"
                >
                  Enregistrer le brouillon
                </button>
              </li>
              <li>
                <button type="submit" name="action" value="envoyer" class="fr-btn fr-icon-send-plane-line">
                  Envoyer la demande
                </button>
              </li>
            </ul>
          </section>
        </form>
      ) : null}
    </Layout>
  );
}
