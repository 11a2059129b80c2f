import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export function HomePage(props: { frame: PageFrame }) {
  const { actor } = props.frame;
  return (
    <Layout title="Accueil" frame={props.frame}>
      <h1>Parcours</h1>
      <p class="fr-text--lead">
        Adressez en une fois une demande d’admission à plusieurs établissements (EHPAD, USLD, SMR, HAD…), suivez leurs
        réponses et organisez l’entrée de la personne.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        {!actor ? (
          <li>
            <a class="fr-btn" href="/connexion">
              Se connecter
            </a>
          </li>
        ) : null}
        {actor?.role === 'physician' ? (
          <>
            <li>
              <a class="fr-btn" href="/demandes">
                Mes demandes
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href="/demandes/nouvelle">
                Nouvelle demande
              </a>
            </li>
          </>
        ) : null}
        {actor?.role === 'facility_member' ? (
          <li>
            <a class="fr-btn" href="/boite-de-reception">
              Demandes reçues par mon établissement
            </a>
          </li>
        ) : null}
      </ul>
    </Layout>
  );
}
