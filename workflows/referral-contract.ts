import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReferralCommand, ReferralState } from '../domain/referral-state.ts';

/** The messages a referral workflow answers: shared by the workflow, the API and the tests. */
type Args<T extends ReferralCommand['type']> = Omit<Extract<ReferralCommand, { type: T }>, 'type'>;

export const referralTaskQueue = 'parcours-referrals';

export const sendReferral = defineUpdate<ReferralState, [Args<'send'>]>('referral.send');
export const acceptTask = defineUpdate<ReferralState, [Args<'accept'>]>('referral.accept');
export const refuseTask = defineUpdate<ReferralState, [Args<'refuse'>]>('referral.refuse');
export const chooseFacility = defineUpdate<ReferralState, [Args<'choose'>]>('referral.choose');
export const confirmAdmission = defineUpdate<ReferralState, [Args<'confirmAdmission'>]>('referral.confirmAdmission');
export const cancelReferral = defineUpdate<ReferralState, [Args<'cancel'>]>('referral.cancel');

export const referralStateQuery = defineQuery<ReferralState>('referral.state');
