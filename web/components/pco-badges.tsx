import type { PcoStatus } from '../../domain/pco/orientation-state.ts';

type Tone = 'success' | 'error' | 'info' | 'warning' | 'new' | 'neutral';

// A total map: a status added to the domain does not compile until it is given a tone here.
const pcoTones: Record<PcoStatus, Tone> = {
  submitted: 'info',
  refused: 'error',
  validated: 'success',
  in_progress: 'info',
  closed: 'neutral',
};

function Badge(props: { tone: Tone; label: string; title?: string | undefined }) {
  const toneClass = props.tone === 'neutral' ? '' : ` fr-badge--${props.tone}`;
  return (
    <span class={`fr-badge fr-badge--sm${toneClass}`} title={props.title}>
      {props.label}
    </span>
  );
}

export function PcoStatusBadge(props: { status: PcoStatus; label: string }) {
  return <Badge tone={pcoTones[props.status] ?? 'neutral'} label={props.label} />;
}

/** A legal deadline of the pathway has passed without the awaited event. */
export function PcoStalledBadge() {
  return <Badge tone="warning" label="Échéance dépassée" />;
}

/** Days the platform's doctor has left to validate (15 days from the orientation): urgent from 3 days left. */
export function DaysLeftBadge(props: { days: number }) {
  const { days } = props;
  if (days < 0) return <Badge tone="error" label={`Dépassé de ${-days} jour${days < -1 ? 's' : ''}`} />;
  const label = days === 0 ? 'Dernier jour' : `${days} jour${days > 1 ? 's' : ''}`;
  return <Badge tone={days <= 3 ? 'warning' : 'info'} label={label} />;
}
