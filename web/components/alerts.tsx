import type { AppError } from '../../domain/errors.ts';

/** A refusal from a service, shown on the page that asked: its French message and its stable code. */
export function ErrorAlert(props: { error: AppError }) {
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">Action impossible</h2>
      <p>{props.error.message}</p>
      <p class="fr-text--sm fr-mb-0">Code : {props.error.code}</p>
    </div>
  );
}

/** The form has errors: a summary at the top, details next to each field. */
export function InvalidFormAlert() {
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">Le formulaire contient des erreurs</h2>
      <p>Corrigez les champs signalés ci-dessous puis validez à nouveau.</p>
    </div>
  );
}

export function SuccessAlert(props: { message: string }) {
  return (
    <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-4w" role="status">
      <p>{props.message}</p>
    </div>
  );
}
