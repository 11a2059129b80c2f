export { pcoWorkflow } from './pco.ts';
export { referralWorkflow } from './referral.ts';
