export { dailyDigestWorkflow } from './daily-digest.ts';
export { demoPcoWorkflow, demoReferralWorkflow } from './demo-cases.ts';
export { pcoWorkflow } from './pco.ts';
export { referralWorkflow } from './referral.ts';
export { retentionWorkflow } from './retention.ts';
export { sendMessagesWorkflow } from './send-messages.ts';
