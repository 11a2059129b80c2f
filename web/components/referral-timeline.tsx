import type { ReferralDetail } from '../../api/referrals/views.ts';
import { DataTable } from './data-table.tsx';
import { formatCalendarDate, formatDateTime } from './dates.ts';

type TimelineEvent = ReferralDetail['timeline'][number];

/** What an event's data adds to its label: the days of an acceptance or an admission, a comment. */
function eventDetail(event: TimelineEvent): string | undefined {
  const { data } = event;
  const parts: string[] = [];
  if (event.type === 'task.accepted' && data.proposedEntryDate) {
    parts.push(`entrée proposée le ${formatCalendarDate(data.proposedEntryDate)}`);
    if (data.placeHeldUntil) parts.push(`place réservée jusqu’au ${formatCalendarDate(data.placeHeldUntil)}`);
  }
  if ((event.type === 'task.admitted' || event.type === 'referral.admitted') && data.actualEntryDate)
    parts.push(`entrée le ${formatCalendarDate(data.actualEntryDate)}`);
  if ((event.type === 'task.accepted' || event.type === 'task.waitlisted') && data.comment)
    parts.push(`« ${data.comment} »`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

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
              <td>
                {event.label}
                {eventDetail(event) ? (
                  <>
                    <br />
                    <span class="fr-text--sm">{eventDetail(event)}</span>
                  </>
                ) : null}
              </td>
              <td>{event.taskId ? (facilityOf.get(event.taskId) ?? '—') : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
