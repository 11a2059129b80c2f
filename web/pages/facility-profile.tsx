import type { FacilityProfile } from '../../api/facilities/profile.ts';
import { formatFrenchDay, parisDay } from '../../domain/calendar/days.ts';
import {
  accommodationTypes,
  accommodationTypesFor,
  facilityCapabilities,
  facilityCapabilityValues,
} from '../../domain/directory/facility-offer.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import type { DoctorGrantView } from '../../services/identity/doctor-grants.ts';
import { DataTable } from '../components/data-table.tsx';
import { MonthlyCostSection } from '../components/monthly-cost.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface FacilityProfileRights {
  editProfile: boolean;
  declareCapacity: boolean;
}

function dateFr(iso: string | null): string {
  return iso ? formatFrenchDay(parisDay(iso)) : '—';
}

function euros(amount: number): string {
  return `${amount.toFixed(2).replace('.', ',')} €`;
}

function Field(props: { label: string; value: string | null | undefined }) {
  return (
    <p class="fr-mb-1w">
      <strong>{props.label} :</strong> {props.value || '—'}
    </p>
  );
}

function CapacityForm(props: { profile: FacilityProfile }) {
  const rows = [
    ...props.profile.units.map((unit) => ({
      name: unit.name,
      type: unit.accommodationType,
      installed: unit.installedPlaces,
      available: unit.availablePlaces,
    })),
    { name: '', type: props.profile.accommodationTypes[0]?.code ?? 'permanent', installed: null, available: null },
    { name: '', type: props.profile.accommodationTypes[0]?.code ?? 'permanent', installed: null, available: null },
  ];
  return (
    <form method="post" action={`/etablissements/${props.profile.id}/places`} class="fr-mb-4w">
      <h2 class="fr-h5">Déclarer les places disponibles</h2>
      <p class="fr-text--sm">
        Une ligne par unité ; laissez le nom vide pour retirer une unité. La déclaration est datée d’aujourd’hui.
      </p>
      {rows.map((row, index) => (
        <div class="fr-grid-row fr-grid-row--gutters">
          {/* Only the types of its kind (an EHPAD has no home hospitalisation), and any already declared. */}
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-input-group">
              <label class="fr-label" for={`unite-${index}-nom`}>
                Unité
              </label>
              <input class="fr-input" id={`unite-${index}-nom`} name={`unite.${index}.nom`} value={row.name} />
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group">
              <label class="fr-label" for={`unite-${index}-accueil`}>
                Type d’accueil
              </label>
              <select class="fr-select" id={`unite-${index}-accueil`} name={`unite.${index}.accueil`}>
                {accommodationTypesFor(props.profile.kind, [row.type]).map((type) => (
                  <option value={type} selected={type === row.type}>
                    {accommodationTypes[type]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="fr-col-6 fr-col-md-2">
            <div class="fr-input-group">
              <label class="fr-label" for={`unite-${index}-installees`}>
                Places installées
              </label>
              <input
                class="fr-input"
                type="number"
                min="0"
                id={`unite-${index}-installees`}
                name={`unite.${index}.installees`}
                value={row.installed ?? ''}
              />
            </div>
          </div>
          <div class="fr-col-6 fr-col-md-2">
            <div class="fr-input-group">
              <label class="fr-label" for={`unite-${index}-disponibles`}>
                Places disponibles
              </label>
              <input
                class="fr-input"
                type="number"
                min="0"
                id={`unite-${index}-disponibles`}
                name={`unite.${index}.disponibles`}
                value={row.available ?? ''}
              />
            </div>
          </div>
        </div>
      ))}
      <button class="fr-btn fr-mt-2w" type="submit">
        Enregistrer la déclaration
      </button>
    </form>
  );
}

function ProfileForm(props: { profile: FacilityProfile }) {
  const { profile } = props;
  const offered = new Set(profile.accommodationTypes.map((type) => type.code));
  const capabilities = new Set(profile.capabilities.map((capability) => capability.code));
  return (
    <form method="post" action={`/etablissements/${profile.id}/profil`} class="fr-mb-4w">
      <h2 class="fr-h5">Modifier le profil</h2>
      <div class="fr-input-group">
        <label class="fr-label" for="description">
          Présentation
        </label>
        <textarea class="fr-input" id="description" name="description" rows={4}>
          {profile.description ?? ''}
        </textarea>
      </div>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="email">
              E-mail des admissions
              <span class="fr-hint-text">Les demandes y sont notifiées.</span>
            </label>
            <input class="fr-input" type="email" id="email" name="email" value={profile.email} />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="telephone">
              Téléphone
            </label>
            <input class="fr-input" id="telephone" name="telephone" value={profile.phone ?? ''} />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="prix">
              Prix journalier (€, hébergement permanent)
            </label>
            <input
              class="fr-input"
              type="number"
              min="0"
              step="0.01"
              id="prix"
              name="prix"
              value={profile.pricePerDay ?? ''}
            />
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="fr-input-group">
            <label class="fr-label" for="tarif-gir56">
              Tarif dépendance GIR 5-6 (€ par jour)
              <span class="fr-hint-text">
                Le « ticket modérateur » payé par chaque résident. Enregistrer le profil date vos prix d’aujourd’hui.
              </span>
            </label>
            <input
              class="fr-input"
              type="number"
              min="0"
              step="0.01"
              id="tarif-gir56"
              name="tarif-gir56"
              value={profile.dependenceGir56PerDay ?? ''}
            />
          </div>
        </div>
      </div>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend fr-text--regular">Types d’accueil</legend>
        {accommodationTypesFor(profile.kind, [...offered]).map((type) => (
          <div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input type="checkbox" id={`accueil-${type}`} name="accueil" value={type} checked={offered.has(type)} />
              <label class="fr-label" for={`accueil-${type}`}>
                {accommodationTypes[type]}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend fr-text--regular">Capacités</legend>
        {facilityCapabilityValues.map((capability) => (
          <div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id={`capacite-${capability}`}
                name="capacite"
                value={capability}
                checked={capabilities.has(capability)}
              />
              <label class="fr-label" for={`capacite-${capability}`}>
                {facilityCapabilities[capability]}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <button class="fr-btn" type="submit">
        Enregistrer le profil
      </button>
    </form>
  );
}

const notices: Record<string, string> = {
  places: 'La déclaration de places est enregistrée.',
  profil: 'Le profil est enregistré.',
};

/** A proposed doctor's own state: no medical part until confirmed, and how to confirm it themselves. */
function OwnDoctorGrant(props: { pscAvailable: boolean; csrf: string }) {
  return (
    <div class="fr-alert fr-alert--info fr-my-2w">
      <h2 class="fr-alert__title">Votre rôle de médecin coordonnateur est en attente de confirmation</h2>
      <p>
        Le volet médical des dossiers vous sera ouvert lorsqu’un administrateur aura vérifié votre numéro RPPS
        {props.pscAvailable ? ', ou dès que vous vous serez identifié avec Pro Santé Connect' : ''}.
      </p>
      {props.pscAvailable ? (
        <form method="post" action="/connexion/psc/confirmer" class="fr-mt-2w">
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="retour" value="/mon-etablissement" />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Confirmer avec Pro Santé Connect
          </button>
        </form>
      ) : null}
    </div>
  );
}

function DoctorGrants(props: { doctors: DoctorGrantView[] }) {
  return (
    <section class="fr-my-4w">
      <h2 class="fr-h5">Médecins coordonnateurs</h2>
      <p class="fr-text--sm">
        Un médecin proposé ne lit le volet médical des dossiers qu’une fois confirmé : par un administrateur qui a
        vérifié son numéro RPPS, ou par sa propre identification Pro Santé Connect.
      </p>
      {props.doctors.length === 0 ? (
        <p>Aucun médecin coordonnateur pour cet établissement.</p>
      ) : (
        <DataTable caption="Médecins coordonnateurs de l’établissement" columns={['Nom', 'Adresse e-mail', 'Rôle']}>
          {props.doctors.map((doctor) => (
            <tr>
              <td>{doctor.displayName}</td>
              <td>{doctor.email}</td>
              <td>
                <p
                  class={`fr-badge fr-badge--sm ${doctor.status === 'confirmed' ? 'fr-badge--success' : 'fr-badge--warning'}`}
                >
                  {doctor.statusLabel}
                </p>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** A facility's page: what requesters see, and for its own people the forms that keep it true. */
export function FacilityProfilePage(props: {
  frame: PageFrame;
  profile: FacilityProfile;
  rights: FacilityProfileRights;
  notice: string | undefined;
  error: string | undefined;
  /** The facility's doctors, confirmed or proposed (its managers and administrators only). */
  doctors?: DoctorGrantView[] | undefined;
  /** The person reading is a proposed doctor of this facility, not confirmed yet. */
  ownDoctorGrant?: { pscAvailable: boolean } | undefined;
}) {
  const { profile, rights } = props;
  const ownDeclaration = rights.declareCapacity && profile.capacity.stale;
  return (
    <Layout
      title={profile.name}
      frame={props.frame}
      breadcrumbs={
        props.frame.path.startsWith('/etablissements/')
          ? [{ label: 'Annuaire des établissements', href: '/etablissements' }, { label: profile.name }]
          : undefined
      }
    >
      <p class="fr-mb-1w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/etablissements">
          Annuaire des établissements
        </a>
      </p>
      <h1>{profile.name}</h1>
      {profile.isDemo ? (
        <p class="fr-badge fr-badge--warning">Établissement de démonstration : il n’existe pas</p>
      ) : null}
      {props.notice && notices[props.notice] ? (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-my-2w">
          <p>{notices[props.notice]}</p>
        </div>
      ) : null}
      {props.error ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-my-2w">
          <p>{props.error}</p>
        </div>
      ) : null}
      {ownDeclaration ? (
        <div class="fr-alert fr-alert--warning fr-my-2w">
          <h2 class="fr-alert__title">Déclaration de places à mettre à jour</h2>
          <p>
            {profile.capacity.ageDays === null
              ? 'Vous n’avez pas encore déclaré vos places disponibles.'
              : `Votre dernière déclaration date de ${profile.capacity.ageDays} jours.`}{' '}
            Au-delà de {profile.capacity.staleAfterDays} jours, l’annuaire la signale comme ancienne et ne la compte
            plus dans le classement.
          </p>
        </div>
      ) : null}
      <div class="fr-grid-row fr-grid-row--gutters fr-my-2w">
        <div class="fr-col-12 fr-col-md-6">
          <Field label="Type" value={profile.kindLabel} />
          <Field label="Catégorie FINESS" value={profile.categoryLabel} />
          <Field label="N° FINESS" value={profile.finess} />
          <Field
            label="Adresse"
            value={[profile.address, profile.postcode, profile.commune].filter(Boolean).join(' ')}
          />
          <Field label="Téléphone" value={profile.phone ? formatPhoneNumber(profile.phone) : profile.phone} />
          <Field label="Prix journalier" value={profile.pricePerDay ? euros(profile.pricePerDay) : null} />
          {profile.monthlyCost ? (
            <Field
              label="Tarif dépendance GIR 5-6"
              value={profile.dependenceGir56PerDay ? `${euros(profile.dependenceGir56PerDay)} par jour` : null}
            />
          ) : null}
          <Field label="Types d’accueil" value={profile.accommodationTypes.map((type) => type.label).join(', ')} />
          <Field label="Capacités" value={profile.capabilities.map((capability) => capability.label).join(', ')} />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <Field label="Places" value={profile.capacity.label} />
          <p class="fr-mb-1w">
            <strong>Réactivité observée sur Parcours :</strong> {profile.explanation.join(' ; ') || '—'}
          </p>
          <Field
            label="Source"
            value={
              profile.source === 'finess'
                ? `FINESS (${profile.sourceFile ?? ''}), importé le ${dateFr(profile.importedAt)}`
                : profile.isDemo
                  ? 'Données de démonstration'
                  : 'Données de démonstration issues de FINESS'
            }
          />
          {profile.description ? <p class="fr-mt-2w">{profile.description}</p> : null}
        </div>
      </div>
      {profile.monthlyCost ? <MonthlyCostSection estimate={profile.monthlyCost} /> : null}
      {profile.units.length > 0 ? (
        <DataTable
          caption="Places déclarées par unité"
          columns={['Unité', 'Type d’accueil', 'Places installées', 'Places disponibles', 'Déclaré le']}
        >
          {profile.units.map((unit) => (
            <tr>
              <td>{unit.name}</td>
              <td>{unit.accommodationLabel}</td>
              <td>{unit.installedPlaces ?? '—'}</td>
              <td>{unit.availablePlaces}</td>
              <td>{dateFr(unit.declaredAt)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {props.ownDoctorGrant ? <OwnDoctorGrant {...props.ownDoctorGrant} csrf={props.frame.csrf} /> : null}
      {props.doctors ? <DoctorGrants doctors={props.doctors} /> : null}
      {rights.declareCapacity ? <CapacityForm profile={profile} /> : null}
      {rights.editProfile ? <ProfileForm profile={profile} /> : null}
    </Layout>
  );
}
