import { z } from 'zod';
import { shiftDay, todayInParis } from '../calendar/days.ts';
import { calendarDate, entryDate, freeText, isStorableDeep, pastDayMessage } from '../vocabulary.ts';
import { aggirGridSchema } from './aggir.ts';
import { type ReferralCommandName, referralCommandNames } from './command-names.ts';
import type { SuggestedFacility } from './coordination-state.ts';
import { type DraftDossier, draftDossierSchema } from './dossier.ts';
import { acceptanceDatesRefusal, desiredEntryDateRefusal, type EntryDateRefusal } from './entry-dates.ts';
import { referralTexts } from './inputs.ts';
import { refusalReasonValues } from './refusal-reasons.ts';
import type { Deadline, NewFacilityTask } from './state.ts';

/**
 * Who gives a command: the case's requester, a member of the facility addressed, a coordinator of
 * the territory, or (a family request) the médecin traitant the référents designated.
 */
export type CommandParty = 'requester' | 'facility' | 'coordinator' | 'physician';

export interface CommandSpec {
  party: CommandParty;
  /** `task`: the command names a facility's request in its address; `case`: the case as a whole. */
  target: 'case' | 'task';
  /** What the person gives, checked at the edge (API and pages) with the request's clock. */
  payload?: z.ZodType<object>;
  /**
   * What of it ends up in PostgreSQL, with the storable rules only (no clock): the workflow's
   * validator refuses the rest, so a case is never frozen on a row PostgreSQL refuses.
   */
  storable?: z.ZodType;
  /** What the command does, in French (the API documentation's summary). */
  label: string;
  /** What the page says once it is done, in French. */
  notice?: string;
  /** For what cannot be undone: what the person is asked before it is done (modal, or a page without JavaScript). */
  confirmation?: CommandConfirmation;
}

/** The question asked before an irreversible command, in French: a title, its consequences, the button that does it. */
export interface CommandConfirmation {
  title: string;
  consequence: string;
  button: string;
}

export const taskIdSchema = z.uuid({ message: 'Identifiant de demande invalide.' });
export const facilityIdsSchema = z
  .array(z.uuid({ message: 'Identifiant d’établissement invalide.' }))
  .min(1, 'Choisissez au moins un établissement.')
  .max(30, '30 établissements au plus par envoi.');
const comment = referralTexts.comment;

/** A schema whose values must also meet a rule on days, read with today's Paris day (the edge's clock). */
function withDayRule<T extends z.ZodType<object>>(
  schema: T,
  rule: (value: z.output<T>, today: string) => EntryDateRefusal | undefined,
) {
  return schema.superRefine((value, ctx) => {
    const refused = rule(value, todayInParis());
    if (refused) ctx.addIssue({ code: 'custom', path: refused.field.split('.'), message: refused.message });
  });
}

/** A dossier as a person saves it (creation, new version): its wished entry day is not past. */
export const plausibleDossierSchema = withDayRule(draftDossierSchema, desiredEntryDateRefusal);

/** How long a coordinator may mark a case « pris en charge »: three months of Paris days at most. */
export const takeChargeMaxDays = 92;
const coordinationNote = freeText(2000).min(3, 'Écrivez quelques mots.');
const takeChargeUntil = calendarDate
  .refine((value) => value >= todayInParis(), { message: pastDayMessage })
  .refine((value) => value <= shiftDay(todayInParis(), takeChargeMaxDays), {
    message: `Trois mois au plus : choisissez une date plus proche.`,
  });

/**
 * Every command a person gives a referral, declared once: the workflow's Updates, the API's routes
 * and documentation, and the case page's actions are built from this table.
 */
