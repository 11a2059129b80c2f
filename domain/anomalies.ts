/**
 * A case « en anomalie »: the read model refused one of its snapshots (a value PostgreSQL cannot
 * store), so the command was not recorded; administrators see it on /administration/anomalies.
 */

/** Failure types of the projection activities, shared by activities, workflows and tests. */
export const projectionRejectedType = 'ProjectionRejected';
export const projectionUnavailableType = 'ProjectionUnavailable';

export const projectionRejectionReasons = {
  invalid_text: 'Texte contenant un caractère que la base de données refuse',
  invalid_date: 'Date hors des limites que la base de données accepte',
  value_too_large: 'Valeur trop longue pour la base de données',
  constraint: 'Contrainte d’intégrité non respectée',
  invalid_value: 'Valeur refusée par la base de données',
} as const;

export type ProjectionRejectionReason = keyof typeof projectionRejectionReasons;

/** Why a case is in anomaly: a refused value, or a write that waited for the database to come back. */
export const anomalyReasons = {
  ...projectionRejectionReasons,
  delayed: 'Écriture différée : la base de données ne répondait pas',
} as const;

export type AnomalyReason = keyof typeof anomalyReasons;

export function anomalyReasonLabel(reason: string): string {
  return Object.hasOwn(anomalyReasons, reason) ? anomalyReasons[reason as AnomalyReason] : 'Raison inconnue';
}

/** The command whose snapshot was refused, as administrators read it. */
const commandLabels: Record<string, string> = {
  creation: 'Création du dossier',
  deadline: 'Échéance',
  dueDeadlines: 'Échéances',
  send: 'Envoi',
  updateDossier: 'Mise à jour du dossier',
  addFacilities: 'Ajout d’établissements',
  withdraw: 'Retrait d’une demande',
  markRead: 'Lecture par l’établissement',
  startReview: 'Étude par l’établissement',
  waitlist: 'Mise en liste d’attente',
  requestInfo: 'Demande de précisions',
  answerInfo: 'Réponse aux précisions',
  accept: 'Acceptation par l’établissement',
  refuse: 'Refus par l’établissement',
  choose: 'Choix de l’établissement',
  confirmAdmission: 'Confirmation de l’admission',
  reportAdmissionImpossible: 'Admission impossible',
  cancel: 'Annulation',
  remind: 'Relance de la coordination',
  addNote: 'Note de la coordination',
  escalate: 'Message de la coordination au demandeur',
  suggestFacilities: 'Suggestion d’établissements',
  takeCharge: 'Prise en charge par la coordination',
  validate: 'Validation de l’orientation',
  recordCare: 'Enregistrement d’une étape du parcours',
  recordSynthesis: 'Réunion de synthèse',
  decideRenewal: 'Décision de renouvellement',
  close: 'Clôture du parcours',
};

export function anomalyCommandLabel(command: string): string {
  return Object.hasOwn(commandLabels, command) ? (commandLabels[command] as string) : command;
}

export type CaseKind = 'referral' | 'pco';

export const caseKindLabels: Record<CaseKind, string> = {
  referral: 'Demande d’admission',
  pco: 'Orientation PCO TND',
};

/** One anomaly as the workflow records it (idempotent by `id`, which is also the correlation id). */
export interface CaseAnomaly {
  id: string;
  caseKind: CaseKind;
  caseId: string;
  workflowId: string;
  /** The command whose snapshot was refused ('creation' for the first one, 'deadline' for a timer). */
  command: string;
  reason: AnomalyReason;
  sqlstate: string | null;
  occurredAt: string;
}
