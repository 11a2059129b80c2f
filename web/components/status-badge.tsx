import type { FacilityTaskStatus } from '../../domain/facility-task.ts';
import type { ReferralStatus } from '../../domain/referral-state.ts';

type Tone = 'success' | 'error' | 'info' | 'warning' | 'new' | 'neutral';

/** Statuses not listed here (new ones, while the domain grows) show as neutral badges. */
const referralTones: Partial<Record<ReferralStatus, Tone>> = {
  draft: 'neutral',
  sent: 'info',
  facility_chosen: 'new',
  admitted: 'success',
  cancelled: 'neutral',
};

const taskTones: Partial<Record<FacilityTaskStatus, Tone>> = {
  sent: 'info',
  read: 'info',
  under_review: 'info',
  waitlisted: 'warning',
  info_requested: 'warning',
  accepted: 'success',
  refused: 'error',
  chosen: 'new',
  admitted: 'success',
  cancelled: 'neutral',
};

function Badge(props: { tone: Tone; label: string }) {
  const toneClass = props.tone === 'neutral' ? '' : ` fr-badge--${props.tone}`;
  return <span class={`fr-badge fr-badge--sm${toneClass}`}>{props.label}</span>;
}

export function ReferralStatusBadge(props: { status: ReferralStatus; label: string }) {
  return <Badge tone={referralTones[props.status] ?? 'neutral'} label={props.label} />;
}

export function TaskStatusBadge(props: { status: FacilityTaskStatus; label: string }) {
  return <Badge tone={taskTones[props.status] ?? 'neutral'} label={props.label} />;
}
