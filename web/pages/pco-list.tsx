import type { requesterOrientations } from '../../api/pco/service.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatDateTime } from '../components/dates.ts';
import { PcoStalledBadge, PcoStatusBadge } from '../components/pco-badges.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export type RequesterOrientation = Awaited<ReturnType<typeof requesterOrientations>>[number];

/** The physician's orientations to PCO TND platforms, the most recently changed first. */
export function PcoListPage(props: { frame: PageFrame; orientations: RequesterOrientation[]; canCreate: boolean }) {
  return (
    <Layout title="Mes orientations PCO" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-3w">
        <div class="fr-col">
          <h1 class="fr-mb-0">Mes orientations PCO TND</h1>
        </div>
        {props.canCreate ? (
          <div class="fr-col-auto">
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/pco/nouvelle">
              Nouvelle orientation
            </a>
          </div>
        ) : null}
      </div>
      {props.orientations.length === 0 ? (
        <>
          <p class="fr-text--lead">Aucune orientation pour l’instant.</p>
          <p>
            Quand vous repérez un développement inhabituel chez un enfant de moins de 12 ans, orientez-le vers la
            plateforme de coordination et d’orientation (PCO TND) de son département : elle organise les bilans et les
            premières interventions, prises en charge par l’Assurance maladie.
          </p>
        </>
      ) : (
        <DataTable
          caption="Mes orientations, de la plus récemment modifiée à la plus ancienne"
          hideCaption
          multiline
          columns={['Enfant', 'Statut', 'Mise à jour']}
        >
          {props.orientations.map((orientation) => (
            <tr>
              <th scope="row">
                <a href={`/pco/${orientation.id}`}>{orientation.childName}</a>
              </th>
              <td>
                <PcoStatusBadge status={orientation.status} label={orientation.statusLabel} />
                {orientation.stalled ? (
                  <>
                    {' '}
                    <PcoStalledBadge />
                  </>
                ) : null}
              </td>
              <td>{formatDateTime(orientation.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
