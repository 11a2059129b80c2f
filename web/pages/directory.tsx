import type { CommuneView } from '../../api/facilities/communes.ts';
import type { DirectoryItem, FacilityQuery } from '../../api/facilities/search.ts';
import { facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import {
  accommodationTypes,
  accommodationTypeValues,
  facilityCapabilities,
  facilityCapabilityValues,
} from '../../domain/directory/facility-offer.ts';
import { MonthlyCostLine } from '../components/monthly-cost.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface DirectoryForm {
  commune: string;
  query: FacilityQuery;
}

export interface DirectoryResults {
  items: DirectoryItem[];
  total: number;
  origin: CommuneView | null;
  radiusKm: number | null;
  sort: string;
}

function formatKm(km: number): string {
  return `${km < 10 ? km.toFixed(1).replace('.', ',') : Math.round(km)} km`;
}

function formatPrice(price: number): string {
  return `${price.toFixed(2).replace('.', ',')} € / jour`;
}

function Select(props: { id: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <div class="fr-select-group">
      <label class="fr-label" for={props.id}>
        {props.label}
      </label>
      <select class="fr-select" id={props.id} name={props.id}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function SearchForm(props: { form: DirectoryForm }) {
  const { query } = props.form;
  return (
    <form method="get" action="/etablissements" class="fr-mb-4w">
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="commune">
              Commune du patient
              <span class="fr-hint-text">
                Nom ou code postal (un code INSEE s’écrit « INSEE 69123 ») : les distances partent de son centre.
              </span>
            </label>
            <input class="fr-input" id="commune" name="commune" value={props.form.commune} autocomplete="off" />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <Select
            id="type"
            label="Type d’établissement"
            value={query.kind}
            options={[
              ['', 'Tous les types'],
              ...facilityKindValues.map((kind): [string, string] => [kind, facilityKinds[kind].label]),
            ]}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <Select
            id="rayon"
            label="Rayon"
            value={query.radiusKm ? String(query.radiusKm) : '30'}
            options={['10', '20', '30', '50', '100'].map((km): [string, string] => [km, `${km} km`])}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <Select
            id="accueil"
            label="Type d’accueil"
            value={query.accommodation}
            options={[
              ['', 'Tous'],
              ...accommodationTypeValues.map((type): [string, string] => [type, accommodationTypes[type]]),
            ]}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="q">
              Nom ou commune de l’établissement
            </label>
            <input class="fr-input" id="q" name="q" value={query.q ?? ''} />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <Select
            id="tri"
            label="Trier par"
            value={query.sort}
            options={[
              ['', 'Pertinence (avec une commune), sinon nom'],
              ['pertinence', 'Pertinence'],
              ['distance', 'Distance'],
              ['nom', 'Nom'],
            ]}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="places">
              Places disponibles déclarées (au moins)
            </label>
            <input class="fr-input" type="number" min="1" id="places" name="places" value={query.minPlaces ?? ''} />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="prix">
              Prix journalier maximal (€)
              <span class="fr-hint-text">Hébergement permanent, là où il est connu.</span>
            </label>
            <input class="fr-input" type="number" min="1" step="1" id="prix" name="prix" value={query.maxPrice ?? ''} />
          </div>
        </div>
      </div>
      <fieldset class="fr-fieldset fr-mt-2w">
        <legend class="fr-fieldset__legend fr-text--regular">Capacités exigées</legend>
        {facilityCapabilityValues.map((capability) => (
          <div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id={`capacite-${capability}`}
                name="capacite"
                value={capability}
                checked={query.capabilities?.includes(capability)}
              />
              <label class="fr-label" for={`capacite-${capability}`}>
                {facilityCapabilities[capability]}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <button class="fr-btn" type="submit">
        Rechercher
      </button>
    </form>
  );
}

function ResultCard(props: { item: DirectoryItem }) {
  const { item } = props;
  return (
    <li class="fr-mb-3w">
      <div class="fr-card fr-card--sm fr-card--no-arrow">
        <div class="fr-card__body">
          <div class="fr-card__content">
            <h2 class="fr-card__title fr-h6">
              <a href={`/etablissements/${item.id}`}>{item.name}</a>
            </h2>
            <p class="fr-card__desc">
              {item.kindLabel} — {item.commune} ({item.departement})
              {item.distanceKm !== null ? ` — à ${formatKm(item.distanceKm)}` : ''}
              {item.pricePerDay !== null ? ` — ${formatPrice(item.pricePerDay)}` : ''}
            </p>
            {/* In the card's end (DSFR orders it after the description), not above the title. */}
            {item.monthlyCost ? (
              <div class="fr-card__end">
                <MonthlyCostLine estimate={item.monthlyCost} href={`/etablissements/${item.id}`} />
              </div>
            ) : null}
            <ul class="fr-badges-group fr-mt-1w">
              {item.isDemo ? (
                <li>
                  <p class="fr-badge fr-badge--warning fr-badge--sm">Établissement de démonstration</p>
                </li>
              ) : null}
              <li>
                <p
                  class={`fr-badge fr-badge--sm ${item.capacity.stale ? 'fr-badge--new' : item.capacity.availablePlaces ? 'fr-badge--success' : 'fr-badge--info'}`}
                >
                  {item.capacity.label}
                </p>
              </li>
              {item.capabilities.map((capability) => (
                <li>
                  <p class="fr-badge fr-badge--sm">{capability.label}</p>
                </li>
              ))}
            </ul>
            <p class="fr-text--sm fr-mb-0 fr-mt-1w">
              Pourquoi ce rang : {item.explanation.join(' ; ')} (score {item.ranking.score.toFixed(2).replace('.', ',')}
              ).
            </p>
          </div>
        </div>
      </div>
    </li>
  );
}

/** The directory: find the facilities near the patient that provide the care needed and have room. */
export function DirectoryPage(props: {
  frame: PageFrame;
  form: DirectoryForm;
  results: DirectoryResults | undefined;
  /** What was typed does not designate one commune: the question, and the communes to pick from. */
  communeChoice: { question: string; candidates: CommuneView[] } | undefined;
  communeError: string | undefined;
}) {
  const { results } = props;
  return (
    <Layout title="Annuaire des établissements" frame={props.frame}>
      <h1>Annuaire des établissements</h1>
      <p class="fr-text--lead">
        Établissements du répertoire FINESS (Licence Ouverte / Etalab) et places déclarées par les établissements.
      </p>
      <SearchForm form={props.form} />
      {props.communeError ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w">
          <p>{props.communeError}</p>
        </div>
      ) : null}
      {props.communeChoice ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>{props.communeChoice.question}</p>
          <ul>
            {props.communeChoice.candidates.map((commune) => (
              <li>
                <a href={`?${new URLSearchParams([...communeLink(props.form), ['commune-insee', commune.insee]])}`}>
                  {commune.name} ({commune.departement}) — {commune.postcodes.join(', ')}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {results ? (
        <section>
          <h2 class="fr-h4">
            {/* Where the distances start from is always said: the person checks the commune understood. */}
            {results.total === 0
              ? results.origin
                ? `Aucun établissement à moins de ${results.radiusKm} km de ${results.origin.name}`
                : 'Aucun établissement ne correspond'
              : `${results.total} établissement${results.total > 1 ? 's' : ''}${results.origin ? ` à moins de ${results.radiusKm} km de ${results.origin.name}` : ''}`}
            {results.items.length < results.total ? ` (les ${results.items.length} premiers)` : ''}
          </h2>
          <p class="fr-text--sm">
            Ordre par pertinence : score = 0,40 × proximité + 0,25 × places disponibles déclarées + 0,35 × réactivité
            observée (taux de réponse, délai médian, taux d’acceptation sur les demandes passées). Un établissement sans
            historique compte comme moyen.
          </p>
          {results.items.some((item) => item.monthlyCost) ? (
            <p class="fr-text--sm">
              Coût mensuel estimé (EHPAD, USLD) : prix d’hébergement × jours du mois + tarif dépendance GIR 5-6 × jours
              du mois, la part que la personne paie elle-même. Aucune aide n’est déduite ; la page de chaque
              établissement détaille le calcul, la date des prix et les aides qui peuvent réduire ce coût.
            </p>
          ) : null}
          <ul class="fr-raw-list">
            {results.items.map((item) => (
              <ResultCard item={item} />
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** The search as typed, for the links that pick one of the communes it may mean. */
function communeLink(form: DirectoryForm): [string, string][] {
  const { query } = form;
  const params: [string, string][] = [['commune', form.commune]];
  if (query.kind) params.push(['type', query.kind]);
  if (query.radiusKm) params.push(['rayon', String(query.radiusKm)]);
  if (query.accommodation) params.push(['accueil', query.accommodation]);
  if (query.q) params.push(['q', query.q]);
  if (query.minPlaces) params.push(['places', String(query.minPlaces)]);
  if (query.maxPrice) params.push(['prix', String(query.maxPrice)]);
  if (query.sort) params.push(['tri', query.sort]);
  for (const capability of query.capabilities ?? []) params.push(['capacite', capability]);
  return params;
}
