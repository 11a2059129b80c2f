import { accountMessageTemplates } from './account-messages.ts';
import { messageTemplates } from './case-messages.ts';
import { familyInvitationTemplates } from './family-invitation-messages.ts';

/** Every template the platform sends, whoever sends it: the list the template tests walk. */
export const allMessageTemplates = [
  ...messageTemplates,
  ...accountMessageTemplates,
  ...familyInvitationTemplates,
  'coordinator_digest',
  'pco_decision',
  'daily_digest',
  'capacity_reminder',
] as const;

export type AnyMessageTemplate = (typeof allMessageTemplates)[number];