export const referralCommands = {
  updateDossier: {
    party: 'requester',
    target: 'case',
    payload: z.object({ dossier: plausibleDossierSchema }),
    storable: z.object({ dossier: draftDossierSchema }),
    label: 'Enregistrer une nouvelle version du dossier (les établissements sollicités sont prévenus)',
    notice: 'Le dossier est enregistré dans une nouvelle version.',
  },
  send: {
    party: 'requester',
    target: 'case',
    label: 'Envoyer la demande (dossier complet requis)',
    notice: 'La demande a été envoyée aux établissements choisis.',
  },
  addFacilities: {
    party: 'requester',
    target: 'case',
    payload: z.object({ facilityIds: facilityIdsSchema, wave: z.union([z.literal(1), z.literal(2)]).default(1) }),
    label: 'Ajouter des établissements (envoi immédiat, ou deuxième vague)',
    notice: 'Les établissements sont ajoutés à la demande.',
  },
  choose: {
    party: 'requester',
    target: 'case',
    payload: z.object({ taskId: taskIdSchema }),
    label: 'Choisir un établissement ayant donné son accord (retire les autres demandes)',
    notice: 'Votre choix est enregistré. Les autres établissements sont prévenus que leur demande est annulée.',
    confirmation: {
      title: 'Choisir cet établissement ?',
      consequence:
        'Toutes les autres demandes en cours (accords, études, listes d’attente) sont retirées et ces établissements en sont prévenus. Elles ne reviennent que si l’établissement choisi déclare ensuite l’admission impossible.',
      button: 'Confirmer le choix',
    },
  },
  cancel: {
    party: 'requester',
    target: 'case',
    payload: z.object({ reason: referralTexts.cancellationReason }),
    storable: z.object({ reason: referralTexts.cancellationReason }),
    label: 'Annuler la demande (les demandes en cours sont retirées)',
    notice: 'La demande est annulée. Les établissements concernés sont prévenus.',
    confirmation: {
      title: 'Annuler la demande ?',
      consequence:
        'La demande est close : toutes les demandes en cours auprès des établissements sont retirées et ils en sont prévenus. Une demande annulée ne peut pas être rouverte ; il faudra en créer une nouvelle.',
      button: 'Confirmer l’annulation',
    },
  },
  withdraw: {
    party: 'requester',
    target: 'task',
    label: 'Retirer la demande adressée à un établissement',
    notice: 'La demande est retirée pour cet établissement, qui en est prévenu.',
    confirmation: {
      title: 'Retirer la demande adressée à cet établissement ?',
      consequence:
        'L’établissement est prévenu que la demande est retirée ; son accord ou son étude en cours sont perdus. Le retrait ne peut pas être annulé : pour le solliciter à nouveau, il faudra une nouvelle demande.',
      button: 'Confirmer le retrait',
    },
  },
  answerInfo: {
    party: 'requester',
    target: 'task',
    payload: z.object({ answer: referralTexts.answer }),
    storable: z.object({ answer: referralTexts.answer }),
    label: 'Répondre à une demande d’informations (relance le délai de l’établissement)',
    notice: 'Votre réponse est transmise à l’établissement.',
  },
  markRead: {
    party: 'facility',
    target: 'task',
    label: 'Marquer la demande comme lue',
  },
  startReview: {
    party: 'facility',
    target: 'task',
    label: 'Mettre la demande à l’étude',
    notice: 'La demande est à l’étude.',
  },
  waitlist: {
    party: 'facility',
    target: 'task',
    payload: z.object({ comment: comment.optional() }),
    storable: z.object({ comment: comment.optional() }),
    label: 'Inscrire en liste d’attente',
    notice: 'La personne est inscrite en liste d’attente. Le demandeur est prévenu.',
  },
  requestInfo: {
    party: 'facility',
    target: 'task',
    payload: z.object({ question: referralTexts.question }),
    storable: z.object({ question: referralTexts.question }),
    label: 'Demander des informations complémentaires (suspend le délai de réponse)',
    notice: 'Votre demande d’informations est transmise au demandeur.',
  },
  accept: {
    party: 'facility',
    target: 'task',
    payload: withDayRule(
      z.object({
        proposedEntryDate: entryDate,
        placeHeldUntil: entryDate.optional(),
        comment: comment.optional(),
      }),
      acceptanceDatesRefusal,
    ),
    storable: z.object({
      proposedEntryDate: calendarDate,
      placeHeldUntil: calendarDate.optional(),
      comment: comment.optional(),
    }),
    label: 'Donner un accord, avec une date d’entrée proposée (et une place réservée jusqu’à une date)',
    notice: 'Votre accord est enregistré. Le demandeur est prévenu.',
  },
  refuse: {
    party: 'facility',
    target: 'task',
    payload: z
      .object({
        reasonCode: z.enum(refusalReasonValues, { message: 'Motif de refus inconnu.' }),
        comment: comment.optional(),
      })
      .refine((body) => body.reasonCode !== 'other' || (body.comment ?? '').length > 0, {
        message: 'Précisez le motif de refus.',
        path: ['comment'],
      }),
    storable: z.object({ comment: comment.optional() }),
    label: 'Refuser, avec un motif',
    notice: 'Votre refus est enregistré. Le demandeur est prévenu.',
  },
  confirmAdmission: {
    party: 'facility',
    target: 'task',
    // The day is checked against the proposed entry by the workflow (domain/referral/entry-dates.ts).
    payload: z.object({ actualEntryDate: calendarDate.optional() }),
    storable: z.object({ actualEntryDate: calendarDate.optional() }),
    label:
      'Confirmer l’entrée de la personne dans l’établissement choisi, avec sa date d’entrée (par défaut la date proposée)',
    notice: 'L’admission est confirmée : la demande est close.',
    confirmation: {
      title: 'Confirmer l’admission ?',
      consequence:
        'La demande est close : la personne est enregistrée comme entrée dans votre établissement à la date indiquée, et le demandeur en est prévenu. Une admission confirmée ne peut pas être annulée.',
      button: 'Confirmer l’admission',
    },
  },
  reportAdmissionImpossible: {
    party: 'facility',
    target: 'task',
    payload: z.object({ reason: referralTexts.admissionImpossibleReason }),
    storable: z.object({ reason: referralTexts.admissionImpossibleReason }),
    label: 'Déclarer l’admission impossible après le choix (rouvre la demande)',
    notice: 'L’admission est déclarée impossible : la demande est rouverte et le demandeur prévenu.',
    confirmation: {
      title: 'Déclarer l’admission impossible ?',
      consequence:
        'Votre établissement n’est plus choisi et ne peut plus admettre la personne pour cette demande. La demande est rouverte : le demandeur en est prévenu et peut choisir un autre établissement.',
      button: 'Confirmer : admission impossible',
    },
  },
  // ── Family request: the référent designates the médecin traitant, who completes or declines ──
  designatePhysician: {
    party: 'requester',
    target: 'case',
    payload: z
      .object({
        physicianId: z.uuid({ message: 'Identifiant de médecin invalide.' }).optional(),
        invitedEmail: z.email({ message: 'Adresse e-mail invalide.' }).max(254).optional(),
      })
      .refine((body) => (body.physicianId === undefined) !== (body.invitedEmail === undefined), {
        message: 'Choisissez un médecin inscrit, ou indiquez l’adresse e-mail du médecin à inviter.',
        path: ['physicianId'],
      }),
    storable: z.object({ invitedEmail: z.email().max(254).optional() }),
    label: 'Désigner le médecin traitant qui complète le volet médical (demande faite par la famille)',
    notice: 'Le médecin est désigné : il est prévenu et complétera le volet médical.',
  },
  completeByPhysician: {
    party: 'physician',
    target: 'case',
    payload: z.object({
      medical: draftDossierSchema.shape.medical.unwrap(),
      aggir: aggirGridSchema,
      /** Whether the référents may see the GIR computed from the grid (never the grid itself). */
      shareGir: z.boolean().default(false),
      /** The physician saw the professional requests in progress for this person and validates all the same. */
      confirmNotDuplicate: z.boolean().default(false),
    }),
    storable: z.object({ dossier: draftDossierSchema }),
    label: 'Compléter le volet médical et la grille AGGIR (GIR calculé), puis valider (médecin désigné)',
    notice: 'Le dossier est complété et validé. Les référents sont prévenus, sans aucun détail médical.',
  },
  declineAsPhysician: {
    party: 'physician',
    target: 'case',
    label: 'Décliner : « je ne suis pas le médecin de cette personne » (médecin désigné)',
    notice: 'Vous n’êtes plus le médecin de ce dossier. Les référents sont prévenus.',
    confirmation: {
      title: 'Vous n’êtes pas le médecin de cette personne ?',
      consequence: 'Vous ne verrez plus ce dossier. Les référents sont prévenus et pourront désigner un autre médecin.',
      button: 'Confirmer : je ne suis pas son médecin',
    },
  },
  // ── Coordination: a coordinator of the case's territory acts on a stalled case ──
  remind: {
    party: 'coordinator',
    target: 'case',
    payload: z.object({ message: freeText(1000).optional() }),
    storable: z.object({ message: freeText(1000).optional() }),
    label: 'Relancer maintenant la partie attendue sur un dossier en retard (une relance par jour)',
    notice: 'La relance est envoyée à la partie attendue.',
  },
  addNote: {
    party: 'coordinator',
    target: 'case',
    payload: z.object({ note: coordinationNote }),
    storable: z.object({ note: coordinationNote }),
    label: 'Ajouter une note pour les coordinateurs du territoire (ni les établissements ni le demandeur ne la voient)',
    notice: 'La note est ajoutée au dossier. Seuls les coordinateurs du territoire la voient.',
  },
  escalate: {
    party: 'coordinator',
    target: 'case',
    payload: z.object({ message: coordinationNote }),
    storable: z.object({ message: coordinationNote }),
    label: 'Saisir le demandeur d’un dossier en retard, avec un message',
    notice: 'Votre message est envoyé au demandeur.',
  },
  suggestFacilities: {
    party: 'coordinator',
    target: 'case',
    payload: z.object({ facilityIds: facilityIdsSchema.max(10, '10 établissements au plus par suggestion.') }),
    label: 'Suggérer des établissements au demandeur (il les ajoute en un clic)',
    notice: 'Les établissements sont suggérés au demandeur, qui est prévenu.',
  },
  takeCharge: {
    party: 'coordinator',
    target: 'case',
    payload: z.object({ until: takeChargeUntil }),
    storable: z.object({ until: calendarDate }),
    label: 'Marquer un dossier en retard « pris en charge » jusqu’à une date (il revient ensuite dans la liste)',
    notice: 'Le dossier est marqué « pris en charge ».',
  },
} as const satisfies Record<ReferralCommandName, CommandSpec>;

