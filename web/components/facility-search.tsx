import type { searchFacilities } from '../../api/facilities/search.ts';
import { InputField } from './fields.tsx';

/** What narrows the directory when choosing facilities: a département and part of a name or town. */
export interface FacilitySearch {
  departement: string;
  text: string;
}

export const noFacilitySearch: FacilitySearch = { departement: '', text: '' };

/** How many facilities a choice list shows; the directory holds hundreds per kind. */
export const facilityListLimit = 50;

export type DirectoryFacility = Awaited<ReturnType<typeof searchFacilities>>[number];

export interface FacilityChoices {
  facilities: DirectoryFacility[];
  /** How many matched, before the limit. */
  total: number;
}

/** The two search fields, for a GET form. */
export function FacilitySearchFields(props: { idPrefix: string; search: FacilitySearch }) {
  return (
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-2w">
      <div class="fr-col-12 fr-col-md-4">
        <InputField
          id={`${props.idPrefix}-departement`}
          name="departement"
          label="Département (facultatif)"
          hint="Par exemple 69"
          value={props.search.departement}
          autocomplete="off"
        />
      </div>
      <div class="fr-col-12 fr-col-md-8">
        <InputField
          id={`${props.idPrefix}-nom`}
          name="etablissement"
          label="Nom ou commune de l’établissement (facultatif)"
          value={props.search.text}
          autocomplete="off"
        />
      </div>
    </div>
  );
}

/** Says how much of the directory the list shows, and how to narrow it. */
export function FacilityCount(props: { choices: FacilityChoices }) {
  const { facilities, total } = props.choices;
  if (total <= facilities.length) {
    return (
      <p class="fr-text--sm fr-mb-1w">
        {total} établissement{total > 1 ? 's' : ''} correspond{total > 1 ? 'ent' : ''} à la recherche.
      </p>
    );
  }
  return (
    <p class="fr-text--sm fr-mb-1w">
      {total} établissements correspondent : seuls les {facilities.length} premiers (par ordre alphabétique) sont
      affichés. Précisez le département ou le nom pour trouver les vôtres.
    </p>
  );
}
