import type { FacilityTaskView, ReferralDetail } from '../../api/referrals/views.ts';
import { defaultAdmissionNoticeDays, firstConfirmationDay } from '../../domain/referral/entry-dates.ts';
import { canApply } from '../../domain/referral/facility-task.ts';
import { refusalReasons, refusalReasonValues } from '../../domain/referral/refusal-reasons.ts';
import { isReferralClosed } from '../../domain/referral/state.ts';
import { confirmAttributes } from './confirmation.tsx';
import { formatCalendarDate, todayInParis } from './dates.ts';
import { type DetailFormState, stateFor } from './detail-form.ts';
import { Disclosure, InputField, SelectField, TextareaField } from './fields.tsx';
import { StalledBadge, TaskStatusBadge } from './status-badge.tsx';
import { TaskAnswer } from './task-answer.tsx';

interface TaskFormProps {
  referralId: string;
  task: FacilityTaskView;
  state?: DetailFormState | undefined;
  /** Days before the entry from which the admission may be confirmed. */
  admissionNoticeDays?: number | undefined;
}

const taskPath = (props: TaskFormProps, action: string) =>
  `/demandes/${props.referralId}/taches/${props.task.id}/${action}`;

function StartReviewForm(props: TaskFormProps) {
  return (
    <form method="post" action={taskPath(props, 'etudier')} class="fr-mb-3w">
      <button type="submit" class="fr-btn fr-btn--secondary fr-icon-search-line fr-btn--icon-left">
        Mettre à l’étude
      </button>
      <p class="fr-hint-text fr-mt-1v">Le demandeur voit que sa demande est en cours d’étude.</p>
    </form>
  );
}

function AcceptForm(props: TaskFormProps) {
  const { values, errors } = stateFor(props.state, 'accept', props.task.id);
  const id = (name: string) => `accept-${props.task.id}-${name}`;
  return (
    <form method="post" action={taskPath(props, 'accepter')} novalidate>
      <h3 class="fr-h6">Donner un accord</h3>
      <InputField
        id={id('date')}
        name="proposedEntryDate"
        type="date"
        label="Date d’entrée proposée"
        hint="Format attendu : JJ/MM/AAAA"
        min={todayInParis()}
        value={values.proposedEntryDate}
        error={errors.proposedEntryDate}
        required
      />
      <InputField
        id={id('held')}
        name="placeHeldUntil"
        type="date"
        label="Place réservée jusqu’au (facultatif)"
        hint="Passé ce jour sans choix du demandeur, la place est libérée."
        min={todayInParis()}
        value={values.placeHeldUntil}
        error={errors.placeHeldUntil}
      />
      <TextareaField
        id={id('comment')}
        name="comment"
        label="Commentaire (facultatif)"
        value={values.comment}
        error={errors.comment}
      />
      <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
        Donner mon accord
      </button>
    </form>
  );
}

function RefuseForm(props: TaskFormProps) {
  const { values, errors } = stateFor(props.state, 'refuse', props.task.id);
  const id = (name: string) => `refuse-${props.task.id}-${name}`;
  const withdrawing = props.task.status === 'accepted';
  return (
    <form method="post" action={taskPath(props, 'refuser')} novalidate>
      {withdrawing ? null : <h3 class="fr-h6">Refuser la demande</h3>}
      <SelectField
        id={id('reason')}
        name="reasonCode"
        label="Motif du refus"
        placeholder="Choisir un motif"
        options={refusalReasonValues.map((reason) => ({ value: reason, label: refusalReasons[reason] }))}
        value={values.reasonCode}
        error={errors.reasonCode}
        required
      />
      <TextareaField
        id={id('comment')}
        name="comment"
        label="Commentaire"
        hint="Obligatoire pour « Autre motif »"
        value={values.comment}
        error={errors.comment}
      />
      <button type="submit" class="fr-btn fr-btn--secondary fr-icon-close-line fr-btn--icon-left">
        {withdrawing ? 'Retirer mon accord' : 'Refuser la demande'}
      </button>
    </form>
  );
}

function RequestInfoForm(props: TaskFormProps) {
  const { values, errors, submitted } = stateFor(props.state, 'requestInfo', props.task.id);
  return (
    <Disclosure title="Demander des informations complémentaires" open={submitted}>
      <form method="post" action={taskPath(props, 'demander-informations')} novalidate>
        <TextareaField
          id={`info-${props.task.id}`}
          name="question"
          label="Informations attendues"
          hint="Le demandeur reçoit votre question ; votre délai de réponse est suspendu jusqu’à sa réponse."
          value={values.question}
          error={errors.question}
          rows={4}
          required
        />
        <button type="submit" class="fr-btn fr-btn--secondary fr-icon-question-line fr-btn--icon-left">
          Envoyer la question
        </button>
      </form>
    </Disclosure>
  );
}

function WaitlistForm(props: TaskFormProps) {
  const { values, errors, submitted } = stateFor(props.state, 'waitlist', props.task.id);
  return (
    <Disclosure title="Inscrire en liste d’attente" open={submitted}>
      <form method="post" action={taskPath(props, 'liste-attente')} novalidate>
        <TextareaField
          id={`waitlist-${props.task.id}`}
          name="comment"
          label="Commentaire (facultatif)"
          hint="Par exemple : délai d’attente estimé"
          value={values.comment}
          error={errors.comment}
        />
        <button type="submit" class="fr-btn fr-btn--secondary fr-icon-time-line fr-btn--icon-left">
          Inscrire en liste d’attente
        </button>
      </form>
    </Disclosure>
  );
}

