import type { AppError } from '../../domain/errors.ts';
import type { DoctorGrantView } from '../../services/identity/doctor-grants.ts';
import { ErrorAlert, SuccessAlert } from '../components/alerts.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** « Médecins à confirmer »: the doctor roles proposed by facilities, confirmed here once the RPPS is checked. */
export function DoctorGrantsPage(props: {
  frame: PageFrame;
  grants: DoctorGrantView[];
  notice?: string | undefined;
  error?: AppError | undefined;
}) {
  return (
    <Layout title="Médecins à confirmer" frame={props.frame} breadcrumbs={[{ label: 'Médecins à confirmer' }]}>
      <h1>Médecins coordonnateurs à confirmer</h1>
      <p>
        Un responsable d’établissement propose un médecin coordonnateur ; le volet médical des dossiers ne lui est
        ouvert qu’une fois son numéro RPPS vérifié. Vérifiez le numéro dans l’Annuaire santé avant de confirmer. Le
        médecin peut aussi confirmer lui-même son rôle en s’identifiant avec Pro Santé Connect.
      </p>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {props.grants.length === 0 ? (
        <p>Aucun médecin en attente de confirmation.</p>
      ) : (
        <DataTable
          caption="Médecins en attente de confirmation"
          multiline
          columns={['Personne', 'Établissement', 'Proposé par', 'Statut', 'Confirmer']}
        >
          {props.grants.map((grant) => {
            const field = `rpps-${grant.userId}-${grant.facility.id}`;
            return (
              <tr>
                <td>
                  {grant.displayName}
                  <br />
                  <span class="fr-text--xs">{grant.email}</span>
                </td>
                <td>
                  {grant.facility.name}
                  {grant.facility.finess ? ` (FINESS ${grant.facility.finess})` : ''}
                </td>
                <td>{grant.proposedBy ?? '—'}</td>
                <td>
                  <p class="fr-badge fr-badge--sm fr-badge--warning">{grant.statusLabel}</p>
                </td>
                <td>
                  <form method="post" action="/administration/medecins/confirmer">
                    <input type="hidden" name="csrf" value={props.frame.csrf} />
                    <input type="hidden" name="userId" value={grant.userId} />
                    <input type="hidden" name="facilityId" value={grant.facility.id} />
                    <div class="fr-input-group">
                      <label class="fr-label" for={field}>
                        Numéro RPPS vérifié
                        <span class="fr-hint-text">11 chiffres</span>
                      </label>
                      <input
                        class="fr-input"
                        id={field}
                        name="rpps"
                        inputmode="numeric"
                        autocomplete="off"
                        value={grant.rpps ?? ''}
                      />
                    </div>
                    <button type="submit" class="fr-btn fr-btn--sm">
                      Confirmer le rôle de médecin
                    </button>
                  </form>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Layout>
  );
}
