import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes of a referral workflow: registered by bin/dev, the tests, and in production by the operator. */
export const referralKindKey = defineSearchAttributeKey('ParcoursKind', SearchAttributeType.KEYWORD);
export const referralStatusKey = defineSearchAttributeKey('ParcoursStatus', SearchAttributeType.KEYWORD);
export const referralDepartementKey = defineSearchAttributeKey('ParcoursDepartement', SearchAttributeType.KEYWORD);
export const referralStalledKey = defineSearchAttributeKey('ParcoursStalled', SearchAttributeType.BOOL);
export const referralNextDeadlineKey = defineSearchAttributeKey('ParcoursNextDeadline', SearchAttributeType.DATETIME);

export const referralSearchAttributes = [
  referralKindKey,
  referralStatusKey,
  referralDepartementKey,
  referralStalledKey,
  referralNextDeadlineKey,
];

/** The name the `temporal` CLI gives each type (`--search-attribute Name=Type`). */
export const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
};
