import type { searchFacilities } from '../../api/facilities/routes.ts';
import type { AppError } from '../../domain/errors.ts';
import { type FacilityKind, facilityKinds, facilityKindValues } from '../../domain/facility-kinds.ts';
import { sexLabels, sexValues } from '../../domain/patient.ts';
import { ErrorAlert, InvalidFormAlert } from '../components/alerts.tsx';
import { todayInParis } from '../components/dates.ts';
import { ChoiceFieldset, InputField, SelectField } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export type DirectoryFacility = Awaited<ReturnType<typeof searchFacilities>>[number];

/** What the person typed, given back unchanged when the form is shown again. */
export interface NewReferralValues {
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: string;
  departement: string;
  facilityIds: string[];
}

export const emptyNewReferral: NewReferralValues = {
  lastName: '',
  firstName: '',
  birthDate: '',
  sex: '',
  departement: '',
  facilityIds: [],
};

export interface NewReferralPageProps {
  frame: PageFrame;
  kind: FacilityKind | undefined;
  facilities: DirectoryFacility[];
  values: NewReferralValues;
  errors: FieldErrors;
  error?: AppError | undefined;
}

function facilityHint(facility: DirectoryFacility): string {
  const place = `${facility.commune} (${facility.departement})`;
  if (facility.isDemo) return `${place} — établissement de démonstration`;
  return facility.finess ? `${place} — FINESS ${facility.finess}` : place;
}

export function NewReferralPage(props: NewReferralPageProps) {
  const { values, errors } = props;
  const invalid = Object.keys(errors).length > 0;
  return (
    <Layout title={invalid ? 'Erreur : nouvelle demande' : 'Nouvelle demande'} frame={props.frame}>
      <h1>Nouvelle demande d’admission</h1>
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {invalid ? <InvalidFormAlert /> : null}
      <p class="fr-hint-text">Sauf mention contraire, tous les champs sont obligatoires.</p>

      <h2 class="fr-h4">1. Type de prise en charge</h2>
      <form method="get" action="/demandes/nouvelle" class="fr-mb-6w">
        <SelectField
          id="type"
          name="type"
          label="Type d’établissement recherché"
          hint="La liste des établissements proposés dépend de ce choix."
          placeholder="Choisir un type de prise en charge"
          options={facilityKindValues.map((kind) => ({ value: kind, label: facilityKinds[kind].label }))}
          value={props.kind}
          error={errors.kind}
          required
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Afficher les établissements
        </button>
      </form>

      {props.kind ? (
        <form method="post" action="/demandes/nouvelle" novalidate>
          <input type="hidden" name="kind" value={props.kind} />
          <h2 class="fr-h4">2. La personne</h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
              <InputField
                id="lastName"
                name="lastName"
                label="Nom"
                value={values.lastName}
                error={errors['patient.lastName']}
                autocomplete="off"
                required
              />
            </div>
            <div class="fr-col-12 fr-col-md-6">
              <InputField
                id="firstName"
                name="firstName"
                label="Prénom"
                value={values.firstName}
                error={errors['patient.firstName']}
                autocomplete="off"
                required
              />
            </div>
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
                id="departement"
                name="departement"
                label="Département de résidence (facultatif)"
                hint="Numéro du département, par exemple 69, 2A ou 974"
                value={values.departement}
                error={errors['patient.departement']}
                inputmode="text"
              />
            </div>
          </div>
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

          <h2 class="fr-h4">3. Établissements sollicités</h2>
          <ChoiceFieldset
            id="facilityIds"
            name="facilityIds"
            type="checkbox"
            legend={`Établissements (${facilityKinds[props.kind].label}) auxquels envoyer la demande`}
            hint="La demande est envoyée en même temps à chaque établissement coché."
            options={props.facilities.map((facility) => ({
              value: facility.id,
              label: facility.name,
              hint: facilityHint(facility),
            }))}
            checked={values.facilityIds}
            error={errors.facilityIds}
            empty={<p>Aucun établissement de ce type n’est référencé pour l’instant.</p>}
          />
          <button type="submit" class="fr-btn fr-icon-send-plane-line fr-btn--icon-left">
            Envoyer la demande
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
