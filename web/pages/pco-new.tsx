import type { AppError } from '../../domain/errors.ts';
import { type PcoAgeRange, pcoAgeRangeLabels } from '../../domain/pco/eligibility.ts';
import type { ScreeningBracket, ScreeningEvaluation, ScreeningGrid } from '../../domain/pco/screening.ts';
import { ErrorAlert, InvalidFormAlert } from '../components/alerts.tsx';
import { formatCalendarDate, todayInParis } from '../components/dates.ts';
import { ChoiceFieldset, InputField, PersonNameFields } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { ScreeningGridFields, ScreeningSuggestion } from '../components/pco-screening.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** What the physician typed, given back unchanged when the form is shown again. */
export interface NewOrientationValues {
  lastName: string;
  firstName: string;
  sex: string;
  /** The commune of residence as typed (a postcode or a name), written back as « Nom (INSEE) » once known. */
  commune: string;
  /** The communes a shared postcode or name may designate, to pick from, and the question asked. */
  communeChoice?: { question: string; candidates: { insee: string; label: string; departement: string }[] };
  /** The département of the commune, which designates the platform. */
  departement: string;
  checkedItems: string[];
  generalSigns: string[];
  unusualDevelopmentConfirmed: boolean;
  hasMdphRights: string;
  hasEsmsSupport: string;
  contactName: string;
  relationship: string;
  phone: string;
  email: string;
  consent: boolean;
}

export const emptyNewOrientation: NewOrientationValues = {
  lastName: '',
  firstName: '',
  sex: '',
  commune: '',
  departement: '',
  checkedItems: [],
  generalSigns: [],
  unusualDevelopmentConfirmed: false,
  hasMdphRights: '',
  hasEsmsSupport: '',
  contactName: '',
  relationship: '',
  phone: '',
  email: '',
  consent: false,
};

/** The child's age on the day of the orientation, once the birth date is known and eligible. */
export interface ChildAge {
  birthDate: string;
  ageLabel: string;
  ageRange: PcoAgeRange;
  /** The grid's age bracket (children under 7 only). */
  bracket: ScreeningBracket | undefined;
}

export interface NewOrientationPageProps {
  frame: PageFrame;
  grid: ScreeningGrid;
  /** The birth date as typed in the first step. */
  birthDateInput: string;
  child: ChildAge | undefined;
  /** The rule's suggestion, once asked for: the decision part of the form then shows. */
  evaluation: ScreeningEvaluation | undefined;
  values: NewOrientationValues;
  errors: FieldErrors;
  error?: AppError | undefined;
}

const yesNo = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];
const childSexes = [
  { value: 'female', label: 'Fille' },
  { value: 'male', label: 'Garçon' },
];

function BirthDateStep(props: NewOrientationPageProps) {
  return (
    <section aria-labelledby="age" class="fr-mb-6w">
      <h2 id="age" class="fr-h4">
        1. Âge de l’enfant
      </h2>
      <form method="get" action="/pco/nouvelle">
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="naissance"
              name="naissance"
              type="date"
              label="Date de naissance de l’enfant"
              hint="La grille de repérage affichée dépend de l’âge de l’enfant aujourd’hui."
              value={props.birthDateInput}
              max={todayInParis()}
              error={props.errors.naissance}
              required
            />
          </div>
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary fr-mt-1w">
          {props.child ? 'Changer de date de naissance' : 'Afficher la grille de repérage'}
        </button>
      </form>
      {props.child ? (
        <p class="fr-mt-2w fr-mb-0">
          Né(e) le {formatCalendarDate(props.child.birthDate)} : <strong>{props.child.ageLabel}</strong> —{' '}
          {pcoAgeRangeLabels[props.child.ageRange]}
          {props.child.bracket ? `, grille « ${props.child.bracket.label} »` : ''}.
        </p>
      ) : null}
    </section>
  );
}

