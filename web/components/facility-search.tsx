import type { CommuneView } from '../../api/facilities/communes.ts';
import { defaultRadiusKm, type searchFacilities } from '../../api/facilities/search.ts';
import { InputField, SelectField } from './fields.tsx';

/**
 * What narrows the directory when choosing facilities: the person's commune and a radius (then the
 * facilities are ranked by proximity, declared places and responsiveness), a département and part
 * of a name or town.
 */
export interface FacilitySearch {
  departement: string;
  text: string;
  /** The person's commune as typed (name, postcode or INSEE code). */
  commune: string;
  /** The INSEE code picked when several communes match what was typed. */
  communeCode: string;
  radiusKm: number;
}

/** The radius choices, in km. */
export const radiusChoices = [10, 20, 30, 50, 100] as const;

export const noFacilitySearch: FacilitySearch = {
  departement: '',
  text: '',
  commune: '',
  communeCode: '',
  radiusKm: defaultRadiusKm,
};

/** How many facilities a choice list shows; the directory holds hundreds per kind. */
export const facilityListLimit = 50;

export type DirectoryFacility = Awaited<ReturnType<typeof searchFacilities>>[number];

export interface FacilityChoices {
  facilities: DirectoryFacility[];
  /** How many matched, before the limit. */
  total: number;
  /** The person's commune, once resolved: distances start from it and the list is ranked. */
  origin?: CommuneView | null;
  /** What was typed does not designate one commune: the person picks one of these. */
  communeCandidates?: CommuneView[];
  /** The label of that choice (several communes share a name or a postcode, or a code to confirm). */
  communeQuestion?: string;
  /** Nothing matches what was typed. */
  communeError?: string;
}

function communeOption(commune: CommuneView) {
  const postcodes =
    commune.postcodes.length > 3 ? `${commune.postcodes.slice(0, 3).join(', ')}…` : commune.postcodes.join(', ');
  return { value: commune.insee, label: `${commune.name} — ${postcodes} (${commune.departement})` };
}

/** The search fields, for a GET form: their names are the page's query parameters. */
export function FacilitySearchFields(props: { idPrefix: string; search: FacilitySearch; choices?: FacilityChoices }) {
  const candidates = props.choices?.communeCandidates ?? [];
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
      <div class="fr-col-12 fr-col-md-8">
        <InputField
          id={`${props.idPrefix}-commune`}
          name="commune"
          label="Commune de la personne (facultatif)"
          hint="Nom ou code postal (un code INSEE s’écrit « INSEE 69123 ») : les établissements proches sont classés par distance, places disponibles et réactivité."
          value={props.search.commune}
          error={props.choices?.communeError}
          autocomplete="off"
        />
        {candidates.length > 0 ? (
          <SelectField
            id={`${props.idPrefix}-commune-insee`}
            name="commune-insee"
            label={props.choices?.communeQuestion ?? 'Plusieurs communes correspondent : laquelle ?'}
            placeholder="Choisir la commune"
            options={candidates.map(communeOption)}
            value={props.choices?.origin?.insee ?? props.search.communeCode}
          />
        ) : null}
      </div>
      <div class="fr-col-12 fr-col-md-4">
        <SelectField
          id={`${props.idPrefix}-rayon`}
          name="rayon"
          label="Rayon autour de la commune"
          placeholder="Choisir un rayon"
          options={radiusChoices.map((km) => ({ value: String(km), label: `${km} km` }))}
          value={String(props.search.radiusKm)}
        />
      </div>
    </div>
  );
}

/** The same search in a POST form, so that the page comes back with the same facilities. */
export function FacilitySearchHiddenFields(props: { search: FacilitySearch; choices?: FacilityChoices }) {
  const { search } = props;
  return (
    <>
      <input type="hidden" name="recherche.commune" value={search.commune} />
      <input type="hidden" name="recherche.commune-insee" value={props.choices?.origin?.insee ?? search.communeCode} />
      <input type="hidden" name="recherche.rayon" value={String(search.radiusKm)} />
      <input type="hidden" name="recherche.departement" value={search.departement} />
      <input type="hidden" name="recherche.etablissement" value={search.text} />
    </>
  );
}

function formatKm(km: number): string {
  return `${km < 10 ? km.toFixed(1).replace('.', ',') : Math.round(km)} km`;
}

/**
 * What a requester reads beside a facility to choose it: where it is, and from the person's
 * commune its distance, its declared places and why it ranks there.
 */
export function facilityChoiceHint(facility: DirectoryFacility): string {
  const parts = [`${facility.commune} (${facility.departement})`];
  if (facility.distanceKm !== null) {
    parts.push(`à ${formatKm(facility.distanceKm)}`);
    parts.push(facility.capacity.label);
    // The ranking's explanation starts with the distance, already said.
    parts.push(...facility.explanation.filter((line) => !/^à [\d,]+ km$/.test(line)));
  }
  if (facility.isDemo) parts.push('établissement de démonstration');
  else if (facility.finess) parts.push(`FINESS ${facility.finess}`);
  return parts.join(' — ');
}

/** Says how much of the directory the list shows, in which order, and how to narrow it. */
export function FacilityCount(props: { choices: FacilityChoices; search: FacilitySearch }) {
  const { facilities, total, origin } = props.choices;
  const plural = total > 1;
  if (origin) {
    const where = `à moins de ${props.search.radiusKm} km de ${origin.name}`;
    return (
      <p class="fr-text--sm fr-mb-1w">
        {total === 0
          ? `Aucun établissement ${where}.`
          : `${total} établissement${plural ? 's' : ''} ${where}, classé${plural ? 's' : ''} par pertinence : proximité, places disponibles déclarées et réactivité observée sur Parcours.`}
        {total > facilities.length ? ` Seuls les ${facilities.length} premiers sont affichés.` : ''}
      </p>
    );
  }
  if (total <= facilities.length) {
    return (
      <p class="fr-text--sm fr-mb-1w">
        {total} établissement{plural ? 's' : ''} correspond{plural ? 'ent' : ''} à la recherche.
      </p>
    );
  }
  return (
    <p class="fr-text--sm fr-mb-1w">
      {total} établissements correspondent : seuls les {facilities.length} premiers (par ordre alphabétique) sont
      affichés. Indiquez la commune de la personne, le département ou le nom pour trouver les vôtres.
    </p>
  );
}
