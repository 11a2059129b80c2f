import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PcoCommand, PcoState } from '../domain/pco/orientation-state.ts';

/** The messages a PCO orientation workflow answers: shared by the workflow, the API and the tests. */
export type PcoCommandArgs<T extends PcoCommand['type']> = Omit<Extract<PcoCommand, { type: T }>, 'type'>;

const update = <T extends Exclude<PcoCommand['type'], 'deadline'>>(type: T) =>
  defineUpdate<PcoState, [PcoCommandArgs<T>]>(`pco.${type}`);

export const pcoUpdates = {
  validate: update('validate'),
  refuse: update('refuse'),
  recordCare: update('recordCare'),
  recordSynthesis: update('recordSynthesis'),
  decideRenewal: update('decideRenewal'),
  close: update('close'),
};

export type PcoUpdateName = keyof typeof pcoUpdates;

/** Answers once the new orientation is in the read model: lets the API start a case and read it back. */
export const pcoRecorded = defineUpdate<PcoState, []>('pco.recorded');

export const pcoStateQuery = defineQuery<PcoState>('pco.state');
