import type { ReferralSummary } from '../../api/referrals/views.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import { ReferralStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export function ReferralListPage(props: { frame: PageFrame; referrals: ReferralSummary[]; canCreate: boolean }) {
  return (
    <Layout title="Mes demandes" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--middle fr-mb-3w">
        <div class="fr-col">
          <h1 class="fr-mb-0">Mes demandes</h1>
        </div>
        {props.canCreate ? (
          <div class="fr-col-auto">
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/demandes/nouvelle">
              Nouvelle demande
            </a>
          </div>
        ) : null}
      </div>
      {props.referrals.length === 0 ? (
        <p class="fr-text--lead">Aucune demande pour l’instant.</p>
      ) : (
        <DataTable
          caption="Mes demandes, de la plus récemment modifiée à la plus ancienne"
          hideCaption
          columns={['Personne', 'Date de naissance', 'Prise en charge', 'Statut', 'Dernière mise à jour']}
        >
          {props.referrals.map((referral) => (
            <tr>
              <th scope="row">
                <a href={`/demandes/${referral.id}`}>{referral.patientName}</a>
              </th>
              <td>{formatCalendarDate(referral.patientBirthDate)}</td>
              <td>{referral.kindLabel}</td>
              <td>
                <ReferralStatusBadge status={referral.status} label={referral.statusLabel} />
              </td>
              <td>{formatDateTime(referral.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
