import { z } from 'zod';
import { calendarDate, isStorableDeep } from '../vocabulary.ts';
import { type PcoCommandName, pcoCommandNames } from './command-names.ts';
import { pcoTexts } from './inputs.ts';
import {
  type PcoCommand,
  type PcoOutcome,
  type PcoRefusalReason,
  type PcoSetting,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoSettings,
} from './orientation-state.ts';
import { type CareProfession, careProfessions } from './package.ts';

/** Who gives a command: the platform's doctor (a medical act) or its team (policies.ts reads this). */
export type PcoCommandParty = 'platformDoctor' | 'platformTeam';

export interface PcoCommandSpec {
  party: PcoCommandParty;
  /** What the person gives, checked at the edge (API and pages). */
  payload: z.ZodType<object>;
  /** What of it ends up in PostgreSQL, with the storable rules only: the workflow's validator checks it. */
  storable?: z.ZodType;
  /** What the command does, in French (the API documentation's summary). */
  label: string;
}

const keys = <T extends string>(record: Record<T, string>) => Object.keys(record) as [T, ...T[]];
export const careProfessionSchema = z.enum(keys<CareProfession>(careProfessions), { message: 'Profession inconnue.' });

/**
 * Every command a person gives a PCO orientation, declared once: the workflow's Updates, the API's
 * routes and documentation, and the orientation page's actions are built from this table.
 */
export const pcoCommands = {
  validate: {
    party: 'platformDoctor',
    payload: z.object({
      setting: z.enum(keys<PcoSetting>(pcoSettings), { message: 'Modalité inconnue.' }),
      professions: z.array(careProfessionSchema).min(1, 'Indiquez au moins un professionnel.').max(5),
    }),
    label: 'Valider la prescription (médecin de la plateforme) avec le plan de bilans et d’interventions',
  },
  refuse: {
    party: 'platformDoctor',
    payload: z.object({
      reason: z.enum(keys<PcoRefusalReason>(pcoRefusalReasons), { message: 'Motif inconnu.' }),
      comment: pcoTexts.comment.optional(),
    }),
    storable: z.object({ comment: pcoTexts.comment.optional() }),
    label: 'Ne pas valider la prescription, avec le motif (médecin de la plateforme)',
  },
  recordCare: {
    party: 'platformTeam',
    payload: z.object({
      kind: z.enum(['assessment', 'intervention'], { message: 'Type attendu : bilan (assessment) ou intervention.' }),
      profession: careProfessionSchema,
      date: calendarDate,
      amountCents: z.number().int().min(0, 'Montant négatif.').max(1_000_000),
      provider: z.enum(['platform', 'contracted']),
      acceptBeyondPackage: z.boolean().default(false),
    }),
    storable: z.object({ date: calendarDate }),
    label: 'Enregistrer un bilan ou une intervention (montant imputé au forfait d’intervention précoce)',
  },
  recordSynthesis: {
    party: 'platformTeam',
    payload: z.object({ date: calendarDate }),
    storable: z.object({ date: calendarDate }),
    label: 'Enregistrer la réunion de synthèse avec la famille',
  },
  decideRenewal: {
    party: 'platformTeam',
    payload: z.object({ renew: z.boolean() }),
    label: 'Décider du renouvellement du parcours (une seule fois)',
  },
  close: {
    party: 'platformTeam',
    payload: z.object({
      outcome: z.enum(keys<PcoOutcome>(pcoOutcomes), { message: 'Issue inconnue.' }),
      comment: pcoTexts.comment.optional(),
    }),
    storable: z.object({ comment: pcoTexts.comment.optional() }),
    label: 'Clore le parcours avec son issue',
  },
} as const satisfies Record<PcoCommandName | Exclude<PcoCommand['type'], 'deadline'>, PcoCommandSpec>;

export { type PcoCommandName, pcoCommandNames };

/** One command's declaration, read as any command's. */
export function pcoCommand(name: PcoCommandName): PcoCommandSpec {
  return pcoCommands[name];
}

/** Why a command's values could not be written by the projection, or undefined (for update validators). */
export function unstorablePcoCommand(command: PcoCommand): string | undefined {
  // The handler stores the command as sent, unknown keys included: scan all of it first.
  if (!isStorableDeep(command)) return 'Caractère non enregistrable (U+0000 ou demi-paire de substitution).';
  if (command.type === 'deadline') return undefined;
  const result = pcoCommand(command.type).storable?.safeParse(command);
  return result && !result.success ? (result.error.issues[0]?.message ?? 'Valeur invalide.') : undefined;
}
