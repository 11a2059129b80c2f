import type { ReferralDetail } from '../../api/referrals/views.ts';
import { isReferralClosed } from '../../domain/referral-state.ts';
import { DataTable } from './data-table.tsx';
import { type DetailFormState, stateFor } from './detail-form.ts';
import { TextareaField } from './fields.tsx';
import { TaskStatusBadge } from './status-badge.tsx';
import { TaskAnswer } from './task-answer.tsx';

/** The requester's view of a case: every facility's answer, and the choice among those who agreed. */
export function RequesterTasks(props: { referral: ReferralDetail }) {
  const { referral } = props;
  const choosing = referral.status === 'sent';
  return (
    <section aria-labelledby="etablissements" class="fr-mb-6w">
      <h2 id="etablissements" class="fr-h4">
        Établissements sollicités
      </h2>
      <DataTable
        caption="Réponses des établissements sollicités"
        hideCaption
        multiline
        columns={['Établissement', 'Statut', 'Réponse', 'Action']}
      >
        {referral.tasks.map((task) => (
          <tr>
            <th scope="row">
              {task.facility.name}
              <br />
              <span class="fr-text--sm">{task.facility.commune}</span>
            </th>
            <td>
              <TaskStatusBadge status={task.status} label={task.statusLabel} />
            </td>
            <td>
              <TaskAnswer task={task} small />
            </td>
            <td>
              {choosing && task.status === 'accepted' ? (
                <form method="post" action={`/demandes/${referral.id}/choisir`}>
                  <input type="hidden" name="taskId" value={task.id} />
                  <button type="submit" class="fr-btn fr-btn--sm">
                    Choisir cet établissement<span class="fr-sr-only"> : {task.facility.name}</span>
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Cancelling withdraws every open request; closed cases have nothing left to cancel. */
export function CancelReferralForm(props: { referral: ReferralDetail; state?: DetailFormState | undefined }) {
  if (isReferralClosed(props.referral.status)) return null;
  const { values, errors } = stateFor(props.state, 'cancel');
  return (
    <section aria-labelledby="annuler" class="fr-mt-6w">
      <h2 id="annuler" class="fr-h4">
        Annuler la demande
      </h2>
      <p>Les établissements qui n’ont pas encore répondu ou qui ont donné leur accord seront prévenus.</p>
      <form method="post" action={`/demandes/${props.referral.id}/annuler`} novalidate>
        <TextareaField
          id="reason"
          name="reason"
          label="Motif de l’annulation"
          hint="Par exemple : retour à domicile, hospitalisation prolongée, décès"
          value={values.reason}
          error={errors.reason}
          required
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Annuler la demande
        </button>
      </form>
    </section>
  );
}
