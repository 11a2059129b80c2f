import type { Child } from 'hono/jsx';
import { canConfirmDoctorGrants } from '../domain/identity/doctor-grants.ts';
import { canManageInvitations } from '../domain/identity/invitation-policies.ts';
import { userRoles } from '../domain/identity/users.ts';
import { observatoryAccess } from '../domain/referral/observatory-access.ts';
import { canSeeCaseAnomalies } from '../domain/referral/policies.ts';
import { asset } from './assets.ts';
import { pageStyles } from './components/page-styles.ts';
import { iconStylesheet } from './icon-stylesheet.ts';
import type { PageFrame } from './page-frame.ts';

interface NavLink {
  href: string;
  label: string;
}

/** One step of the breadcrumb (« Accueil » comes first by itself); the last one is the page itself. */
export interface Crumb {
  label: string;
  href?: string;
}

/** The menu follows the person: a physician sends requests, a facility member answers them. */
function navLinks(frame: PageFrame | undefined): NavLink[] {
  const links: NavLink[] = [];
  if (frame?.actor?.role === 'particulier') links.push({ href: '/', label: 'Mon espace' });
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
  return links;
}

function HeaderTools(props: { frame: PageFrame | undefined }) {
  const actor = props.frame?.actor;
  if (actor) {
    const unread = props.frame?.unreadNotifications ?? 0;
    return (
      <ul class="fr-btns-group">
        <li>
          <a
            class="fr-btn fr-icon-notification-3-line"
            href="/notifications"
            aria-current={props.frame?.path === '/notifications' ? 'page' : undefined}
          >
            Notifications
            {unread > 0 ? (
              <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon fr-ml-1w" data-unread={unread}>
                {unread > 99 ? '99+' : String(unread)}
                <span class="fr-sr-only">{unread > 1 ? ' non lues' : ' non lue'}</span>
              </span>
            ) : null}
          </a>
        </li>
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

/** Links of the footer's bottom row, on every page (the accessibility mention as the RGAA words it). */
export const footerLinks: readonly NavLink[] = [
  { href: '/plan-du-site', label: 'Plan du site' },
  { href: '/accessibilite', label: 'Accessibilité : partiellement conforme' },
  { href: '/mentions-legales', label: 'Mentions légales' },
  { href: '/donnees-personnelles', label: 'Données personnelles' },
];

/**
 * Without JavaScript the DSFR menu (a modal on small screens) and the breadcrumb (a collapse) would
 * stay closed for good: they are shown in full instead, their buttons hidden.
 */
const withoutScript = `
.fr-header .fr-header__menu.fr-modal { opacity: 1; visibility: visible; position: static; height: auto; background-color: transparent; }
.fr-header .fr-btn--menu, .fr-header .fr-header__menu .fr-btn--close, .fr-breadcrumb__button { display: none; }
.fr-breadcrumb .fr-collapse { --collapse-max-height: none; visibility: visible; }
.fr-breadcrumb .fr-collapse::before { margin-top: 0; }
`;

/** « Vous êtes ici » on every page below the first level: Accueil, then the given steps. */
function Breadcrumb(props: { crumbs: readonly Crumb[] }) {
  const crumbs: Crumb[] = [{ label: 'Accueil', href: '/' }, ...props.crumbs];
  return (
    <nav class="fr-breadcrumb" aria-label="vous êtes ici :">
      <button type="button" class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" id="fil-ariane">
        <ol class="fr-breadcrumb__list">
          {crumbs.map((crumb, index) =>
            index === crumbs.length - 1 ? (
              <li>
                <span class="fr-breadcrumb__link" aria-current="page">
                  {crumb.label}
                </span>
              </li>
            ) : (
              <li>
                <a class="fr-breadcrumb__link" href={crumb.href ?? '/'}>
                  {crumb.label}
                </a>
              </li>
            ),
          )}
        </ol>
      </div>
    </nav>
  );
}

/** Only where the development mailbox is open (never in production): where the codes and e-mails are. */
function DevelopmentNotice() {
  return (
    <div class="fr-notice fr-notice--info">
      <div class="fr-container">
        <div class="fr-notice__body">
          <p>
            <span class="fr-notice__title">Instance de développement.</span>{' '}
            <span class="fr-notice__desc">Les e-mails et SMS ne sont pas envoyés, ils sont conservés dans la </span>
            <a class="fr-notice__link" href="/dev/boite-mail">
              boîte mail de développement
            </a>
          </p>
        </div>
      </div>
    </div>
  );
}

/** The page frame shared by every screen: DSFR header and its menu, breadcrumb, main content, footer. */
export function Layout(props: {
  title: string;
  frame?: PageFrame | undefined;
  /** The steps after « Accueil » down to this page (its own label last); none on first-level pages. */
  breadcrumbs?: readonly Crumb[] | undefined;
  children: Child;
}) {
  const links = navLinks(props.frame);
  const path = props.frame?.path;
  return (
    <html lang="fr" data-fr-scheme="system">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Parcours`}</title>
        <link rel="stylesheet" href={asset('dsfr', 'dsfr.min.css')} />
        <link rel="stylesheet" href={asset('dsfr', iconStylesheet().path)} />
        <style dangerouslySetInnerHTML={{ __html: pageStyles }} />
        <noscript>
          <style dangerouslySetInnerHTML={{ __html: withoutScript }} />
        </noscript>
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
              {links.length > 0 ? (
                <li>
                  <a class="fr-link" href="#menu-principal">
                    Menu
                  </a>
                </li>
              ) : null}
              <li>
                <a class="fr-link" href="#pied-de-page">
                  Pied de page
                </a>
              </li>
            </ul>
          </nav>
        </div>
        {props.frame?.devMailbox ? <DevelopmentNotice /> : null}
        <header class="fr-header">
          <div class="fr-header__body">
            <div class="fr-container">
              <div class="fr-header__body-row">
                <div class="fr-header__brand fr-enlarge-link">
                  <div class="fr-header__brand-top">
                    <div class="fr-header__service">
                      <a href="/" title="Accueil — Parcours">
                        <p class="fr-header__service-title">Parcours</p>
                      </a>
                      <p class="fr-header__service-tagline">
                        Demandes d’admission et d’orientation en santé et médico-social
                      </p>
                    </div>
                    <div class="fr-header__navbar">
                      <button
                        type="button"
                        class="fr-btn--menu fr-btn"
                        data-fr-opened="false"
                        aria-controls="menu-modal"
                        aria-haspopup="dialog"
                        id="menu-bouton"
                        title="Menu"
                      >
                        Menu
                      </button>
                    </div>
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
          <div class="fr-header__menu fr-modal" id="menu-modal">
            <div class="fr-container">
              <button type="button" class="fr-btn--close fr-btn" aria-controls="menu-modal" title="Fermer">
                Fermer
              </button>
              {/* Small screens hide the header tools; DSFR shows this copy in the menu instead. */}
              <div class="fr-header__menu-links">
                <HeaderTools frame={props.frame} />
              </div>
              {links.length > 0 ? (
                <nav class="fr-nav" id="menu-principal" aria-label="Menu principal">
                  <ul class="fr-nav__list">
                    {links.map((link) => (
                      <li class="fr-nav__item">
                        <a class="fr-nav__link" href={link.href} aria-current={path === link.href ? 'page' : undefined}>
                          {link.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
            </div>
          </div>
        </header>
        <main id="contenu" class="fr-container fr-mt-2w fr-mb-6w" tabindex={-1}>
          {props.breadcrumbs && props.breadcrumbs.length > 0 ? (
            <Breadcrumb crumbs={props.breadcrumbs} />
          ) : (
            <div class="fr-mt-4w" />
          )}
          {props.children}
        </main>
        <footer class="fr-footer" id="pied-de-page">
          <div class="fr-container">
            <div class="fr-footer__body">
              <div class="fr-footer__brand fr-enlarge-link">
                <a class="fr-footer__brand-link" href="/" title="Accueil — Parcours">
                  <span class="fr-h5 fr-mb-0">Parcours</span>
                </a>
              </div>
              <div class="fr-footer__content">
                <p class="fr-footer__content-desc">
                  Parcours est un logiciel libre d’orientation et d’admission. Données des établissements : FINESS
                  (Licence Ouverte / Etalab).
                </p>
              </div>
            </div>
            <div class="fr-footer__bottom">
              <ul class="fr-footer__bottom-list">
                {footerLinks.map((link) => (
                  <li class="fr-footer__bottom-item">
                    <a
                      class="fr-footer__bottom-link"
                      href={link.href}
                      aria-current={path === link.href ? 'page' : undefined}
                    >
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </footer>
        <script type="module" src={asset('dsfr', 'dsfr.module.min.js')} />
        <script nomodule src={asset('dsfr', 'dsfr.nomodule.min.js')} />
      </body>
    </html>
  );
}
