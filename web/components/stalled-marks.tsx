import type { ReferralDetail } from '../../api/referrals/views.ts';
import { formatDateTime } from './dates.ts';

/** Deadlines that have passed: what is late, since when, and who has to act to clear it. */
export function StalledMarks(props: { referral: ReferralDetail; asRequester: boolean; asCoordinator?: boolean }) {
  const { referral, asRequester } = props;
  /** The requester and a territory's coordinator read which facility must act; a facility reads "yours". */
  const named = asRequester || props.asCoordinator === true;
  if (referral.stalled.length === 0) return null;
  const facilityOf = new Map(referral.tasks.map((task) => [task.id, task.facility.name]));
  const who = (mark: ReferralDetail['stalled'][number]) => {
    const facility = mark.taskId ? facilityOf.get(mark.taskId) : undefined;
    if (mark.party === 'requester') return asRequester ? 'vous (demandeur)' : 'le demandeur';
    if (!named) return 'votre établissement';
    return facility ? `l’établissement ${facility}` : mark.partyLabel.toLowerCase();
  };
  return (
    <>
      {referral.stalled.map((mark) => (
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <h2 class="fr-alert__title">En attente — délai dépassé</h2>
          <p>{mark.label}.</p>
          <p class="fr-mb-0">
            À l’action : <strong>{who(mark)}</strong> · depuis le {formatDateTime(mark.since)}
          </p>
        </div>
      ))}
    </>
  );
}