type Commands = typeof referralCommands;

export { type ReferralCommandName, referralCommandNames };

type Nothing = Record<never, never>;
type PayloadOf<K extends ReferralCommandName> = Commands[K] extends { payload: z.ZodType }
  ? z.output<Commands[K]['payload']>
  : Nothing;
type TaskOf<K extends ReferralCommandName> = Commands[K]['target'] extends 'task' ? { taskId: string } : Nothing;

/** A command as a person gives it: the acting person is added by the platform, never trusted from input. */
export type PersonCommand = { [K in ReferralCommandName]: { type: K } & TaskOf<K> & PayloadOf<K> }[ReferralCommandName];

/** One command's declaration, read as any command's. */
export function referralCommand(name: ReferralCommandName): CommandSpec {
  return referralCommands[name];
}

/** A person's command from its parts as the edge validated them: the address's task, the payload. */
export function personCommand(type: ReferralCommandName, taskId: string | undefined, payload: object): PersonCommand {
  return { ...payload, ...(taskId === undefined ? {} : { taskId }), type } as PersonCommand;
}

/** What the platform resolves before the workflow decides: the facilities named by their ids. */
interface ResolvedArgs {
  addFacilities: { facilities: NewFacilityTask[] };
  /** The platform's setting travels with the command: the workflow's validator applies the same notice. */
  confirmAdmission: PayloadOf<'confirmAdmission'> & { admissionNoticeDays?: number };
  suggestFacilities: { facilities: SuggestedFacility[] };
  /** The platform merges the physician's parts into the dossier's latest version. */
  completeByPhysician: { dossier: DraftDossier; shareGir: boolean };
}
type ArgsOf<K extends ReferralCommandName> = K extends keyof ResolvedArgs ? ResolvedArgs[K] : PayloadOf<K>;

