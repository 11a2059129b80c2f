import type { FieldErrors } from './form-data.ts';

/** A form of the case page shown again after a refusal, with what was typed and what went wrong. */
export interface DetailFormState {
  form: 'choose' | 'cancel' | 'accept' | 'refuse' | 'confirmAdmission';
  taskId?: string | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The state of one form, if it is the one that was submitted. */
export function stateFor(
  state: DetailFormState | undefined,
  form: DetailFormState['form'],
  taskId?: string,
): Pick<DetailFormState, 'values' | 'errors'> {
  if (state && state.form === form && state.taskId === taskId) return state;
  return { values: {}, errors: {} };
}
