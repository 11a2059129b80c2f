import { type FacilityKind, pathwayOf } from '../directory/facility-kinds.ts';

/**
 * The steps of a new request, in order, as their French address segments: the kind of care, the
 * person, the dossier in its three parts (administrative, autonomy for grand âge, medical), the
 * facilities, then the review that sends it. The case is a draft from the person's step on.
 */
export const requestStepValues = [
  'type',
  'personne',
  'administratif',
  'autonomie',
  'medical',
  'etablissements',
  'recapitulatif',
] as const;
export type RequestStep = (typeof requestStepValues)[number];

export const requestStepLabels: Record<RequestStep, string> = {
  type: 'Type de prise en charge',
  personne: 'La personne',
  administratif: 'Dossier : volet administratif',
  autonomie: 'Dossier : volet autonomie (grille AGGIR)',
  medical: 'Dossier : volet médical',
  etablissements: 'Établissements sollicités',
  recapitulatif: 'Récapitulatif et envoi',
};

/** The steps a request of this kind goes through: the autonomy part (AGGIR) is grand âge only. */
export function requestSteps(kind: FacilityKind | undefined): RequestStep[] {
  if (kind && pathwayOf(kind) !== 'grand_age') return requestStepValues.filter((step) => step !== 'autonomie');
  return [...requestStepValues];
}

export function isRequestStep(value: string | undefined): value is RequestStep {
  return requestStepValues.some((step) => step === value);
}

/** The step after this one (the review is the last). */
export function nextRequestStep(kind: FacilityKind, step: RequestStep): RequestStep {
  const steps = requestSteps(kind);
  return steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)] ?? 'recapitulatif';
}

export function previousRequestStep(kind: FacilityKind, step: RequestStep): RequestStep | undefined {
  const steps = requestSteps(kind);
  const index = steps.indexOf(step);
  return index > 0 ? steps[index - 1] : undefined;
}

/** At most this many facilities in one basket: the command that sends refuses more. */
export const basketLimit = 30;
