import type { OrientationDetail } from '../../api/pco/service.ts';
import type { AppError } from '../../domain/errors.ts';
import { pcoSettings } from '../../domain/pco/orientation-state.ts';
import { careProfessions } from '../../domain/pco/package.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { orientationListCrumb } from '../components/breadcrumbs.ts';
import { formatCalendarDate, formatDateTime, formatDeadline } from '../components/dates.ts';
import {
  CareForm,
  CloseForm,
  PrescriptionDecisionForms,
  RenewalForm,
  SynthesisForm,
  WithdrawalForm,
} from '../components/pco-actions.tsx';
import { PcoStatusBadge } from '../components/pco-badges.tsx';
import type { PcoFormState } from '../components/pco-form-state.ts';
import { PackagePanel } from '../components/pco-package.tsx';
import { ScreeningSummary } from '../components/pco-screening.tsx';
import { PcoTimeline } from '../components/pco-timeline.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** Which parts of the page the acting person may use, from the domain's policies. */
export interface PcoAbilities {
  /** Works for the receiving platform: sees the family's contact. */
  platformMember: boolean;
  decide: boolean;
  recordCare: boolean;
  recordSynthesis: boolean;
  decideRenewal: boolean;
  close: boolean;
  withdraw: boolean;
}

export interface PcoDetailPageProps {
  frame: PageFrame;
  orientation: OrientationDetail;
  abilities: PcoAbilities;
  /** A fresh id for the next assessment or intervention form. */
  careId: string;
  notice?: string | undefined;
  error?: AppError | undefined;
  state?: PcoFormState | undefined;
}

const childSexes: Record<string, string> = { female: 'Fille', male: 'Garçon' };

function orientationReference(id: string): string {
  return `Orientation n° ${id.slice(0, 8).toUpperCase()}`;
}

function ChildSummary(props: { orientation: OrientationDetail }) {
  const { orientation } = props;
  const { child } = orientation;
  return (
    <div class="fr-callout fr-mb-4w">
      <h2 class="fr-callout__title fr-h5">
        {child.lastName.toUpperCase()} {child.firstName}
      </h2>
      <p class="fr-callout__text fr-text--md">
        {child.age} — {child.sex === 'female' ? 'née' : child.sex === 'male' ? 'né' : 'né(e)'} le{' '}
        {formatCalendarDate(child.birthDate)} · {childSexes[child.sex] ?? child.sex} · Département{' '}
        {orientation.departement}
        <br />
        Plateforme : {orientation.platform.name}
        <br />
        Orientation de {orientation.requester.displayName}, le {formatDateTime(orientation.submittedAt)}
      </p>
    </div>
  );
}

/** The next legal deadline of the pathway, and the stalled ones. */
function DeadlineAlerts(props: { orientation: OrientationDetail }) {
  const { orientation } = props;
  return (
    <>
      {orientation.stalled.map((mark) => (
        <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">Échéance réglementaire dépassée</h2>
          <p>
            {mark.label} (depuis le {formatDateTime(mark.since)}).
          </p>
        </div>
      ))}
      {orientation.nextDeadline ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w">
          <p>
            Prochaine échéance légale : {orientation.nextDeadline.label.toLowerCase()}, le{' '}
            <time datetime={orientation.nextDeadline.at}>{formatDeadline(orientation.nextDeadline.at)}</time>.
          </p>
        </div>
      ) : null}
    </>
  );
}

function Outcome(props: { orientation: OrientationDetail }) {
  const { refusal, outcome } = props.orientation;
  if (refusal) {
    return (
      <div class="fr-alert fr-alert--info fr-mb-4w">
        <h2 class="fr-alert__title">Prescription non validée</h2>
        <p>Motif : {refusal.label}</p>
        {refusal.comment ? <p class="pc-quote">{refusal.comment}</p> : null}
      </div>
    );
  }
  if (outcome) {
    return (
      <div class="fr-alert fr-alert--info fr-mb-4w">
        <h2 class="fr-alert__title">Parcours clos</h2>
        <p>Issue : {outcome.label}</p>
      </div>
    );
  }
  return null;
}

