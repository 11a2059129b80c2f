export { referralWorkflow } from './referral.ts';
