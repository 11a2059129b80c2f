import type { FieldErrors } from './form-data.ts';

/** Every form of the orientation page, by the command it gives. */
export type PcoFormName = 'validate' | 'refuse' | 'care' | 'synthesis' | 'renewal' | 'close' | 'withdrawal';

/** A form of the orientation page shown again after a refusal, with what was typed and what went wrong. */
export interface PcoFormState {
  form: PcoFormName;
  values: Record<string, string>;
  /** Checkbox lists, by field name. */
  lists: Record<string, string[]>;
  errors: FieldErrors;
}

/** The state of one form, if it is the one that was submitted. */
export function pcoStateFor(
  state: PcoFormState | undefined,
  form: PcoFormName,
): Pick<PcoFormState, 'values' | 'lists' | 'errors'> & { submitted: boolean } {
  if (state && state.form === form) return { ...state, submitted: true };
  return { values: {}, lists: {}, errors: {}, submitted: false };
}
