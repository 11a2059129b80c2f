import type { Child } from 'hono/jsx';
import { canConfirmDoctorGrants } from '../domain/identity/doctor-grants.ts';
import { canManageInvitations } from '../domain/identity/invitation-policies.ts';
import { userRoles } from '../domain/identity/users.ts';
import { observatoryAccess } from '../domain/referral/observatory-access.ts';
import { canSeeCaseAnomalies } from '../domain/referral/policies.ts';
import { pageStyles } from './components/page-styles.ts';
import type { PageFrame } from './page-frame.ts';

interface NavLink {
  href: string;
  label: string;
}

/** The menu follows the person: a physician sends requests, a facility member answers them. */
function navLinks(frame: PageFrame | undefined): NavLink[] {
  const links: NavLink[] = [];
  if (frame?.actor?.role === 'physician') {
    links.push({ href: '/demandes', label: 'Mes demandes' }, { href: '/demandes/nouvelle', label: 'Nouvelle demande' });
  }
  if (frame?.actor?.role === 'facility_member')
    links.push(
      { href: '/boite-de-reception', label: 'Demandes reçues' },
      { href: '/mon-etablissement', label: 'Mon établissement' },
    );
  if (frame?.actor?.role === 'physician') links.push({ href: '/pco', label: 'Orientations PCO' });
  if (frame?.actor?.role === 'physician' || frame?.actor?.role === 'facility_member')
    links.push({ href: '/etablissements', label: 'Annuaire des établissements' });
  if (frame?.actor?.role === 'pco_member')
    links.push({ href: '/pco/boite-de-reception', label: 'Orientations reçues' });
  if (frame?.actor?.role === 'admin') links.push({ href: '/pco/plateformes', label: 'Plateformes PCO' });
  if (frame?.actor && canConfirmDoctorGrants(frame.actor))
    links.push({ href: '/administration/medecins', label: 'Médecins à confirmer' });
  if (frame?.actor && canSeeCaseAnomalies(frame.actor))
    links.push({ href: '/administration/anomalies', label: 'Dossiers en anomalie' });
  if (frame?.actor?.role === 'coordinator') links.push({ href: '/coordination', label: 'Dossiers en retard' });
  if (frame?.actor && observatoryAccess(frame.actor)) links.push({ href: '/observatoire', label: 'Observatoire' });
  if (frame?.actor && canManageInvitations(frame.actor)) links.push({ href: '/invitations', label: 'Invitations' });
  if (frame?.devMailbox) links.push({ href: '/dev/boite-mail', label: 'Boîte mail de développement' });
  return links;
}

function HeaderTools(props: { frame: PageFrame | undefined }) {
  const actor = props.frame?.actor;
  if (actor) {
    return (
      <ul class="fr-btns-group">
        <li>
          <a class="fr-btn fr-icon-account-circle-line" href="/compte" title={`Mon compte (${userRoles[actor.role]})`}>
            {actor.displayName}
          </a>
        </li>
        <li>
          <form method="post" action="/deconnexion">
            <input type="hidden" name="csrf" value={props.frame?.csrf ?? ''} />
            <button type="submit" class="fr-btn fr-icon-logout-box-r-line">
              Se déconnecter
            </button>
          </form>
        </li>
      </ul>
    );
  }
  return (
    <ul class="fr-btns-group">
      <li>
        <a class="fr-btn fr-icon-lock-line" href="/connexion">
          Se connecter
        </a>
      </li>
    </ul>
  );
}

/** The page frame shared by every screen: DSFR header, main content, footer. */
export function Layout(props: { title: string; frame?: PageFrame | undefined; children: Child }) {
  const links = navLinks(props.frame);
  return (
    <html lang="fr" data-fr-scheme="system">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Parcours`}</title>
        <link rel="stylesheet" href="/static/dsfr/dsfr.min.css" />
        <link rel="stylesheet" href="/static/dsfr/utility/icons/icons.min.css" />
        <style dangerouslySetInnerHTML={{ __html: pageStyles }} />
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" aria-label="Accès rapide">
            <ul class="fr-skiplinks__list">
              <li>
                <a class="fr-link" href="#contenu">
                  Contenu
                </a>
              </li>
            </ul>
          </nav>
        </div>
        <header class="fr-header">
          <div class="fr-header__body">
            <div class="fr-container">
              <div class="fr-header__body-row">
                <div class="fr-header__brand fr-enlarge-link">
                  <div class="fr-header__service">
                    <a href="/" title="Accueil — Parcours">
                      <p class="fr-header__service-title">Parcours</p>
                    </a>
                    <p class="fr-header__service-tagline">
                      Demandes d’admission et d’orientation en santé et médico-social
                    </p>
                  </div>
                </div>
                <div class="fr-header__tools">
                  <div class="fr-header__tools-links">
                    <HeaderTools frame={props.frame} />
                  </div>
                </div>
              </div>
            </div>
          </div>
          {links.length > 0 || props.frame?.actor ? (
            <div class="fr-header__menu">
              <div class="fr-container">
                {/* Small screens hide the header tools; DSFR shows this copy in the menu instead. */}
                <div class="fr-header__menu-links">
                  <HeaderTools frame={props.frame} />
                </div>
                <nav class="fr-nav" aria-label="Menu principal">
                  <ul class="fr-nav__list">
                    {links.map((link) => (
                      <li class="fr-nav__item">
                        <a
                          class="fr-nav__link"
                          href={link.href}
                          aria-current={props.frame?.path === link.href ? 'page' : undefined}
                        >
                          {link.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              </div>
            </div>
          ) : null}
        </header>
        <main id="contenu" class="fr-container fr-my-6w" tabindex={-1}>
          {props.children}
        </main>
        <footer class="fr-footer" role="contentinfo">
          <div class="fr-container">
            <div class="fr-footer__body">
              <p class="fr-footer__content-desc">
                Parcours est un logiciel libre d’orientation et d’admission. Données des établissements : FINESS
                (Licence Ouverte / Etalab).
              </p>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}
