import type { FacilityHome, PcoHome, PhysicianHome, StalledReasonCount } from '../../api/home/dashboards.ts';
import { ageLabel } from '../../domain/directory/capacity-freshness.ts';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import { DaysLeftBadge } from '../components/pco-badges.tsx';
import { RequesterStatusBadge, TaskStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';
import { type ParticulierHome, ParticulierSection } from './particulier-home.tsx';

/** What the home page shows of each role the person holds; a section is absent for a role they do not hold. */
export interface HomeSections {
  physician?: PhysicianHome | undefined;
  facility?: FacilityHome | undefined;
  coordinator?: StalledReasonCount[] | undefined;
  pco?: PcoHome | undefined;
  /** A person or a relative: « Mon espace ». */
  particulier?: ParticulierHome | undefined;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`;
}

interface Count {
  count: number;
  label: string;
  href: string;
}

/** Counts, each a link to the list it counts (same filter). */
function Counts(props: { label: string; items: Count[] }) {
  return (
    <ul class="fr-raw-list fr-mb-3w" aria-label={props.label}>
      {props.items.map((item) => (
        <li class="fr-mb-1w">
          <a class="fr-link" href={item.href}>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function PhysicianSection(props: { home: PhysicianHome }) {
  const { home } = props;
  const toDo: Count[] = [
    {
      count: home.choicePending,
      label: `${plural(home.choicePending, 'accord', 'accords')} en attente de votre choix`,
      href: '/demandes?suivi=choix',
    },
    {
      count: home.infoRequested,
      label: `${plural(home.infoRequested, 'demande', 'demandes')} d’informations en attente de votre réponse`,
      href: '/demandes?suivi=informations',
    },
    {
      count: home.stalled,
      label: `${plural(home.stalled, 'demande en retard', 'demandes en retard')}`,
      href: '/demandes?en-retard=oui',
    },
    {
      count: home.drafts,
      label: `${plural(home.drafts, 'brouillon', 'brouillons')} à compléter et envoyer`,
      href: '/demandes?statut=draft',
    },
  ].filter((item) => item.count > 0);
  return (
    <section class="fr-mb-6w" aria-labelledby="accueil-medecin">
      <div class="fr-grid-row fr-grid-row--middle fr-grid-row--gutters">
        <div class="fr-col">
          <h2 id="accueil-medecin" class="fr-mb-0">
            Mes demandes
          </h2>
        </div>
        <div class="fr-col-auto">
          <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/demandes/nouvelle">
            Nouvelle demande
          </a>
        </div>
      </div>
      <h3 class="fr-h5 fr-mt-3w">À traiter</h3>
      {toDo.length === 0 ? (
        <p>Rien à traiter : aucun accord ni aucune question ne vous attend.</p>
      ) : (
        <Counts label="Demandes à traiter" items={toDo} />
      )}
      <h3 class="fr-h5">Mes autres demandes en cours</h3>
      {home.others.length === 0 ? (
        <p>Aucune autre demande en cours.</p>
      ) : (
        <ul class="fr-raw-list">
          {home.others.map((item) => (
            <li class="fr-mb-2w">
              <p class="fr-mb-1v">
                <a class="fr-link" href={`/demandes/${item.id}`}>
                  {item.patientName}
                </a>{' '}
                — {item.kindLabel} <RequesterStatusBadge status={item.status} />{' '}
                <span class="fr-text--xs fr-text-mention--grey">mise à jour {formatDateTime(item.updatedAt)}</span>
              </p>
              {item.chips.length > 0 ? (
                <ul class="fr-badges-group" aria-label={`Réponses des établissements pour ${item.patientName}`}>
                  {item.chips.map((chip) => (
                    <li>
                      <span class="fr-text--sm fr-mr-1v">{chip.facilityName} :</span>
                      <TaskStatusBadge status={chip.status} label={chip.statusLabel} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/demandes">
          Toutes mes demandes
          {home.othersTotal > home.others.length ? ` (${home.othersTotal} autres demandes en cours)` : ''}
        </a>
      </p>
    </section>
  );
}

function FacilitySection(props: { home: FacilityHome }) {
  const { home } = props;
  return (
    <section class="fr-mb-6w" aria-labelledby="accueil-etablissement">
      <h2 id="accueil-etablissement">Mon établissement</h2>
      <Counts
        label="Demandes reçues à traiter"
        items={[
          {
            count: home.newRequests,
            label: `${plural(home.newRequests, 'nouvelle demande', 'nouvelles demandes')} non ouverte${home.newRequests > 1 ? 's' : ''}`,
            href: '/boite-de-reception?statut=sent',
          },
          {
            count: home.overdue,
            label: `${plural(home.overdue, 'demande', 'demandes')} en retard`,
            href: '/boite-de-reception?en-retard=oui',
          },
          {
            count: home.admissionsThisWeek,
            label: `${plural(home.admissionsThisWeek, 'admission prévue', 'admissions prévues')} d’ici le ${formatCalendarDate(home.weekEnd)}`,
            href: `/boite-de-reception?statut=chosen&entree-avant=${home.weekEnd}`,
          },
        ]}
      />
      <p>
        <a class="fr-link fr-icon-add-line fr-link--icon-left" href="/demandes-accompagnees/nouvelle">
          Créer une demande pour une personne accompagnée (avec son accord)
        </a>
      </p>
      <h3 class="fr-h5">Places déclarées</h3>
      <ul class="fr-raw-list">
        {home.places.map((place) => (
          <li class="fr-mb-1w">
            <strong>{place.name}</strong> :{' '}
            {place.availablePlaces === null || place.declaredDaysAgo === null ? (
              'aucune place déclarée pour l’instant.'
            ) : (
              <>
                {plural(place.availablePlaces, 'place disponible', 'places disponibles')}
                {place.installedPlaces !== null ? ` sur ${place.installedPlaces}` : ''}, déclarée
                {place.availablePlaces > 1 ? 's' : ''} {ageLabel(place.declaredDaysAgo)}.
              </>
            )}{' '}
            {place.stale ? (
              <span class="fr-badge fr-badge--sm fr-badge--warning">Déclaration à mettre à jour</span>
            ) : null}{' '}
            <a class="fr-link fr-text--sm" href={`/etablissements/${place.id}`}>
              Déclarer les places<span class="fr-sr-only"> de {place.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CoordinatorSection(props: { reasons: StalledReasonCount[] }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="accueil-coordination">
      <h2 id="accueil-coordination">Mon territoire</h2>
      {props.reasons.length === 0 ? (
        <p>Aucun dossier en retard sur votre territoire.</p>
      ) : (
        <Counts
          label="Dossiers en retard, par motif"
          items={props.reasons.map((reason) => ({
            count: reason.count,
            label: `${plural(reason.count, 'dossier', 'dossiers')} : ${reason.label}${reason.what === 'pco' ? ' (orientation PCO)' : ''}`,
            href: `/coordination?reason=${reason.reason}`,
          }))}
        />
      )}
      <p>
        <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/coordination">
          Tous les dossiers en retard
        </a>
      </p>
      <p>
        <a class="fr-link fr-icon-add-line fr-link--icon-left" href="/demandes-accompagnees/nouvelle">
          Créer une demande pour une personne accompagnée (avec son accord)
        </a>
      </p>
    </section>
  );
}

function PcoSection(props: { home: PcoHome }) {
  const { home } = props;
  return (
    <section class="fr-mb-6w" aria-labelledby="accueil-pco">
      <h2 id="accueil-pco">Ma plateforme PCO TND</h2>
      {home.toValidate === 0 ? (
        <p>Aucune orientation à valider.</p>
      ) : (
        <>
          <Counts
            label="Orientations à valider"
            items={[
              {
                count: home.toValidate,
                label: `${plural(home.toValidate, 'orientation', 'orientations')} à valider`,
                href: '/pco/boite-de-reception?statut=submitted',
              },
            ]}
          />
          <ul class="fr-raw-list" aria-label="Les plus anciennes à valider">
            {home.oldest.map((item) => (
              <li class="fr-mb-1w">
                <a class="fr-link" href={`/pco/${item.id}`}>
                  {item.childName}
                </a>{' '}
                ({item.childAge}, {item.platformName}) — <DaysLeftBadge days={item.daysLeft} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function HomePage(props: { frame: PageFrame; sections?: HomeSections }) {
  const { actor } = props.frame;
  const sections = props.sections ?? {};
  const any = sections.physician || sections.facility || sections.coordinator || sections.pco;
  if (actor && sections.particulier) {
    return (
      <Layout title="Mon espace" frame={props.frame}>
        <h1>Mon espace</h1>
        <ParticulierSection home={sections.particulier} />
      </Layout>
    );
  }
  return (
    <Layout title="Accueil" frame={props.frame}>
      {!actor ? (
        <>
          <h1>Parcours</h1>
          <p class="fr-text--lead">
            Adressez en une fois une demande d’admission à plusieurs établissements (EHPAD, USLD, SMR, HAD…), suivez
            leurs réponses et organisez l’entrée de la personne.
          </p>
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <a class="fr-btn" href="/connexion">
                Se connecter
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href="/inscription">
                Créer mon compte (particulier)
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <h1>Accueil</h1>
          {sections.physician ? <PhysicianSection home={sections.physician} /> : null}
          {sections.facility ? <FacilitySection home={sections.facility} /> : null}
          {sections.coordinator ? <CoordinatorSection reasons={sections.coordinator} /> : null}
          {sections.pco ? <PcoSection home={sections.pco} /> : null}
          {any ? null : <p>Votre espace ne comporte pas encore de tableau de bord : utilisez le menu.</p>}
        </>
      )}
    </Layout>
  );
}
