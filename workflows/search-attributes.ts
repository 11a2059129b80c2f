import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes of a referral workflow: registered by bin/dev and in production by the operator. */
export const referralKindKey = defineSearchAttributeKey('ParcoursKind', SearchAttributeType.KEYWORD);
export const referralStatusKey = defineSearchAttributeKey('ParcoursStatus', SearchAttributeType.KEYWORD);
export const referralDepartementKey = defineSearchAttributeKey('ParcoursDepartement', SearchAttributeType.KEYWORD);

export const referralSearchAttributes = [referralKindKey, referralStatusKey, referralDepartementKey];
