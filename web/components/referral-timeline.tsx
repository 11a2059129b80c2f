import type { ReferralDetail } from '../../api/referrals/views.ts';
import { DataTable } from './data-table.tsx';
import { formatDateTime } from './dates.ts';

/** The case's story, oldest first, each event with the facility it concerns. */
export function ReferralTimeline(props: { referral: ReferralDetail }) {
  const facilityOf = new Map(props.referral.tasks.map((task) => [task.id, task.facility.name]));
  return (
    <section aria-labelledby="historique">
      <h2 id="historique" class="fr-h4">
        Historique
      </h2>
      {props.referral.timeline.length === 0 ? (
        <p>Aucun événement pour l’instant.</p>
      ) : (
        <DataTable
          caption="Historique de la demande"
          hideCaption
          multiline
          columns={['Date', 'Événement', 'Établissement']}
        >
          {props.referral.timeline.map((event) => (
            <tr>
              <td>
                <time datetime={event.at}>{formatDateTime(event.at)}</time>
              </td>
              <td>{event.label}</td>
              <td>{event.taskId ? (facilityOf.get(event.taskId) ?? '—') : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
