import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { type RequestStep, requestStepLabels, requestSteps } from '../../domain/referral/request-steps.ts';

/** The address of a step: before the draft exists, the kind and the person; then the draft's own steps. */
export function requestStepHref(step: RequestStep, caseId: string | undefined, kind?: FacilityKind): string {
  if (caseId) return `/demandes/${caseId}/brouillon/${step}`;
  if (step === 'personne' && kind) return `/demandes/nouvelle/personne?type=${kind}`;
  return '/demandes/nouvelle';
}

/**
 * The DSFR stepper (« Étape 2 sur 7 », the next step named), then the steps as links: once the draft
 * exists every step can be reopened, in any order, with the keyboard as with a pointer.
 */
export function RequestStepper(props: { kind: FacilityKind | undefined; step: RequestStep; caseId?: string }) {
  const steps = requestSteps(props.kind);
  const index = steps.indexOf(props.step);
  const next = steps[index + 1];
  return (
    <>
      <div class="fr-stepper">
        <h2 class="fr-stepper__title">
          {requestStepLabels[props.step]}
          <span class="fr-stepper__state">
            Étape {index + 1} sur {steps.length}
          </span>
        </h2>
        <div class="fr-stepper__steps" data-fr-current-step={String(index + 1)} data-fr-steps={String(steps.length)} />
        {next ? (
          <p class="fr-stepper__details">
            <span class="fr-text--bold">Étape suivante :</span> {requestStepLabels[next]}
          </p>
        ) : null}
      </div>
      <nav aria-label="Étapes de la demande" class="fr-mb-4w">
        <ol class="fr-text--sm">
          {steps.map((step, position) => {
            const reachable = props.caseId !== undefined || position <= index;
            const label = requestStepLabels[step];
            return (
              <li>
                {step === props.step ? (
                  <a href={requestStepHref(step, props.caseId, props.kind)} aria-current="step">
                    <strong>{label}</strong>
                  </a>
                ) : reachable ? (
                  <a href={requestStepHref(step, props.caseId, props.kind)}>{label}</a>
                ) : (
                  label
                )}
              </li>
            );
          })}
        </ol>
      </nav>
    </>
  );
}