/** What `decide` receives: a person's command with its author, or a deadline falling due. */
export type ReferralCommand =
  | { [K in ReferralCommandName]: { type: K; actorId: string } & TaskOf<K> & ArgsOf<K> }[ReferralCommandName]
  | {
      type: 'deadline';
      deadline: Deadline;
      /** For the e-mail confirmation deadlines: what the workflow's activity found. */
      emailConfirmed?: boolean;
    }
  /** Every deadline due now, at once (deadline-schedule.ts, applyDueDeadlines). */
  | { type: 'dueDeadlines' }
  /**
   * A référent added (an invitation accepted; `actorId` is who invited them); on a request an
   * assisting professional created, the first one takes it over (`keepAssistance`: the professional
   * keeps following it). Not a person's command of the table.
   */
  | { type: 'addReferent'; actorId: string; userId: string; keepAssistance?: boolean }
  /** A référent ends the assisting professional's access they had kept. */
  | { type: 'endAssistance'; actorId: string }
  /** The physician invited by e-mail joined (their new or existing account): the designation resolves to them. */
  | { type: 'claimPhysicianInvitation'; actorId: string; invitedEmail: string };

/**
 * Why a command's values could not be written by the projection (the first French message), or
 * undefined. For update validators: a value refused here never enters the history, so a case can
 * never be frozen on a row PostgreSQL refuses, whoever sends the update.
 */
export function unstorableReferralCommand(command: ReferralCommand): string | undefined {
  // The handler stores the command as sent, unknown keys included: scan all of it first.
  if (!isStorableDeep(command)) return 'Caractère non enregistrable (U+0000 ou demi-paire de substitution).';
  if (
    command.type === 'deadline' ||
    command.type === 'dueDeadlines' ||
    command.type === 'addReferent' ||
    command.type === 'endAssistance' ||
    command.type === 'claimPhysicianInvitation'
  )
    return undefined;
  const result = referralCommand(command.type).storable?.safeParse(command);
  return result && !result.success ? (result.error.issues[0]?.message ?? 'Valeur invalide.') : undefined;
}
