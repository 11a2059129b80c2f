import type { ParticulierAccount } from '../../api/home/particulier-home.ts';
import { formatDateTime } from '../components/dates.ts';

/** One request the person follows as a référent, as « Mon espace » lists it. */
export interface FamilyRequestItem {
  id: string;
  /** Shown on every page and message of the request (`P-2026-000123`). */
  dossierNumber: string;
  personName: string;
  statusLabel: string;
  updatedAt: string;
  /** The request's page. */
  href: string;
}

/** What « Mon espace » shows of a particulier: their account and, once they can be read, their requests. */
export interface ParticulierHome extends ParticulierAccount {
  /** Absent: the requests cannot be listed here (no list is shown rather than a false « none »). */
  requests?: FamilyRequestItem[] | undefined;
}

export const newFamilyRequestPath = '/particulier/demandes/nouvelle';

function RequestsSection(props: { requests: FamilyRequestItem[] }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="espace-demandes">
      <h2 id="espace-demandes">Mes demandes</h2>
      {props.requests.length === 0 ? (
        <p>Vous n’avez pas encore de demande.</p>
      ) : (
        <ul class="fr-raw-list">
          {props.requests.map((request) => (
            <li class="fr-mb-2w">
              <a class="fr-link" href={request.href}>
                {request.personName} — dossier n° {request.dossierNumber}
              </a>{' '}
              <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{request.statusLabel}</span>{' '}
              <span class="fr-text--xs fr-text-mention--grey">mise à jour {formatDateTime(request.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <a class="fr-btn fr-btn--lg fr-icon-add-line fr-btn--icon-left" href={newFamilyRequestPath}>
        Créer une demande
      </a>
    </section>
  );
}

function AccountSection(props: { home: ParticulierHome }) {
  const { home } = props;
  return (
    <section class="fr-mb-6w" aria-labelledby="espace-compte">
      <h2 id="espace-compte">Mon compte</h2>
      <p class="fr-mb-1w">
        <strong>{home.displayName}</strong>
      </p>
      <p class="fr-mb-1w">{home.email}</p>
      {home.emailVerified ? (
        <p class="fr-badge fr-badge--success fr-badge--sm">Adresse e-mail confirmée</p>
      ) : (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
          <p>
            Votre adresse e-mail n’est pas encore confirmée : ouvrez le lien de l’e-mail « Confirmez votre adresse
            e-mail » que nous vous avons envoyé.
          </p>
        </div>
      )}
      <ul class="fr-raw-list fr-mt-2w">
        <li class="fr-mb-1w">
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/compte">
            Gérer mon compte (mot de passe, téléphone, sessions)
          </a>
        </li>
        <li>
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/compte/notifications">
            Choisir comment je suis prévenu
          </a>
        </li>
      </ul>
    </section>
  );
}

/** « Mon espace » of a person or a relative: their requests (when they can be listed), then their account. */
export function ParticulierSection(props: { home: ParticulierHome }) {
  return (
    <>
      {props.home.requests ? <RequestsSection requests={props.home.requests} /> : null}
      <AccountSection home={props.home} />
    </>
  );
}
