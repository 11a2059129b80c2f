import type { CaseAnomalyRow } from '../../api/administration/anomalies.ts';
import { anomalyCommandLabel, anomalyReasonLabel, type CaseKind, caseKindLabels } from '../../domain/anomalies.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatDateTime } from '../components/dates.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const kindLabel = (kind: string) => caseKindLabels[kind as CaseKind] ?? kind;

/** Administrators: the cases whose action the database refused, to correct with the technical team. */
export function AnomaliesPage(props: { frame: PageFrame; anomalies: CaseAnomalyRow[]; limit: number }) {
  return (
    <Layout title="Dossiers en anomalie" frame={props.frame} breadcrumbs={[{ label: 'Dossiers en anomalie' }]}>
      <h1>Dossiers en anomalie</h1>
      <p>
        Une action sur ces dossiers n’a pas pu être enregistrée : la base de données a refusé une valeur (ou ne
        répondait pas et l’écriture a été différée). Le dossier garde son dernier état enregistré et reste utilisable ;
        la personne qui a agi a reçu la référence indiquée. Transmettez-la à l’équipe technique pour corriger la valeur.
      </p>
      {props.anomalies.length === 0 ? (
        <p class="fr-text--lead">Aucun dossier en anomalie.</p>
      ) : (
        <>
          {props.anomalies.length === props.limit ? (
            <p class="fr-hint-text">Les {props.limit} anomalies les plus récentes sont affichées.</p>
          ) : null}
          <DataTable
            caption="Dossiers en anomalie, les plus récents d’abord"
            hideCaption
            multiline
            columns={['Date', 'Dossier', 'Type de dossier', 'Action', 'Raison', 'Référence']}
          >
            {props.anomalies.map((anomaly) => (
              <tr>
                <td>{formatDateTime(anomaly.occurredAt.toISOString())}</td>
                <th scope="row">
                  <code>{anomaly.caseId}</code>
                </th>
                <td>{kindLabel(anomaly.caseKind)}</td>
                <td>{anomalyCommandLabel(anomaly.command)}</td>
                <td>
                  {anomalyReasonLabel(anomaly.reason)}
                  {anomaly.sqlstate ? <span class="fr-hint-text">Code SQLSTATE {anomaly.sqlstate}</span> : null}
                </td>
                <td>
                  <code>{anomaly.id}</code>
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Layout>
  );
}
