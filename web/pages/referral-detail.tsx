import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { AppError } from '../../domain/errors.ts';
import { caseReference } from '../../domain/messages.ts';
import { sexLabels } from '../../domain/patient.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import type { DetailFormState } from '../components/detail-form.ts';
import { FacilityTaskActions } from '../components/facility-task-actions.tsx';
import { ReferralTimeline } from '../components/referral-timeline.tsx';
import { CancelReferralForm, RequesterTasks } from '../components/requester-panels.tsx';
import { ReferralStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface ReferralDetailPageProps {
  frame: PageFrame;
  referral: ReferralDetail;
  /** The requester sees every facility; a facility member only the request sent to them. */
  asRequester: boolean;
  notice?: string | undefined;
  error?: AppError | undefined;
  state?: DetailFormState | undefined;
}

function PatientSummary(props: { referral: ReferralDetail }) {
  const { patient, requester } = props.referral;
  const sex = sexLabels[patient.sex as keyof typeof sexLabels] ?? patient.sex;
  return (
    <div class="fr-callout fr-mb-4w">
      <h2 class="fr-callout__title fr-h5">
        {patient.lastName.toUpperCase()} {patient.firstName}
      </h2>
      <p class="fr-callout__text fr-text--md">
        Date de naissance : {formatCalendarDate(patient.birthDate)} · Sexe : {sex}
        <br />
        Demande de {requester.displayName}, créée le {formatDateTime(props.referral.createdAt)}
        {props.referral.closedAt ? (
          <>
            <br />
            Close le {formatDateTime(props.referral.closedAt)}
          </>
        ) : null}
      </p>
    </div>
  );
}

export function ReferralDetailPage(props: ReferralDetailPageProps) {
  const { referral } = props;
  const invalid = props.state && Object.keys(props.state.errors).length > 0;
  return (
    <Layout title={`${invalid ? 'Erreur : ' : ''}${caseReference(referral.id)}`} frame={props.frame}>
      <h1 class="fr-mb-1w">Demande d’admission — {referral.kindLabel}</h1>
      <p class="fr-mb-4w">
        {caseReference(referral.id)} · <ReferralStatusBadge status={referral.status} label={referral.statusLabel} />
      </p>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {invalid ? <InvalidFormAlert /> : null}
      {referral.cancellationReason ? (
        <div class="fr-alert fr-alert--info fr-mb-4w">
          <h2 class="fr-alert__title">Demande annulée</h2>
          <p>Motif : {referral.cancellationReason}</p>
        </div>
      ) : null}
      <PatientSummary referral={referral} />
      {props.asRequester ? (
        <RequesterTasks referral={referral} />
      ) : (
        <FacilityTaskActions referral={referral} state={props.state} />
      )}
      <ReferralTimeline referral={referral} />
      {props.asRequester ? <CancelReferralForm referral={referral} state={props.state} /> : null}
    </Layout>
  );
}