function FamilyContact(props: { orientation: OrientationDetail }) {
  const family = props.orientation.family;
  if (!family) return null;
  return (
    <section aria-labelledby="famille" class="fr-mb-6w">
      <h2 id="famille" class="fr-h4">
        Contact de la famille
      </h2>
      <p>
        {family.contactName} ({family.relationship})
        {family.phone ? (
          <>
            <br />
            Téléphone : <a href={`tel:${family.phone}`}>{formatPhoneNumber(family.phone)}</a>
          </>
        ) : null}
        {family.email ? (
          <>
            <br />
            E-mail : <a href={`mailto:${family.email}`}>{family.email}</a>
          </>
        ) : null}
        {family.consentGivenAt ? (
          <>
            <br />
            Consentement recueilli par le médecin le {formatDateTime(family.consentGivenAt)}
          </>
        ) : null}
      </p>
    </section>
  );
}

function Pathway(props: { orientation: OrientationDetail }) {
  const { orientation } = props;
  if (!orientation.plan) return null;
  const setting = pcoSettings[orientation.plan.setting as keyof typeof pcoSettings] ?? orientation.plan.setting;
  const professions = orientation.plan.professions.map(
    (profession) => careProfessions[profession as keyof typeof careProfessions] ?? profession,
  );
  const day = (value: string | null) => (value ? formatCalendarDate(value) : 'pas encore');
  return (
    <section aria-labelledby="parcours" class="fr-mb-6w">
      <h2 id="parcours" class="fr-h4">
        Plan et parcours
      </h2>
      <ul>
        <li>
          Plan : {setting.toLowerCase()} — {professions.join(', ')}
        </li>
        <li>Prescription validée le {orientation.validatedAt ? formatDateTime(orientation.validatedAt) : '—'}</li>
        <li>Premier bilan : {day(orientation.firstAssessmentAt)}</li>
        <li>Première intervention : {day(orientation.firstInterventionAt)}</li>
        <li>Réunion de synthèse : {day(orientation.synthesisAt)}</li>
        <li>
          Fin de l’année de parcours : {orientation.pathwayEndsAt ? formatDeadline(orientation.pathwayEndsAt) : '—'}
          {orientation.renewed ? ' (parcours renouvelé)' : ''}
        </li>
      </ul>
    </section>
  );
}

export function PcoDetailPage(props: PcoDetailPageProps) {
  const { orientation, abilities } = props;
  const invalid = props.state && Object.keys(props.state.errors).length > 0;
  // Past the package ceiling, the care form itself asks for the confirmation.
  const topError = props.error?.code === 'pco.package_ceiling_exceeded' ? undefined : props.error;
  return (
    <Layout
      title={`${invalid || props.error ? 'Erreur : ' : ''}${orientationReference(orientation.id)}`}
      frame={props.frame}
      breadcrumbs={[orientationListCrumb(props.frame), { label: orientationReference(orientation.id) }]}
    >
      <h1 class="fr-mb-1w">Orientation PCO TND</h1>
      <p class="fr-mb-4w">
        {orientationReference(orientation.id)} ·{' '}
        <PcoStatusBadge status={orientation.status} label={orientation.statusLabel} />
      </p>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {topError ? <ErrorAlert error={topError} /> : null}
      {props.error && !topError ? (
        <div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">Plafond du forfait dépassé</h2>
          <p>
            {props.error.message} <a href="#hors-forfait">Aller à la confirmation</a>
          </p>
        </div>
      ) : null}
      {invalid ? <InvalidFormAlert /> : null}
      <Outcome orientation={orientation} />
      <DeadlineAlerts orientation={orientation} />
      <ChildSummary orientation={orientation} />
      {orientation.screening ? <ScreeningSummary evaluation={orientation.screening} /> : null}
      {abilities.platformMember ? <FamilyContact orientation={orientation} /> : null}
      {abilities.decide ? <PrescriptionDecisionForms orientation={orientation} state={props.state} /> : null}
      <Pathway orientation={orientation} />
      <PackagePanel orientation={orientation} />
      {abilities.recordCare ? (
        <CareForm orientation={orientation} state={props.state} careId={props.careId} error={props.error} />
      ) : null}
      {abilities.recordSynthesis ? <SynthesisForm orientation={orientation} state={props.state} /> : null}
      {abilities.decideRenewal ? <RenewalForm orientation={orientation} state={props.state} /> : null}
      {abilities.close ? <CloseForm orientation={orientation} state={props.state} /> : null}
      {abilities.withdraw ? <WithdrawalForm orientation={orientation} state={props.state} /> : null}
      <PcoTimeline orientation={orientation} />
    </Layout>
  );
}
