import type { InboxQuery } from '../../api/referrals/schemas.ts';
import type { InboxItem } from '../../api/referrals/views.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatDateTime } from '../components/dates.ts';
import { CheckboxField, SelectField } from '../components/fields.tsx';
import { StalledBadge, TaskStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

// A facility never sees a request before it is sent to it.
const visibleStatuses = (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(
  (status) => status !== 'planned',
);

function Filters(props: { filters: InboxQuery }) {
  const active = Object.keys(props.filters).length > 0;
  return (
    <form method="get" action="/boite-de-reception" class="fr-mb-4w" aria-label="Filtrer les demandes reçues">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-statut"
            name="statut"
            label="Statut"
            placeholder="Tous les statuts"
            placeholderSelectable
            options={visibleStatuses.map((status) => ({ value: status, label: facilityTaskStatuses[status] }))}
            value={props.filters.status}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <CheckboxField
            id="filtre-retard"
            name="en-retard"
            value="oui"
            label="En retard uniquement"
            checked={props.filters.stalled === true}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </li>
        {active ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href="/boite-de-reception">
              Effacer les filtres
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

export function InboxPage(props: { frame: PageFrame; items: InboxItem[]; filters: InboxQuery }) {
  const filtered = Object.keys(props.filters).length > 0;
  return (
    <Layout title="Demandes reçues" frame={props.frame}>
      <h1>Demandes reçues</h1>
      <Filters filters={props.filters} />
      {props.items.length === 0 ? (
        <p class="fr-text--lead">
          {filtered ? 'Aucune demande ne correspond à ces critères.' : 'Aucune demande reçue pour l’instant.'}
        </p>
      ) : (
        <DataTable
          caption="Demandes reçues par mon établissement, de la plus récemment modifiée à la plus ancienne"
          hideCaption
          multiline
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
                {item.stalled ? (
                  <>
                    {' '}
                    <StalledBadge />
                  </>
                ) : null}
              </td>
              <td>{item.sentAt ? formatDateTime(item.sentAt) : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
