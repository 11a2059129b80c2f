import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.ts';
import {
  facilities,
  facilityNotificationSettings,
  notificationPreferences,
  outboxMessages,
  users,
} from '../db/schema.ts';
import { pcoPlatforms } from '../db/schema-pco.ts';
import {
  type MessageDraft,
  type MessageRecipient,
  messagesForEvents,
  type OutgoingMessage,
} from '../domain/messages/case-messages.ts';
import { htmlFromText } from '../domain/messages/layout.ts';
import {
  type NotificationCategory,
  type NotificationMode,
  type PlanRecipient,
  planDeliveries,
} from '../domain/messages/preferences.ts';
import { smsText } from '../domain/messages/sms-text.ts';
import { type PcoMessageTemplate, pcoMessagesForEvents } from '../domain/pco/messages.ts';
import type { PcoEvent, PcoState } from '../domain/pco/orientation-state.ts';
import { smsNumber, verifiedSmsNumber } from '../domain/phone-numbers.ts';
import type { ReferralEvent, ReferralState } from '../domain/referral/state.ts';
import { currentCorrelationId } from '../services/observability/correlation.ts';
import { type CapacityReminderRequest, capacityReminderDrafts } from './collect-capacity-reminders.ts';
import { type CoordinatorDigestRequest, collectCoordinatorDigests } from './collect-coordinator-digests.ts';
import { collectDigests, type DigestRequest } from './collect-digests.ts';

/** The messages of a referral's events (domain/messages/case-messages.ts decides which). */
export interface ReferralMessagesRequest {
  kind?: 'referral';
  workflowId: string;
  state: ReferralState;
  events: ReferralEvent[];
}

/** Messages any workflow composed itself (PCO decision, account messages…), for one step of it. */
export interface OutgoingMessagesRequest {
  kind: 'messages';
  workflowId: string;
  /** Unique within the workflow (an event sequence, a decision id): with the workflow id, the idempotency key. */
  step: string;
  messages: OutgoingMessage[];
}

/** The messages of a PCO orientation's events (domain/pco/messages.ts decides which). */
export interface PcoMessagesRequest {
  kind: 'pco';
  workflowId: string;
  state: PcoState;
  events: PcoEvent[];
}

export type EnqueueRequest =
  | ReferralMessagesRequest
  | OutgoingMessagesRequest
  | PcoMessagesRequest
  | DigestRequest
  | CoordinatorDigestRequest
  | CapacityReminderRequest;

/** Preference category of each PCO message. */
const pcoMessageCategories: Record<PcoMessageTemplate, NotificationCategory> = {
  pco_new_orientation: 'new_request',
  pco_validation_reminder: 'reminder',
  pco_decision: 'pco_decision',
  pco_case_stalled: 'stalled',
  pco_end_reminder: 'reminder',
  pco_report_available: 'pco_decision',
  pco_closed: 'case_update',
};

export interface EnqueueResult {
  /** Rows inserted by this call (0 when a retry or replay finds them already there). */
  enqueued: number;
  /** Every row of these messages still waiting for delivery, inserted now or before. */
  ids: string[];
}

/**
 * Puts the messages into the outbox, one row per message and channel, as the recipient's
 * preferences say (e-mail, SMS, only in the app, or the facility's daily digest). The idempotency
 * key (workflow, step, recipient) is unique in the table, so a retried or replayed activity adds
 * nothing; it answers with the ids still to deliver, whoever inserted them.
 */
export async function enqueueMessages(db: Database, appUrl: string, input: EnqueueRequest): Promise<EnqueueResult> {
  if (input.kind === 'digest') {
    const ids = await collectDigests(db, appUrl, input);
    return { enqueued: ids.length, ids };
  }
  if (input.kind === 'coordinator-digest') {
    const ids = await collectCoordinatorDigests(db, appUrl, input);
    return { enqueued: ids.length, ids };
  }
  const drafts: (MessageDraft | KeyedMessage)[] =
    input.kind === 'capacity-reminder'
      ? await capacityReminderDrafts(db, appUrl, input)
      : input.kind === 'messages'
        ? input.messages.map((message) => ({
            ...message,
            idempotencyKey: `${input.workflowId}/${input.step}/${message.template}/${recipientKey(message.recipient)}`,
          }))
        : input.kind === 'pco'
          ? pcoDrafts(input, appUrl)
          : messagesForEvents(input.workflowId, input.state, input.events, appUrl);
  return insertDrafts(db, input, drafts);
}

/** A referral step's messages, in the caller's transaction when given one (with the step's projection). */
export function enqueueReferralMessages(
  db: Queryable,
  appUrl: string,
  input: ReferralMessagesRequest,
): Promise<EnqueueResult> {
  return insertDrafts(db, input, messagesForEvents(input.workflowId, input.state, input.events, appUrl));
}

