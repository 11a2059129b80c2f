import type { FacilityTaskView, ReferralDetail } from '../../api/referrals/views.ts';
import { canApply } from '../../domain/facility-task.ts';
import { isReferralClosed } from '../../domain/referral-state.ts';
import { refusalReasons, refusalReasonValues } from '../../domain/refusal-reasons.ts';
import { todayInParis } from './dates.ts';
import { type DetailFormState, stateFor } from './detail-form.ts';
import { InputField, SelectField, TextareaField } from './fields.tsx';
import { TaskStatusBadge } from './status-badge.tsx';
import { TaskAnswer } from './task-answer.tsx';

function AcceptForm(props: { referralId: string; task: FacilityTaskView; state?: DetailFormState | undefined }) {
  const { values, errors } = stateFor(props.state, 'accept', props.task.id);
  const id = (name: string) => `accept-${props.task.id}-${name}`;
  return (
    <form method="post" action={`/demandes/${props.referralId}/taches/${props.task.id}/accepter`} novalidate>
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

function RefuseForm(props: { referralId: string; task: FacilityTaskView; state?: DetailFormState | undefined }) {
  const { values, errors } = stateFor(props.state, 'refuse', props.task.id);
  const id = (name: string) => `refuse-${props.task.id}-${name}`;
  return (
    <form method="post" action={`/demandes/${props.referralId}/taches/${props.task.id}/refuser`} novalidate>
      <h3 class="fr-h6">Refuser la demande</h3>
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
        Refuser la demande
      </button>
    </form>
  );
}

function ConfirmAdmissionForm(props: { referralId: string; task: FacilityTaskView }) {
  return (
    <form method="post" action={`/demandes/${props.referralId}/taches/${props.task.id}/confirmer-admission`}>
      <p>La personne a choisi votre établissement. Confirmez son entrée le jour de l’admission.</p>
      <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
        Confirmer l’admission
      </button>
    </form>
  );
}

/** A facility member's view of a case: the request addressed to their facility, and how to answer it. */
export function FacilityTaskActions(props: { referral: ReferralDetail; state?: DetailFormState | undefined }) {
  const { referral } = props;
  const open = !isReferralClosed(referral.status);
  return (
    <>
      {referral.tasks.map((task) => (
        <section aria-labelledby={`tache-${task.id}`} class="fr-mb-6w">
          <h2 id={`tache-${task.id}`} class="fr-h4">
            Demande adressée à {task.facility.name}
          </h2>
          <p>
            Statut : <TaskStatusBadge status={task.status} label={task.statusLabel} />
          </p>
          <TaskAnswer task={task} />
          {open && canApply('accept', task.status) ? (
            <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
              <div class="fr-col-12 fr-col-md-6">
                <AcceptForm referralId={referral.id} task={task} state={props.state} />
              </div>
              {canApply('refuse', task.status) ? (
                <div class="fr-col-12 fr-col-md-6">
                  <RefuseForm referralId={referral.id} task={task} state={props.state} />
                </div>
              ) : null}
            </div>
          ) : null}
          {open && canApply('confirmAdmission', task.status) ? (
            <ConfirmAdmissionForm referralId={referral.id} task={task} />
          ) : null}
        </section>
      ))}
    </>
  );
}
