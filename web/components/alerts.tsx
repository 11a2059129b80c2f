import type { AppError } from '../../domain/errors.ts';
import type { MissingDossierPart } from '../../domain/referral/dossier.ts';
import { partAnchor } from './dossier-form.ts';

/** The dossier parts a refusal says are missing, if it says so. */
export function missingPartsOf(error: AppError | undefined): MissingDossierPart[] {
  if (error?.code !== 'referral.dossier_incomplete') return [];
  const parts = (error.details as { missingParts?: unknown } | undefined)?.missingParts;
  return Array.isArray(parts)
    ? parts.filter(
        (part): part is MissingDossierPart => typeof part?.path === 'string' && typeof part?.label === 'string',
      )
    : [];
}

/** The reference of an anomaly the administrators keep (projection.rejected/delayed), if the refusal names one. */
function correlationOf(error: AppError): string | undefined {
  const id = (error.details as { correlationId?: unknown } | undefined)?.correlationId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * A refusal from a service, shown on the page that asked: its French message (the person reads what
 * to do, never a code alone), and for an incomplete dossier the parts still missing (linked to the
 * form when it is on the page). The stable code stays on the alert (`data-code`); a server-side
 * problem also shows it as a reference to give the administrators.
 */
export function ErrorAlert(props: { error: AppError; linkParts?: boolean }) {
  const missing = missingPartsOf(props.error);
  const correlation = correlationOf(props.error);
  const forSupport = props.error.status >= 500 || correlation !== undefined;
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert" data-code={props.error.code}>
      <h2 class="fr-alert__title">
        {missing.length > 0 ? 'Le dossier est incomplet : la demande n’est pas envoyée' : 'Action impossible'}
      </h2>
      <p>{props.error.message}</p>
      {missing.length > 0 ? (
        <>
          <p class="fr-mb-1v">Parties à compléter :</p>
          <ul>
            {missing.map((part) => (
              <li>{props.linkParts ? <a href={`#${partAnchor(part.path)}`}>{part.label}</a> : part.label}</li>
            ))}
          </ul>
        </>
      ) : null}
      {forSupport ? (
        <p class="fr-text--sm fr-mb-0">
          Référence à communiquer aux administrateurs : {correlation ?? props.error.code}
        </p>
      ) : null}
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
