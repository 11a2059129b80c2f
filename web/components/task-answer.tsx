import type { FacilityTaskView } from '../../api/referrals/views.ts';
import { formatCalendarDate } from './dates.ts';

/** What a facility's answer says, in a few words: proposed date, refusal reason, or why it was withdrawn. */
export function TaskAnswer(props: { task: FacilityTaskView; small?: boolean }) {
  const { task } = props;
  const line = props.small ? 'fr-text--sm fr-mb-1v' : 'fr-mb-1v';
  return (
    <>
      {task.proposedEntryDate ? (
        <p class={line}>Entrée proposée le {formatCalendarDate(task.proposedEntryDate)}</p>
      ) : null}
      {task.refusal ? (
        <p class={line}>
          Motif du refus : {task.refusal.reasonLabel}
          {task.refusal.comment ? ` — « ${task.refusal.comment} »` : ''}
        </p>
      ) : null}
      {task.cancellationReason ? <p class={line}>{task.cancellationReason}</p> : null}
    </>
  );
}
