import type { OrientationDetail } from '../../api/pco/service.ts';
import {
  type PcoOutcome,
  type PcoRefusalReason,
  type PcoSetting,
  type PcoStalledReason,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoSettings,
  pcoStalledReasons,
} from '../../domain/pco/orientation-state.ts';
import { type CareProfession, careProfessions, defaultPackageLines } from '../../domain/pco/package.ts';
import { DataTable } from './data-table.tsx';
import { formatCalendarDate, formatDateTime } from './dates.ts';
import { formatEuros } from './money.ts';
import { careKinds } from './pco-package.tsx';

type TimelineEvent = OrientationDetail['timeline'][number];

function label<T extends string>(labels: Record<T, string>, value: string | undefined): string {
  return value === undefined ? '' : (labels[value as T] ?? value);
}

function cents(value: string | undefined): string {
  return value === undefined || Number.isNaN(Number(value)) ? '' : formatEuros(Number(value));
}

/** What an event's data says, in French; nothing when it carries no detail worth reading. */
function eventDetail(event: TimelineEvent): string {
  const data = event.data;
  const comment = data.comment ? ` — « ${data.comment} »` : '';
  switch (event.type) {
    case 'pco.validated': {
      const professions = (data.professions ?? '')
        .split(',')
        .filter(Boolean)
        .map((profession) => label<CareProfession>(careProfessions, profession));
      return `${label<PcoSetting>(pcoSettings, data.setting)} : ${professions.join(', ')}`;
    }
    case 'pco.refused':
      return `${label<PcoRefusalReason>(pcoRefusalReasons, data.reason)}${comment}`;
    case 'pco.care_recorded':
      return [
        label(careKinds, data.kind),
        label<CareProfession>(careProfessions, data.profession),
        data.date ? `le ${formatCalendarDate(data.date)}` : '',
        cents(data.amountCents),
      ]
        .filter(Boolean)
        .join(', ');
    case 'pco.package_warning': {
      const line = defaultPackageLines.find((candidate) => candidate.id === data.package);
      return `${line?.label ?? data.package ?? ''} : ${cents(data.usedCents)} sur ${cents(data.ceilingCents)}`;
    }
    case 'pco.synthesis_held':
      return data.date ? `Réunion du ${formatCalendarDate(data.date)}` : '';
    case 'pco.renewed':
      return data.until ? `Jusqu’au ${formatCalendarDate(data.until)}` : '';
    case 'pco.renewal_reminded':
      return data.renewalPossible === 'true' ? 'Renouvellement possible une fois' : 'Clôture à prévoir';
    case 'pco.closed':
      return `${label<PcoOutcome>(pcoOutcomes, data.outcome)}${comment}`;
    case 'pco.stalled':
    case 'pco.stall_cleared':
      return label<PcoStalledReason>(pcoStalledReasons, data.reason);
    default:
      return '';
  }
}

/** The orientation's story, oldest first. */
export function PcoTimeline(props: { orientation: OrientationDetail }) {
  const { timeline } = props.orientation;
  return (
    <section aria-labelledby="historique" class="fr-mb-6w">
      <h2 id="historique" class="fr-h4">
        Historique
      </h2>
      {timeline.length === 0 ? (
        <p>Aucun événement pour l’instant.</p>
      ) : (
        <DataTable
          caption="Historique de l’orientation"
          hideCaption
          multiline
          columns={['Date', 'Événement', 'Précisions']}
        >
          {timeline.map((event) => (
            <tr>
              <td>
                <time datetime={event.at}>{formatDateTime(event.at)}</time>
              </td>
              <td>{event.label}</td>
              <td>{eventDetail(event) || '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
