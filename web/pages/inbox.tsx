import type { InboxItem } from '../../api/referrals/views.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatDateTime } from '../components/dates.ts';
import { TaskStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export function InboxPage(props: { frame: PageFrame; items: InboxItem[] }) {
  return (
    <Layout title="Demandes reçues" frame={props.frame}>
      <h1>Demandes reçues</h1>
      {props.items.length === 0 ? (
        <p class="fr-text--lead">Aucune demande reçue pour l’instant.</p>
      ) : (
        <DataTable
          caption="Demandes reçues par mon établissement, de la plus récemment modifiée à la plus ancienne"
          hideCaption
          columns={['Personne', 'Prise en charge', 'Établissement', 'Statut', 'Reçue le']}
        >
          {props.items.map((item) => (
            <tr>
              <th scope="row">
                <a href={`/demandes/${item.referralId}`}>{item.patientName}</a>
              </th>
              <td>{item.kindLabel}</td>
              <td>{item.facilityName}</td>
              <td>
                <TaskStatusBadge status={item.status} label={item.statusLabel} />
              </td>
              <td>{item.sentAt ? formatDateTime(item.sentAt) : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
