import { userRoles } from '../../domain/users.ts';
import { DataTable } from '../components/data-table.tsx';
import type { DemoProfile } from '../components/demo-profiles.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export function DemoLoginPage(props: { frame: PageFrame; users: DemoProfile[]; returnPath: string | undefined }) {
  const current = props.frame.actor;
  return (
    <Layout title="Choisir un profil de démonstration" frame={props.frame}>
      <h1>Choisir un profil de démonstration</h1>
      <div class="fr-notice fr-notice--info fr-mb-4w">
        <div class="fr-container">
          <div class="fr-notice__body">
            <p class="fr-notice__title">
              Cette instance est en mode développement : choisissez la personne dont vous voulez prendre le rôle, sans
              mot de passe.
            </p>
          </div>
        </div>
      </div>
      {current ? <p>Profil actuel : {current.displayName}.</p> : null}
      <DataTable
        caption="Profils de démonstration"
        hideCaption
        multiline
        columns={['Nom', 'Rôle', 'Établissement ou plateforme', 'Action']}
      >
        {props.users.map((user) => (
          <tr>
            <th scope="row">{user.displayName}</th>
            <td>{userRoles[user.role]}</td>
            <td>{user.place ?? '—'}</td>
            <td>
              <form method="post" action="/connexion-demo">
                <input type="hidden" name="userId" value={user.id} />
                {props.returnPath ? <input type="hidden" name="retour" value={props.returnPath} /> : null}
                <button type="submit" class="fr-btn fr-btn--sm" disabled={current?.id === user.id}>
                  {current?.id === user.id ? 'Profil actuel' : 'Prendre ce profil'}
                  <span class="fr-sr-only"> : {user.displayName}</span>
                </button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      {current ? (
        <form method="post" action="/connexion-demo/quitter">
          <button type="submit" class="fr-btn fr-btn--secondary">
            Quitter le profil
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
