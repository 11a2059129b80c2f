/**
 * The names of the commands a person gives a PCO orientation, in the table's order (commands.ts
 * declares each one against this list), apart from the table so that the workflow's Updates,
 * named `pco.<command>` in every history, load no schema.
 */
export const pcoCommandNames = [
  'validate',
  'refuse',
  'recordCare',
  'recordSynthesis',
  'decideRenewal',
  'close',
] as const;

export type PcoCommandName = (typeof pcoCommandNames)[number];
