import { type FacilityKind, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import {
  aggirCodes,
  discriminantVariableLabels,
  discriminantVariables,
  illustrativeVariableLabels,
  illustrativeVariables,
  subVariableLabels,
  subVariables,
} from '../../domain/referral/aggir.ts';
import { aidStatuses, financialAidLabels, legalProtectionMeasures, urgencies } from '../../domain/referral/dossier.ts';
import {
  type DossierValues,
  dossierField,
  dossierFieldId,
  isComposite,
  medicalTextLabels,
  partAnchor,
} from './dossier-form.ts';
import { GirSummary } from './dossier-view.tsx';
import { ChoiceFieldset, Disclosure, InputField, type Option, SegmentedField, TextareaField } from './fields.tsx';
import type { FieldErrors } from './form-data.ts';

const optionsOf = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
const aggirOptions: Option[] = aggirCodes.map((code) => ({ value: code, label: code }));

interface Props {
  values: DossierValues;
  errors: FieldErrors;
}

/** Helpers bound to one form: each field's id, name, value and error from its dossier path. */
function bind(props: Props) {
  return (path: string) => ({
    id: dossierFieldId(path),
    name: dossierField(path),
    value: props.values[path],
    error: props.errors[dossierField(path)],
  });
}

/** The only identity field of the dossier not already given with the person: the birth name. */
export function BirthNameField(props: Props) {
  return (
    <InputField
      {...bind(props)('administrative.identity.birthName')}
      label="Nom de naissance (facultatif)"
      hint="S’il diffère du nom d’usage"
      autocomplete="off"
    />
  );
}

function AddressFields(props: Props) {
  const field = bind(props);
  return (
    <fieldset class="fr-fieldset" id={partAnchor('administrative.address')}>
      <legend class="fr-fieldset__legend">Adresse de la personne</legend>
      <div class="fr-fieldset__element">
        <InputField {...field('administrative.address.street')} label="Adresse" hint="Numéro et voie" />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--postal">
        <InputField
          {...field('administrative.address.postcode')}
          label="Code postal"
          inputmode="numeric"
          autocomplete="off"
        />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--inline-grow">
        <InputField {...field('administrative.address.commune')} label="Commune" />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md">
        <InputField
          {...field('administrative.address.departement')}
          label="Département"
          hint="Par exemple 69, 2A ou 974"
          short
        />
      </div>
    </fieldset>
  );
}

function ContactPersonFields(props: Props) {
  const field = bind(props);
  return (
    <fieldset class="fr-fieldset" id={partAnchor('administrative.contactPerson')}>
      <legend class="fr-fieldset__legend">Personne à contacter</legend>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--inline-grow">
        <InputField {...field('administrative.contactPerson.name')} label="Nom et prénom" autocomplete="off" />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--inline-grow">
        <InputField
          {...field('administrative.contactPerson.relationship')}
          label="Lien avec la personne"
          hint="Par exemple : fille, fils, voisin"
        />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--inline-grow">
        <InputField
          {...field('administrative.contactPerson.phone')}
          type="tel"
          inputmode="tel"
          label="Téléphone"
          hint="Par exemple 06 12 34 56 78"
          autocomplete="off"
        />
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline@md fr-fieldset__element--inline-grow">
        <InputField
          {...field('administrative.contactPerson.email')}
          type="email"
          inputmode="email"
          label="Adresse e-mail (facultatif)"
          autocomplete="off"
        />
      </div>
    </fieldset>
  );
}

function LegalProtectionFields(props: Props) {
  const field = bind(props);
  const measure = field('administrative.legalProtection.measure');
  return (
    <div id={partAnchor('administrative.legalProtection')} class="fr-mb-3w">
      <ChoiceFieldset
        id={measure.id}
        name={measure.name}
        type="radio"
        inline
        legend="Mesure de protection juridique"
        options={optionsOf(legalProtectionMeasures)}
        checked={[measure.value ?? '']}
        error={measure.error}
      />
      <InputField
        {...field('administrative.legalProtection.protectorName')}
        label="Personne ou service chargé de la mesure"
        hint="Obligatoire si une mesure est en place"
        autocomplete="off"
      />
    </div>
  );
}

function FinancialAidFields(props: Props) {
  const field = bind(props);
  return (
    <fieldset class="fr-fieldset" id={partAnchor('administrative.financialAids')}>
      <legend class="fr-fieldset__legend">Aides financières</legend>
      {Object.entries(financialAidLabels).map(([aid, label]) => {
        const bound = field(`administrative.financialAids.${aid}`);
        return (
          <div class="fr-fieldset__element">
            <ChoiceFieldset
              id={bound.id}
              name={bound.name}
              type="radio"
              inline
              legend={label}
              options={optionsOf(aidStatuses)}
              checked={[bound.value ?? '']}
              error={bound.error}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

/** The administrative part: who to write to, who decides, when, and how the stay is paid for. */
export function AdministrativeFields(props: Props & { kind: FacilityKind; heading: string }) {
  const field = bind(props);
  return (
    <section aria-labelledby="volet-administratif" class="fr-mb-6w">
      <h2 id="volet-administratif" class="fr-h4">
        {props.heading}
      </h2>
      <AddressFields {...props} />
      <ContactPersonFields {...props} />
      <LegalProtectionFields {...props} />
      <div id={partAnchor('administrative.desiredEntryDate')} class="fr-mb-3w">
        <InputField
          {...field('administrative.desiredEntryDate')}
          type="date"
          label="Date d’entrée souhaitée"
          hint="Format attendu : JJ/MM/AAAA"
        />
      </div>
      {pathwayOf(props.kind) === 'grand_age' ? <FinancialAidFields {...props} /> : null}
    </section>
  );
}

/** The medical part: health data, read only by physicians. */
export function MedicalFields(props: Props & { heading: string }) {
  const field = bind(props);
  return (
    <section aria-labelledby="volet-medical" class="fr-mb-6w">
      <h2 id="volet-medical" class="fr-h4">
        {props.heading}
      </h2>
      <p class="fr-text--sm">
        Données de santé : ce volet n’est lu que par vous et par les médecins coordonnateurs des établissements
        sollicités.
      </p>
      {Object.entries(medicalTextLabels).map(([path, label]) => (
        <div id={partAnchor(path)} class="fr-mb-3w">
          <TextareaField {...field(path)} label={label} rows={4} />
        </div>
      ))}
    </section>
  );
}

/** One variable of the grid: a line per sub-variable, each coded A, B or C. */
function AggirVariable(props: Props & { variable: (typeof discriminantVariables)[number] }) {
  const field = bind(props);
  const { variable } = props;
  const label = discriminantVariableLabels[variable];
  if (!isComposite(variable)) {
    const bound = field(`autonomy.aggir.discriminant.${variable}`);
    return <SegmentedField {...bound} legend={label} options={aggirOptions} />;
  }
  const labels: Record<string, string> = subVariableLabels[variable];
  return (
    <fieldset class="pc-aggir-group">
      <legend>{label}</legend>
      {subVariables[variable].map((sub) => (
        <SegmentedField
          {...field(`autonomy.aggir.discriminant.${variable}.${sub}`)}
          legend={labels[sub] ?? sub}
          options={aggirOptions}
        />
      ))}
    </fieldset>
  );
}

/**
 * The autonomy part: the AGGIR grid, as the national form codes it; the GIR is computed by the
 * platform, never typed. Read by every member of the facilities addressed, not only their doctors.
 */
export function AggirFields(props: Props & { heading: string; savedGir?: number | null | undefined }) {
  const field = bind(props);
  const anyIllustrative = illustrativeVariables.some(
    (variable) => props.values[`autonomy.aggir.illustrative.${variable}`],
  );
  return (
    <section aria-labelledby="grille-aggir" class="fr-mb-6w" id={partAnchor('autonomy.aggir')}>
      <h2 id="grille-aggir" class="fr-h4">
        {props.heading}
      </h2>
      <p class="fr-text--sm">
        Ce volet (la grille et le GIR) est lu par vous et par les équipes des établissements sollicités, comme dans le
        dossier national d’admission.
      </p>
      {props.savedGir ? <GirSummary gir={props.savedGir} saved /> : null}
      <p class="fr-mb-1w">Cotez chaque activité :</p>
      <ul class="fr-text--sm">
        <li>
          <strong>A</strong> : fait seul, spontanément, totalement, habituellement et correctement ;
        </li>
        <li>
          <strong>B</strong> : fait partiellement, ou non habituellement, ou non correctement ;
        </li>
        <li>
          <strong>C</strong> : ne fait pas.
        </li>
      </ul>
      <p class="fr-text--sm">
        Le GIR est calculé à l’enregistrement, une fois toutes les variables discriminantes cotées.
      </p>
      <div class="pc-aggir-grid">
        <h3 class="fr-h6 fr-mb-0">Variables discriminantes</h3>
        {discriminantVariables.filter(isComposite).map((variable) => (
          <AggirVariable {...props} variable={variable} />
        ))}
        <fieldset class="pc-aggir-group">
          <legend>Transferts, déplacements et communication</legend>
          {discriminantVariables
            .filter((variable) => !isComposite(variable))
            .map((variable) => (
              <AggirVariable {...props} variable={variable} />
            ))}
        </fieldset>
      </div>
      <div class="fr-mt-4w">
        <Disclosure title="Variables illustratives (facultatives, hors calcul du GIR)" open={anyIllustrative}>
          <div class="pc-aggir-grid">
            {illustrativeVariables.map((variable) => (
              <SegmentedField
                {...field(`autonomy.aggir.illustrative.${variable}`)}
                legend={illustrativeVariableLabels[variable]}
                options={aggirOptions}
              />
            ))}
          </div>
        </Disclosure>
      </div>
    </section>
  );
}

/** The clinical part of a suites de soins request. */
export function ClinicalFields(props: Props & { heading: string }) {
  const field = bind(props);
  const urgency = field('medical.clinical.urgency');
  return (
    <section aria-labelledby="volet-clinique" class="fr-mb-6w" id={partAnchor('medical.clinical')}>
      <h2 id="volet-clinique" class="fr-h4">
        {props.heading}
      </h2>
      <TextareaField {...field('medical.clinical.clinicalReason')} label="Motif clinique de la demande" rows={4} />
      <TextareaField {...field('medical.clinical.expectedCare')} label="Soins attendus" rows={4} />
      <ChoiceFieldset
        id={urgency.id}
        name={urgency.name}
        type="radio"
        inline
        legend="Degré d’urgence"
        options={optionsOf(urgencies)}
        checked={[urgency.value ?? '']}
        error={urgency.error}
      />
      <InputField
        {...field('medical.clinical.expectedLengthOfStayDays')}
        type="number"
        inputmode="numeric"
        min="1"
        max="365"
        label="Durée de séjour prévue, en jours (facultatif)"
        short
      />
    </section>
  );
}

/** The whole dossier form for a kind of request, sections numbered from `firstSection`. */
export function DossierFields(
  props: Props & { kind: FacilityKind; firstSection: number; savedGir?: number | null | undefined },
) {
  const n = props.firstSection;
  const grandAge = pathwayOf(props.kind) === 'grand_age';
  return (
    <>
      <AdministrativeFields {...props} heading={`${n}. Volet administratif`} />
      {grandAge ? (
        <>
          <AggirFields {...props} heading={`${n + 1}. Volet autonomie (Grille AGGIR)`} />
          <MedicalFields {...props} heading={`${n + 2}. Volet médical`} />
        </>
      ) : (
        <>
          <MedicalFields {...props} heading={`${n + 1}. Volet médical`} />
          <ClinicalFields {...props} heading={`${n + 2}. Volet clinique`} />
        </>
      )}
    </>
  );
}
