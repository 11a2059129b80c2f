export { dailyDigestWorkflow } from './daily-digest.ts';
export { pcoWorkflow } from './pco.ts';
export { referralWorkflow } from './referral.ts';
export { sendMessagesWorkflow } from './send-messages.ts';