function ChildFields(props: NewOrientationPageProps) {
  const { values, errors } = props;
  return (
    <section aria-labelledby="enfant" class="fr-mb-6w">
      <h2 id="enfant" class="fr-h4">
        2. L’enfant
      </h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        <PersonNameFields values={values} errors={errors} path="child" />
        <div class="fr-col-12 fr-col-md-6">
          <ChoiceFieldset
            id="sex"
            name="sex"
            type="radio"
            legend="Sexe"
            inline
            options={childSexes}
            checked={[values.sex]}
            error={errors['child.sex']}
          />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id="commune"
            name="commune"
            label="Commune de résidence"
            hint={
              props.values.departement
                ? `Département ${props.values.departement} : il désigne la plateforme qui recevra l’orientation.`
                : 'Code postal ou nom de la commune : son département désigne la plateforme qui recevra l’orientation.'
            }
            value={props.values.commune}
            error={props.values.communeChoice ? undefined : props.errors['child.commune']}
            autocomplete="off"
            required
          />
          {props.values.communeChoice ? (
            <ChoiceFieldset
              id="commune-insee"
              name="commune-insee"
              type="radio"
              legend={props.values.communeChoice.question}
              options={props.values.communeChoice.candidates.map((choice) => ({
                value: choice.insee,
                label: choice.label,
                hint: `Département ${choice.departement}`,
              }))}
              checked={[]}
              error="Choisissez la commune, puis validez à nouveau."
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function ScreeningStep(props: NewOrientationPageProps & { child: ChildAge }) {
  const { child, values } = props;
  if (!child.bracket) {
    return (
      <section aria-labelledby="reperage" class="fr-mb-6w">
        <h2 id="reperage" class="fr-h4">
          3. Repérage
        </h2>
        <div class="fr-alert fr-alert--info fr-alert--sm">
          <p>
            La grille de repérage concerne les enfants de moins de 7 ans. Pour un enfant de 7 à 12 ans, l’orientation
            vers la PCO 7–12 ans repose sur votre appréciation clinique.
          </p>
        </div>
      </section>
    );
  }
  return (
    <section aria-labelledby="reperage" class="fr-mb-6w">
      <h2 id="reperage" class="fr-h4">
        3. Repérage — {child.bracket.label}
      </h2>
      <p class="fr-hint-text">
        Cochez les signes d’alerte constatés. {props.grid.title} (version {props.grid.version}).
      </p>
      <ScreeningGridFields
        grid={props.grid}
        bracket={child.bracket}
        checkedItems={values.checkedItems}
        generalSigns={values.generalSigns}
      />
      <button
        type="submit"
        name="action"
        value="suggestion"
        formaction="/pco/nouvelle#suggestion"
        class={`fr-btn ${props.evaluation ? 'fr-btn--tertiary' : 'fr-btn--secondary'}`}
      >
        {props.evaluation ? 'Mettre à jour la suggestion' : 'Voir la suggestion'}
      </button>
    </section>
  );
}

function DecisionStep(props: NewOrientationPageProps & { child: ChildAge }) {
  const { values, errors } = props;
  return (
    <>
      <section aria-labelledby="decision" class="fr-mb-6w">
        <h2 id="decision" class="fr-h4">
          4. Votre décision
        </h2>
        {props.evaluation ? <ScreeningSuggestion evaluation={props.evaluation} grid={props.grid} /> : null}
        <p>La grille ne fait que suggérer : l’orientation repose sur votre examen clinique.</p>
        <ChoiceFieldset
          id="unusualDevelopmentConfirmed"
          name="unusualDevelopmentConfirmed"
          type="checkbox"
          legend="Confirmation du médecin"
          options={[
            {
              value: 'oui',
              label: 'J’ai constaté un écart inhabituel de développement',
              hint: 'Obligatoire pour orienter l’enfant vers la plateforme.',
            },
          ]}
          checked={values.unusualDevelopmentConfirmed ? ['oui'] : []}
          error={errors.unusualDevelopmentConfirmed}
        />
      </section>

      <section aria-labelledby="accompagnement" class="fr-mb-6w">
        <h2 id="accompagnement" class="fr-h4">
          5. Droits et accompagnement actuels
        </h2>
        <ChoiceFieldset
          id="hasMdphRights"
          name="hasMdphRights"
          type="radio"
          legend="L’enfant a-t-il déjà des droits ouverts à la MDPH ?"
          inline
          options={yesNo}
          checked={[values.hasMdphRights]}
          error={errors.hasMdphRights}
        />
        <ChoiceFieldset
          id="hasEsmsSupport"
          name="hasEsmsSupport"
          type="radio"
          legend="L’enfant est-il déjà accompagné par un établissement ou service médico-social (ESMS) ?"
          hint="Ces droits ou cet accompagnement (CAMSP, SESSAD…) n’empêchent pas l’orientation : le médecin de la plateforme appréciera si une décision de la CDAPH assure déjà un accompagnement équivalent."
          inline
          options={yesNo}
          checked={[values.hasEsmsSupport]}
          error={errors.hasEsmsSupport}
        />
      </section>

      <section aria-labelledby="famille" class="fr-mb-6w">
        <h2 id="famille" class="fr-h4">
          6. La famille
        </h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="contactName"
              name="contactName"
              label="Nom du parent ou représentant légal"
              value={values.contactName}
              error={errors['family.contactName']}
              autocomplete="off"
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="relationship"
              name="relationship"
              label="Lien avec l’enfant"
              hint="Par exemple : mère, père, tuteur"
              value={values.relationship}
              error={errors['family.relationship']}
              autocomplete="off"
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="phone"
              name="phone"
              label="Téléphone (facultatif)"
              type="tel"
              value={values.phone}
              error={errors['family.phone']}
              autocomplete="off"
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="email"
              name="email"
              label="Adresse e-mail (facultatif)"
              hint="Format attendu : nom@domaine.fr"
              type="email"
              value={values.email}
              error={errors['family.email']}
              autocomplete="off"
            />
          </div>
        </div>
        <ChoiceFieldset
          id="consent"
          name="consent"
          type="checkbox"
          legend="Consentement"
          options={[
            {
              value: 'oui',
              label:
                'Les parents (ou le représentant légal) ont donné leur accord à l’orientation vers la plateforme et à la transmission de ces informations',
            },
          ]}
          checked={values.consent ? ['oui'] : []}
          error={errors['family.consent']}
        />
      </section>

      <section aria-labelledby="envoi" class="fr-mb-6w">
        <h2 id="envoi" class="fr-h4">
          7. Orienter
        </h2>
        <p>
          L’orientation est adressée à la plateforme du département de résidence de l’enfant. Son médecin dispose de 15
          jours pour valider la prescription.
        </p>
        <button type="submit" name="action" value="orienter" class="fr-btn fr-icon-send-plane-line fr-btn--icon-left">
          Orienter vers la PCO
        </button>
      </section>
    </>
  );
}

export function NewOrientationPage(props: NewOrientationPageProps) {
  const invalid = Object.keys(props.errors).length > 0;
  const { child } = props;
  // Under 7, the decision part shows once the physician has seen the grid's suggestion.
  const deciding = child !== undefined && (child.bracket === undefined || props.evaluation !== undefined);
  return (
    <Layout
      title={invalid || props.error ? 'Erreur : nouvelle orientation PCO' : 'Nouvelle orientation PCO'}
      frame={props.frame}
      breadcrumbs={[{ label: 'Orientations PCO', href: '/pco' }, { label: 'Nouvelle orientation' }]}
    >
      <h1>Orienter un enfant vers une plateforme PCO TND</h1>
      {props.error ? <ErrorAlert error={props.error} /> : invalid ? <InvalidFormAlert /> : null}
      <p class="fr-hint-text">
        Plateforme de coordination et d’orientation des troubles du neurodéveloppement, pour les enfants de moins de 12
        ans. Tous les champs sont obligatoires sauf mention contraire.
      </p>
      <BirthDateStep {...props} />
      {child ? (
        <form method="post" action="/pco/nouvelle" novalidate>
          {/* Enter in a field only refreshes the suggestion: the first submit button of the form is the default one. */}
          <button type="submit" name="action" value="suggestion" hidden tabindex={-1} />
          <input type="hidden" name="birthDate" value={child.birthDate} />
          <ChildFields {...props} />
          <ScreeningStep {...props} child={child} />
          {deciding ? <DecisionStep {...props} child={child} /> : null}
        </form>
      ) : null}
    </Layout>
  );
}
