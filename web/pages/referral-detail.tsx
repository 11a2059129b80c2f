import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { AppError } from '../../domain/errors.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import { sexLabels } from '../../domain/referral/patient.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { caseListCrumb } from '../components/breadcrumbs.ts';
import { ConfirmationModal } from '../components/confirmation.tsx';
import {
  type CoordinationFormState,
  CoordinationPanel,
  SuggestedFacilitiesPanel,
} from '../components/coordination-panel.tsx';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import type { DetailFormState } from '../components/detail-form.ts';
import { DossierSummaryPanel } from '../components/dossier-view.tsx';
import type { FacilityChoices, FacilitySearch } from '../components/facility-search.tsx';
import { FacilityTaskActions } from '../components/facility-task-actions.tsx';
import { ReferralTimeline } from '../components/referral-timeline.tsx';
import {
  AddFacilitiesForm,
  CancelReferralForm,
  DeadlinesPanel,
  InfoRequestForms,
  InviteFamilyForm,
  RequesterTasks,
  SendDraftPanel,
} from '../components/requester-panels.tsx';
import { StalledMarks } from '../components/stalled-marks.tsx';
import { ReferralStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface ReferralDetailPageProps {
  frame: PageFrame;
  referral: ReferralDetail;
  /** The requester sees every facility; a facility member only the request sent to them. */
  asRequester: boolean;
  /** A coordinator of the case's territory: reads the case (never its medical part), acts on none of it. */
  asCoordinator?: boolean;
  /** Facilities of the same kind not addressed yet, and the directory search that found them (requester only). */
  addable: { choices: FacilityChoices; search: FacilitySearch };
  notice?: string | undefined;
  error?: AppError | undefined;
  state?: DetailFormState | undefined;
  /** Days before the entry from which a facility may confirm the admission. */
  admissionNoticeDays?: number | undefined;
  /** A coordinator's view: the facilities they may suggest, and a coordination form refused by its checks. */
  coordination?: { suggestable: { id: string; name: string }[]; state?: CoordinationFormState | undefined };
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

/** Why a coordinator sees less than the parties: the case is read from the territory, not worked on. */
function CoordinatorNotice() {
  return (
    <div class="fr-notice fr-notice--info fr-mb-4w">
      <div class="fr-container">
        <div class="fr-notice__body">
          <p class="fr-notice__title">
            Vous consultez cette demande en tant que coordinateur du territoire : le dossier de la personne et les
            échanges avec les établissements ne sont pas affichés.{' '}
            <a href="/coordination">Retour aux dossiers en retard</a>
          </p>
        </div>
      </div>
    </div>
  );
}

export function ReferralDetailPage(props: ReferralDetailPageProps) {
  const { referral, asRequester } = props;
  const invalid = props.state && Object.keys(props.state.errors).length > 0;
  return (
    <Layout
      title={`${invalid || props.error ? 'Erreur : ' : ''}${caseReference(referral.id)}`}
      frame={props.frame}
      breadcrumbs={[caseListCrumb(props.frame), { label: caseReference(referral.id) }]}
    >
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
      {props.asCoordinator ? <CoordinatorNotice /> : null}
      <StalledMarks referral={referral} asRequester={asRequester} asCoordinator={props.asCoordinator} />
      <PatientSummary referral={referral} />
      {props.asCoordinator ? (
        <>
          <CoordinationPanel
            referral={referral}
            suggestable={props.coordination?.suggestable ?? []}
            state={props.coordination?.state}
          />
          <DossierSummaryPanel referral={referral} asRequester={false} readable={false} />
        </>
      ) : asRequester ? (
        <>
          <SendDraftPanel referral={referral} />
          <SuggestedFacilitiesPanel referral={referral} />
          {/* While drafting, the dossier is what needs work; afterwards, the facilities' answers. */}
          {referral.status === 'draft' ? <DossierSummaryPanel referral={referral} asRequester /> : null}
          <DeadlinesPanel referral={referral} />
          <InfoRequestForms referral={referral} state={props.state} />
          <RequesterTasks referral={referral} />
          <AddFacilitiesForm
            referral={referral}
            choices={props.addable.choices}
            search={props.addable.search}
            state={props.state}
          />
          {referral.status === 'draft' ? null : <DossierSummaryPanel referral={referral} asRequester />}
        </>
      ) : (
        <>
          <DossierSummaryPanel referral={referral} asRequester={false} />
          <FacilityTaskActions
            referral={referral}
            state={props.state}
            admissionNoticeDays={props.admissionNoticeDays}
          />
        </>
      )}
      {/* The story is the requester's and each facility's own: a coordinator is not shown their exchanges. */}
      {props.asCoordinator ? null : <ReferralTimeline referral={referral} />}
      {asRequester ? <InviteFamilyForm referral={referral} state={props.state} /> : null}
      {asRequester ? <CancelReferralForm referral={referral} state={props.state} /> : null}
      {props.asCoordinator ? null : <ConfirmationModal />}
    </Layout>
  );
}
