import type { FacilityTaskView } from '../../api/referrals/views.ts';
import { formatCalendarDate, formatDateTime } from './dates.ts';

/**
 * What a facility's answer says, in a few lines: information asked and given, proposed date and
 * place held, refusal, why it was withdrawn or why the admission could not happen.
 */
export function TaskAnswer(props: { task: FacilityTaskView; small?: boolean; currentDossierVersion?: number }) {
  const { task } = props;
  const line = props.small ? 'fr-text--sm fr-mb-1v' : 'fr-mb-1v';
  const info = task.infoRequest;
  const oldVersion =
    props.currentDossierVersion !== undefined &&
    task.answeredDossierVersion !== null &&
    task.answeredDossierVersion < props.currentDossierVersion;
  return (
    <>
      {info ? (
        <>
          <p class={line}>
            Informations demandées le {formatDateTime(info.askedAt)} : « {info.question} »
          </p>
          {info.answer ? (
            <p class={line}>
              Réponse du demandeur{info.answeredAt ? ` le ${formatDateTime(info.answeredAt)}` : ''} : « {info.answer} »
            </p>
          ) : (
            <p class={line}>En attente de la réponse du demandeur.</p>
          )}
        </>
      ) : null}
      {task.proposedEntryDate ? (
        <p class={line}>Entrée proposée le {formatCalendarDate(task.proposedEntryDate)}</p>
      ) : null}
      {task.acceptanceComment ? (
        <p class={line}>Commentaire de l’établissement avec son accord : « {task.acceptanceComment} »</p>
      ) : null}
      {task.actualEntryDate ? (
        <p class={line}>
          <strong>Entrée effective le {formatCalendarDate(task.actualEntryDate)}</strong>
        </p>
      ) : null}
      {task.placeHeldUntil ? (
        <p class={line}>
          Place réservée jusqu’au {formatCalendarDate(task.placeHeldUntil)}
          {task.placeReleasedAt ? ` — place libérée le ${formatDateTime(task.placeReleasedAt)}` : ''}
        </p>
      ) : null}
      {task.refusal ? (
        <p class={line}>
          Motif du refus : {task.refusal.reasonLabel}
          {task.refusal.comment ? ` — « ${task.refusal.comment} »` : ''}
        </p>
      ) : null}
      {task.admissionImpossibleReason ? (
        <p class={line}>Admission impossible : « {task.admissionImpossibleReason} »</p>
      ) : null}
      {task.cancellationReason ? <p class={line}>{task.cancellationReason}</p> : null}
      {oldVersion ? (
        <p class={line}>
          <em>Réponse donnée sur la version {task.answeredDossierVersion} du dossier.</em>
        </p>
      ) : null}
    </>
  );
}
