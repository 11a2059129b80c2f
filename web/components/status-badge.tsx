import type { FacilityTaskStatus } from '../../domain/referral/facility-task.ts';
import type { RequesterStatus, RequesterStatusCode } from '../../domain/referral/requester-status.ts';
import type { ReferralStatus } from '../../domain/referral/state.ts';

type Tone = 'success' | 'error' | 'info' | 'warning' | 'new' | 'neutral';

// Total maps: a status added to the domain does not compile until it is given a tone here.
const referralTones: Record<ReferralStatus, Tone> = {
  draft: 'neutral',
  sent: 'info',
  facility_chosen: 'new',
  admitted: 'success',
  cancelled: 'neutral',
  archived: 'neutral',
};

const taskTones: Record<FacilityTaskStatus, Tone> = {
  planned: 'neutral',
  sent: 'info',
  read: 'info',
  under_review: 'info',
  waitlisted: 'warning',
  info_requested: 'warning',
  accepted: 'success',
  refused: 'error',
  chosen: 'new',
  admitted: 'success',
  admission_impossible: 'error',
  cancelled: 'neutral',
};

const requesterTones: Record<RequesterStatusCode, Tone> = {
  draft: 'neutral',
  choice_pending: 'success',
  info_requested: 'warning',
  awaiting_answers: 'info',
  no_acceptance: 'error',
  admission_planned: 'new',
  facility_chosen: 'new',
  closed: 'neutral',
};

function Badge(props: { tone: Tone; label: string }) {
  const toneClass = props.tone === 'neutral' ? '' : ` fr-badge--${props.tone}`;
  return <span class={`fr-badge fr-badge--sm${toneClass}`}>{props.label}</span>;
}

export function ReferralStatusBadge(props: { status: ReferralStatus; label: string }) {
  return <Badge tone={referralTones[props.status] ?? 'neutral'} label={props.label} />;
}

/** Where a case stands for its requester (`domain/referral/requester-status.ts`). */
export function RequesterStatusBadge(props: { status: RequesterStatus }) {
  return <Badge tone={requesterTones[props.status.code] ?? 'neutral'} label={props.status.label} />;
}

export function TaskStatusBadge(props: { status: FacilityTaskStatus; label: string }) {
  return <Badge tone={taskTones[props.status] ?? 'neutral'} label={props.label} />;
}

/** Someone has let a deadline pass: shown wherever the case or the request is listed. */
export function StalledBadge() {
  return <Badge tone="warning" label="Délai dépassé" />;
}
