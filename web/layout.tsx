import type { Child } from 'hono/jsx';
import type { Actor } from '../domain/users.ts';

/** The page frame shared by every screen: DSFR header, main content, footer. */
export function Layout(props: { title: string; actor?: Actor | undefined; children: Child }) {
  return (
    <html lang="fr" data-fr-scheme="system">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Parcours`}</title>
        <link rel="stylesheet" href="/static/dsfr/dsfr.min.css" />
        <link rel="stylesheet" href="/static/dsfr/utility/icons/icons.min.css" />
      </head>
      <body>
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
                    <ul class="fr-btns-group">
                      {props.actor ? (
                        <li>
                          <span class="fr-btn fr-icon-account-circle-line">{props.actor.displayName}</span>
                        </li>
                      ) : null}
                    </ul>
                  </div>
                </div>
              </div>
            </div>
          </div>
          <div class="fr-header__menu">
            <div class="fr-container">
              <nav class="fr-nav" aria-label="Menu principal">
                <ul class="fr-nav__list">
                  <li class="fr-nav__item">
                    <a class="fr-nav__link" href="/demandes">
                      Mes demandes
                    </a>
                  </li>
                  <li class="fr-nav__item">
                    <a class="fr-nav__link" href="/boite-de-reception">
                      Demandes reçues
                    </a>
                  </li>
                  <li class="fr-nav__item">
                    <a class="fr-nav__link" href="/dev/boite-mail">
                      Boîte mail de développement
                    </a>
                  </li>
                </ul>
              </nav>
            </div>
          </div>
        </header>
        <main id="contenu" class="fr-container fr-my-6w">
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
