import { and, count, desc, eq, inArray, isNull, ne, not, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { outboxMessages } from '../../db/schema.ts';
import { type NotificationCategory, notificationCategories } from '../../domain/messages/preferences.ts';

/** A page of the « Notifications » list. */
export const notificationsPerPage = 20;

/** Keys of a message's data that link to a page of Parcours (never a code, a reset or an invitation link). */
const pageLinkKeys = ['caseUrl', 'orientationUrl', 'coordinationUrl'] as const;

export interface InAppNotification {
  id: string;
  category: NotificationCategory | null;
  categoryLabel: string;
  subject: string;
  /** The message's own text (as e-mailed, or as the SMS said): it carries no medical detail. */
  text: string;
  /** The page the message points to, as a path of this site. */
  link: string | undefined;
  createdAt: string;
  read: boolean;
}

export interface NotificationsPage {
  notifications: InAppNotification[];
  page: number;
  pageCount: number;
  total: number;
  unread: number;
  /** The categories the person has messages of, for the filter. */
  categories: { category: NotificationCategory; label: string }[];
}

export interface NotificationsQuery {
  page?: number;
  category?: NotificationCategory | undefined;
  unreadOnly?: boolean;
}

/**
 * The rows that are the person's messages: addressed to their account, of every channel (« Application
 * seulement » rows are written for this page), once per message (the SMS copy of a message also e-mailed
 * is left out), and never a security message (codes and one-time links have no business in a list).
 */
function addressedTo(userId: string): SQL {
  return and(
    eq(outboxMessages.recipientType, 'user'),
    eq(outboxMessages.recipientId, userId),
    or(isNull(outboxMessages.category), ne(outboxMessages.category, 'security')),
    not(and(eq(outboxMessages.channel, 'sms'), sql`${outboxMessages.idempotencyKey} like '%/sms'`) as SQL),
  ) as SQL;
}

function isCategory(value: string | null): value is NotificationCategory {
  return value !== null && value in notificationCategories;
}

/** A link of the message as a path of this site; an address elsewhere is not followed. */
function pagePath(data: Record<string, unknown>, appUrl: string): string | undefined {
  for (const key of pageLinkKeys) {
    const value = data[key];
    if (typeof value !== 'string') continue;
    try {
      const url = new URL(value);
      if (url.origin === new URL(appUrl).origin) return `${url.pathname}${url.search}`;
    } catch {}
  }
  return undefined;
}

/** How many of the person's messages they have not marked read: the header's bell. */
export async function unreadNotificationCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(outboxMessages)
    .where(and(addressedTo(userId), isNull(outboxMessages.readAt)));
  return row?.unread ?? 0;
}

/** The person's messages, newest first, a page at a time, optionally of one category or unread only. */
export async function listNotifications(
  db: Database,
  userId: string,
  appUrl: string,
  query: NotificationsQuery = {},
): Promise<NotificationsPage> {
  const filters = [
    addressedTo(userId),
    query.category ? eq(outboxMessages.category, query.category) : undefined,
    query.unreadOnly ? isNull(outboxMessages.readAt) : undefined,
  ];
  const where = and(...filters);
  const [totals] = await db.select({ total: count() }).from(outboxMessages).where(where);
  const total = totals?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / notificationsPerPage));
  const page = Math.min(Math.max(1, Math.trunc(query.page ?? 1)), pageCount);
  const rows = await db
    .select({
      id: outboxMessages.id,
      category: outboxMessages.category,
      subject: outboxMessages.subject,
      text: outboxMessages.textBody,
      data: outboxMessages.data,
      createdAt: outboxMessages.createdAt,
      readAt: outboxMessages.readAt,
    })
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(notificationsPerPage)
    .offset((page - 1) * notificationsPerPage);
  const categoryRows = await db
    .selectDistinct({ category: outboxMessages.category })
    .from(outboxMessages)
    .where(addressedTo(userId));
  const categories = categoryRows
    .map((row) => row.category)
    .filter(isCategory)
    .sort((a, b) => notificationCategories[a].localeCompare(notificationCategories[b], 'fr'))
    .map((category) => ({ category, label: notificationCategories[category] }));
  return {
    notifications: rows.map((row) => {
      const category = isCategory(row.category) ? row.category : null;
      return {
        id: row.id,
        category,
        categoryLabel: category ? notificationCategories[category] : 'Message',
        subject: row.subject,
        text: row.text,
        link: pagePath(row.data, appUrl),
        createdAt: row.createdAt.toISOString(),
        read: row.readAt !== null,
      };
    }),
    page,
    pageCount,
    total,
    unread: await unreadNotificationCount(db, userId),
    categories,
  };
}

/**
 * Marks the given messages of the person read (`ids`), or all of them; another person's message
 * ids change nothing. Answers how many were marked.
 */
export async function markNotificationsRead(
  db: Database,
  userId: string,
  ids: readonly string[] | 'all',
  now: Date = new Date(),
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  const marked = await db
    .update(outboxMessages)
    .set({ readAt: now })
    .where(
      and(
        addressedTo(userId),
        isNull(outboxMessages.readAt),
        ids === 'all' ? undefined : inArray(outboxMessages.id, [...ids]),
      ),
    )
    .returning({ id: outboxMessages.id });
  return marked.length;
}
