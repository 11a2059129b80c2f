import type { PcoPlatform } from '../../api/pco/platforms.ts';
import type { AppError } from '../../domain/errors.ts';
import { type PcoAgeRange, pcoAgeRangeLabels } from '../../domain/pco/eligibility.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { DataTable } from '../components/data-table.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The platform form's fields, as typed. */
export interface PlatformValues {
  name: string;
  departement: string;
  ageRange: string;
  email: string;
  phone: string;
  finess: string;
}

export const emptyPlatform: PlatformValues = {
  name: '',
  departement: '',
  ageRange: '',
  email: '',
  phone: '',
  finess: '',
};

export interface PcoPlatformsPageProps {
  frame: PageFrame;
  platforms: PcoPlatform[];
  values: PlatformValues;
  /** The form was filled from this platform, to update it. */
  editing: boolean;
  errors: FieldErrors;
  notice?: string | undefined;
  error?: AppError | undefined;
}

const ageRangeLabel = (ageRange: string) => pcoAgeRangeLabels[ageRange as PcoAgeRange] ?? ageRange;

function PlatformForm(props: PcoPlatformsPageProps) {
  const { values, errors } = props;
  return (
    <section aria-labelledby="formulaire" class="fr-mb-6w">
      <h2 id="formulaire" class="fr-h4">
        {props.editing ? 'Modifier une plateforme' : 'Déclarer une plateforme'}
      </h2>
      <p class="fr-hint-text">
        Une seule plateforme par département et par tranche d’âge : déclarer à nouveau le même couple met à jour la
        plateforme existante.{' '}
        {props.editing
          ? 'Changer le département ou la tranche d’âge déclare une autre plateforme sans modifier celle-ci. '
          : ''}
        Tous les champs sont obligatoires sauf mention contraire.
      </p>
      <form method="post" action="/pco/plateformes" novalidate>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12">
            <InputField
              id="name"
              name="name"
              label="Nom de la plateforme"
              value={values.name}
              error={errors.name}
              autocomplete="off"
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="departement"
              name="departement"
              label="Département"
              hint="Par exemple 69, 2A ou 974"
              value={values.departement}
              error={errors.departement}
              autocomplete="off"
              short
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <SelectField
              id="ageRange"
              name="ageRange"
              label="Tranche d’âge"
              placeholder="Choisir une tranche d’âge"
              options={(Object.keys(pcoAgeRangeLabels) as PcoAgeRange[]).map((range) => ({
                value: range,
                label: pcoAgeRangeLabels[range],
              }))}
              value={values.ageRange}
              error={errors.ageRange}
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="email"
              name="email"
              type="email"
              label="Adresse e-mail de la plateforme"
              hint="Elle reçoit les nouvelles orientations et les alertes d’échéance."
              value={values.email}
              error={errors.email}
              autocomplete="off"
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="phone"
              name="phone"
              type="tel"
              label="Téléphone (facultatif)"
              value={values.phone}
              error={errors.phone}
              autocomplete="off"
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="finess"
              name="finess"
              label="Numéro FINESS (facultatif)"
              hint="9 caractères"
              value={values.finess}
              error={errors.finess}
              autocomplete="off"
              short
            />
          </div>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              Enregistrer la plateforme
            </button>
          </li>
          {props.editing ? (
            <li>
              <a class="fr-btn fr-btn--tertiary" href="/pco/plateformes">
                Annuler
              </a>
            </li>
          ) : null}
        </ul>
      </form>
    </section>
  );
}

/** Administrators: the PCO TND platforms by département and age range, and the form to declare one. */
export function PcoPlatformsPage(props: PcoPlatformsPageProps) {
  const invalid = Object.keys(props.errors).length > 0;
  return (
    <Layout
      title={invalid || props.error ? 'Erreur : plateformes PCO' : 'Plateformes PCO'}
      frame={props.frame}
      breadcrumbs={[{ label: 'Plateformes PCO' }]}
    >
      <h1>Plateformes PCO TND</h1>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : invalid ? <InvalidFormAlert /> : null}
      <p>
        Chaque orientation est adressée à la plateforme du département de résidence de l’enfant, selon son âge. Sans
        plateforme pour un département et une tranche d’âge, les médecins ne peuvent pas y orienter d’enfant.
      </p>
      {props.platforms.length === 0 ? (
        <p class="fr-text--lead">Aucune plateforme déclarée pour l’instant.</p>
      ) : (
        <DataTable
          caption="Plateformes par département et tranche d’âge"
          hideCaption
          multiline
          columns={['Plateforme', 'Département', 'Tranche d’âge', 'Contact', 'FINESS', 'Action']}
        >
          {props.platforms.map((platform) => (
            <tr>
              <th scope="row">
                {platform.name}
                {platform.isDemo ? (
                  <>
                    {' '}
                    <span class="fr-badge fr-badge--sm">Démonstration</span>
                  </>
                ) : null}
              </th>
              <td>{platform.departement}</td>
              <td>{ageRangeLabel(platform.ageRange)}</td>
              <td>
                {platform.email}
                {platform.phone ? (
                  <>
                    <br />
                    {formatPhoneNumber(platform.phone)}
                  </>
                ) : null}
              </td>
              <td>{platform.finess ?? '—'}</td>
              <td>
                <a class="fr-link" href={`/pco/plateformes?modifier=${platform.id}#formulaire`}>
                  Modifier<span class="fr-sr-only"> : {platform.name}</span>
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <PlatformForm {...props} />
    </Layout>
  );
}
