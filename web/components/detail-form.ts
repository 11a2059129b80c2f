import type { ReferralCommandName } from '../../domain/referral/commands.ts';
import type { FieldErrors } from './form-data.ts';

/** Every form of the case page, by the command it gives (the dossier has its own page; reading needs no form). */
export type DetailFormName = Exclude<ReferralCommandName, 'updateDossier' | 'markRead'>;

/** The forms of the case page: its commands', and the family's invitation (a command only once accepted). */
export type CaseFormName = DetailFormName | 'inviteFamily';

/** A form of the case page shown again after a refusal, with what was typed and what went wrong. */
export interface DetailFormState {
  form: CaseFormName;
  taskId?: string | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The state of one form, if it is the one that was submitted. */
export function stateFor(
  state: DetailFormState | undefined,
  form: CaseFormName,
  taskId?: string,
): Pick<DetailFormState, 'values' | 'errors'> & { submitted: boolean } {
  if (state && state.form === form && state.taskId === taskId) return { ...state, submitted: true };
  return { values: {}, errors: {}, submitted: false };
}