function AdmissionForms(props: TaskFormProps) {
  const { values, errors, submitted } = stateFor(props.state, 'reportAdmissionImpossible', props.task.id);
  const admission = stateFor(props.state, 'confirmAdmission', props.task.id);
  const proposed = props.task.proposedEntryDate;
  const noticeDays = props.admissionNoticeDays ?? defaultAdmissionNoticeDays;
  const from = proposed ? firstConfirmationDay(proposed, noticeDays) : undefined;
  const early = from !== undefined && todayInParis() < from;
  return (
    <>
      <form
        method="post"
        action={taskPath(props, 'confirmer-admission')}
        class="fr-mt-3w fr-mb-3w"
        novalidate
        {...confirmAttributes('confirmAdmission', props.task.facility.name)}
      >
        <p>
          La personne a choisi votre établissement. Confirmez son entrée le jour de l’admission
          {proposed ? ` (entrée proposée le ${formatCalendarDate(proposed)})` : ''}.
          {early && from
            ? ` L’admission pourra être confirmée à partir du ${formatCalendarDate(from)} (${noticeDays} jours avant l’entrée au plus), ou dès que la personne est entrée, à la date de son entrée.`
            : ''}
        </p>
        <InputField
          id={`admission-${props.task.id}-date`}
          name="actualEntryDate"
          type="date"
          label="Date d’entrée effective"
          hint="Par défaut, la date d’entrée proposée. Format attendu : JJ/MM/AAAA"
          value={admission.values.actualEntryDate || (proposed ?? '')}
          error={admission.errors.actualEntryDate}
          short
        />
        <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
          Confirmer l’admission
        </button>
      </form>
      <Disclosure title="Déclarer l’admission impossible" open={submitted}>
        <form
          method="post"
          action={taskPath(props, 'admission-impossible')}
          novalidate
          {...confirmAttributes('reportAdmissionImpossible', props.task.facility.name)}
        >
          <TextareaField
            id={`impossible-${props.task.id}`}
            name="reason"
            label="Pourquoi l’admission est-elle impossible ?"
            hint="La demande est rouverte : le demandeur peut choisir un autre établissement."
            value={values.reason}
            error={errors.reason}
            required
          />
          <button type="submit" class="fr-btn fr-btn--secondary fr-icon-close-line fr-btn--icon-left">
            Déclarer l’admission impossible
          </button>
        </form>
      </Disclosure>
    </>
  );
}

/** The dossier changed after the facility answered: say so, with both versions at hand. */
function DossierChangedNotice(props: { referral: ReferralDetail; task: FacilityTaskView }) {
  const answered = props.task.answeredDossierVersion;
  const current = props.referral.dossier.version;
  if (answered === null || answered >= current) return null;
  return (
    <div class="fr-alert fr-alert--info fr-mb-3w">
      <h3 class="fr-alert__title">Le dossier a changé depuis votre réponse</h3>
      <p>
        Vous avez répondu sur la version {answered} du dossier ; la version actuelle est la {current}.{' '}
        <a href={`/demandes/${props.referral.id}/dossier`}>Voir la version actuelle</a> ·{' '}
        <a href={`/demandes/${props.referral.id}/dossier?version=${answered}`}>Voir la version {answered}</a>
      </p>
    </div>
  );
}

/** A facility member's view of a case: the request addressed to their facility, and how to answer it. */
export function FacilityTaskActions(props: {
  referral: ReferralDetail;
  state?: DetailFormState | undefined;
  admissionNoticeDays?: number | undefined;
}) {
  const { referral } = props;
  const open = !isReferralClosed(referral.status);
  const stalledTasks = new Set(referral.stalled.map((mark) => mark.taskId));
  return (
    <>
      {referral.tasks.map((task) => {
        const formProps = {
          referralId: referral.id,
          task,
          state: props.state,
          admissionNoticeDays: props.admissionNoticeDays,
        };
        const can = (action: Parameters<typeof canApply>[0]) => open && canApply(action, task.status);
        return (
          <section aria-labelledby={`tache-${task.id}`} class="fr-mb-6w">
            <h2 id={`tache-${task.id}`} class="fr-h4">
              Demande adressée à {task.facility.name}
            </h2>
            <p>
              Statut : <TaskStatusBadge status={task.status} label={task.statusLabel} />
              {stalledTasks.has(task.id) ? (
                <>
                  {' '}
                  <StalledBadge />
                </>
              ) : null}
            </p>
            <DossierChangedNotice referral={referral} task={task} />
            <TaskAnswer task={task} />
            {can('startReview') ? <StartReviewForm {...formProps} /> : null}
            {task.status === 'accepted' && open ? (
              <>
                <p class="fr-mt-2w">
                  Votre accord est transmis : le demandeur doit maintenant choisir un établissement.
                </p>
                <Disclosure title="Revenir sur votre accord" open={stateFor(props.state, 'refuse', task.id).submitted}>
                  <RefuseForm {...formProps} />
                </Disclosure>
              </>
            ) : can('accept') || can('refuse') ? (
              <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w fr-mb-2w">
                {can('accept') ? (
                  <div class="fr-col-12 fr-col-md-6">
                    <AcceptForm {...formProps} />
                  </div>
                ) : null}
                {can('refuse') ? (
                  <div class="fr-col-12 fr-col-md-6">
                    <RefuseForm {...formProps} />
                  </div>
                ) : null}
              </div>
            ) : null}
            {can('requestInfo') || can('waitlist') ? (
              <div class="fr-accordions-group fr-mt-2w">
                {can('requestInfo') ? <RequestInfoForm {...formProps} /> : null}
                {can('waitlist') ? <WaitlistForm {...formProps} /> : null}
              </div>
            ) : null}
            {can('confirmAdmission') ? <AdmissionForms {...formProps} /> : null}
          </section>
        );
      })}
    </>
  );
}
