import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { type PcoCommandName, pcoCommandNames } from '../domain/pco/command-names.ts';
import type { PcoCommand, PcoState } from '../domain/pco/orientation-state.ts';

/** The messages a PCO orientation workflow answers: shared by the workflow, the API and the tests. */
export type PcoCommandArgs<T extends PcoCommand['type']> = Omit<Extract<PcoCommand, { type: T }>, 'type'>;

export type PcoUpdates = { [K in PcoCommandName]: UpdateDefinition<PcoState, [PcoCommandArgs<K>], `pco.${K}`> };

/**
 * One Temporal Update per command of the table (domain/pco/commands.ts), named `pco.<command>` (the
 * names are in every history: never rename one).
 */
export const pcoUpdates = Object.fromEntries(
  pcoCommandNames.map((name) => [name, defineUpdate(`pco.${name}`)]),
) as PcoUpdates;

/** The Update of one command, typed by its name (an index with a type parameter is not, for the compiler). */
export function pcoUpdate<T extends PcoCommandName>(
  name: T,
): UpdateDefinition<PcoState, [PcoCommandArgs<T>], `pco.${T}`> {
  return pcoUpdates[name];
}

/** A command of the table with its arguments, as `decidePco` reads it. */
export function pcoCommandOf<T extends PcoCommandName>(type: T, args: PcoCommandArgs<T>): PcoCommand {
  const command: Extract<PcoCommand, { type: T }> = { ...args, type } as Extract<PcoCommand, { type: T }>;
  return command;
}

/** Answers once the new orientation is in the read model: lets the API start a case and read it back. */
export const pcoRecorded = defineUpdate<PcoState, []>('pco.recorded');

export const pcoStateQuery = defineQuery<PcoState>('pco.state');