/** One outbox row per message and channel (idempotent by key); the ids still waiting for delivery. */
async function insertDrafts(
  db: Queryable,
  input: EnqueueRequest,
  drafts: (MessageDraft | KeyedMessage)[],
): Promise<EnqueueResult> {
  if (drafts.length === 0) return { enqueued: 0, ids: [] };
  const recipientOf = await resolveRecipients(db, drafts);
  // The request that caused these messages, when one did (a timer's step has none).
  const correlationId = currentCorrelationId() ?? null;
  const rows = drafts.flatMap((draft) => {
    const recipient = recipientOf(draft);
    if (!recipient) return [];
    return planDeliveries(draft.category, recipient).map((delivery) => ({
      idempotencyKey: `${draft.idempotencyKey}${delivery.keySuffix}`,
      channel: delivery.channel,
      recipientAddress: delivery.address,
      recipientType: draft.recipient.type === 'address' ? null : draft.recipient.type,
      recipientId: recipientIdOf(draft.recipient),
      template: draft.template,
      category: draft.category,
      subject: draft.subject,
      textBody: delivery.channel === 'sms' ? smsText(draft) : draft.text,
      htmlBody: delivery.channel === 'sms' ? null : draft.html,
      data: draft.data,
      referralId: draft.referralId ?? ('state' in input ? input.state.caseId : null),
      status: delivery.status,
      correlationId,
    }));
  });
  if (rows.length === 0) return { enqueued: 0, ids: [] };
  const inserted = await db
    .insert(outboxMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: outboxMessages.id });
  const keys = rows.map((row) => row.idempotencyKey);
  const waiting = await db
    .select({ id: outboxMessages.id, key: outboxMessages.idempotencyKey })
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.idempotencyKey, keys), eq(outboxMessages.status, 'queued')));
  const order = new Map(keys.map((key, index) => [key, index]));
  waiting.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  return { enqueued: inserted.length, ids: waiting.map((row) => row.id) };
}

type KeyedMessage = OutgoingMessage & { idempotencyKey: string };

/** PCO messages are written as text: their HTML is the same words in the common frame. */
function pcoDrafts(input: PcoMessagesRequest, appUrl: string): KeyedMessage[] {
  return pcoMessagesForEvents(input.workflowId, input.state, input.events, appUrl).map((draft) => ({
    idempotencyKey: draft.idempotencyKey,
    recipient:
      draft.recipient.type === 'address' ? { type: 'address', email: draft.recipient.address } : draft.recipient,
    template: draft.template,
    category: pcoMessageCategories[draft.template],
    subject: draft.subject,
    text: draft.text,
    html: htmlFromText(draft.subject, draft.text),
    data: { orientationUrl: `${appUrl}/pco/${input.state.caseId}` },
    referralId: input.state.caseId,
  }));
}

function recipientKey(recipient: MessageRecipient): string {
  switch (recipient.type) {
    case 'facility':
      return `facility:${recipient.facilityId}`;
    case 'user':
      return `user:${recipient.userId}`;
    case 'platform':
      return `platform:${recipient.platformId}`;
    default:
      return `address:${recipient.email ?? recipient.phone ?? ''}`;
  }
}

function recipientIdOf(recipient: MessageRecipient): string | null {
  if (recipient.type === 'facility') return recipient.facilityId;
  if (recipient.type === 'user') return recipient.userId;
  if (recipient.type === 'platform') return recipient.platformId;
  return null;
}

/** Addresses, numbers and choices of every recipient, read once for the batch. */
async function resolveRecipients(
  db: Queryable,
  drafts: (MessageDraft | KeyedMessage)[],
): Promise<(draft: MessageDraft | KeyedMessage) => PlanRecipient | undefined> {
  const facilityIds = [
    ...new Set(drafts.flatMap((draft) => (draft.recipient.type === 'facility' ? [draft.recipient.facilityId] : []))),
  ];
  const userIds = [
    ...new Set(drafts.flatMap((draft) => (draft.recipient.type === 'user' ? [draft.recipient.userId] : []))),
  ];
  const facilityOf = new Map<string, { email: string; dailyDigest: boolean }>();
  if (facilityIds.length > 0) {
    const rows = await db
      .select({ id: facilities.id, email: facilities.email, dailyDigest: facilityNotificationSettings.dailyDigest })
      .from(facilities)
      .leftJoin(facilityNotificationSettings, eq(facilityNotificationSettings.facilityId, facilities.id))
      .where(inArray(facilities.id, facilityIds));
    for (const row of rows) facilityOf.set(row.id, { email: row.email, dailyDigest: row.dailyDigest ?? false });
  }
  const userOf = new Map<string, { email: string; verifiedPhone: string | null }>();
  const modeOf = new Map<string, NotificationMode>();
  if (userIds.length > 0) {
    const rows = await db
      .select({ id: users.id, email: users.email, phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt })
      .from(users)
      .where(inArray(users.id, userIds));
    // An unverified number gets nothing: a person's SMS choice then falls back to e-mail.
    for (const row of rows) userOf.set(row.id, { email: row.email, verifiedPhone: verifiedSmsNumber(row) ?? null });
    const preferences = await db
      .select()
      .from(notificationPreferences)
      .where(inArray(notificationPreferences.userId, userIds));
    for (const row of preferences) modeOf.set(`${row.userId}/${row.category}`, row.mode as NotificationMode);
  }
  const platformIds = [
    ...new Set(drafts.flatMap((draft) => (draft.recipient.type === 'platform' ? [draft.recipient.platformId] : []))),
  ];
  const platformEmailOf = new Map<string, string>();
  if (platformIds.length > 0) {
    const rows = await db
      .select({ id: pcoPlatforms.id, email: pcoPlatforms.email })
      .from(pcoPlatforms)
      .where(inArray(pcoPlatforms.id, platformIds));
    for (const row of rows) platformEmailOf.set(row.id, row.email);
  }
  return (draft) => {
    const recipient = draft.recipient;
    switch (recipient.type) {
      case 'facility': {
        const facility = facilityOf.get(recipient.facilityId);
        return facility && { type: 'facility', ...facility };
      }
      case 'user': {
        const user = userOf.get(recipient.userId);
        const mode = modeOf.get(`${recipient.userId}/${draft.category}`);
        return user && { type: 'user', ...user, ...(mode ? { mode } : {}) };
      }
      case 'platform': {
        const email = platformEmailOf.get(recipient.platformId);
        return email ? { type: 'facility', email } : undefined;
      }
      default: {
        const phone = smsNumber(recipient.phone);
        return { type: 'address', ...(recipient.email ? { email: recipient.email } : {}), ...(phone ? { phone } : {}) };
      }
    }
  };
}
