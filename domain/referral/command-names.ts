/**
 * The names of the commands a person gives a case, in the table's order (commands.ts declares each
 * one against this list). Apart from the table so that what only needs the names (the workflow's
 * Updates, named `referral.<command>` in every history) loads no schema.
 */
export const referralCommandNames = [
  'updateDossier',
  'send',
  'addFacilities',
  'choose',
  'cancel',
  'withdraw',
  'answerInfo',
  'markRead',
  'startReview',
  'waitlist',
  'requestInfo',
  'accept',
  'refuse',
  'confirmAdmission',
  'reportAdmissionImpossible',
  'designatePhysician',
  'completeByPhysician',
  'declineAsPhysician',
  'remind',
  'addNote',
  'escalate',
  'suggestFacilities',
  'takeCharge',
] as const;

export type ReferralCommandName = (typeof referralCommandNames)[number];
