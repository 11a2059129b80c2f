import type { Actor } from '../../domain/users.ts';
import { Layout } from '../layout.tsx';

export function HomePage(props: { actor: Actor | undefined }) {
  return (
    <Layout title="Accueil" actor={props.actor}>
      <h1>Parcours</h1>
      <p class="fr-text--lead">
        Adressez en une fois une demande d’admission à plusieurs établissements (EHPAD, USLD, SMR, HAD…), suivez leurs
        réponses et organisez l’entrée de la personne.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a class="fr-btn" href="/demandes">
            Mes demandes
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary" href="/boite-de-reception">
            Demandes reçues par mon établissement
          </a>
        </li>
      </ul>
    </Layout>
  );
}
