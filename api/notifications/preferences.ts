import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilities, facilityNotificationSettings, notificationPreferences, users } from '../../db/schema.ts';
import { canSetFacilityDigest } from '../../domain/directory/facility-policies.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import {
  type ConfigurableCategory,
  categoriesFor,
  defaultNotificationMode,
  type NotificationMode,
  notificationCategories,
  notificationModes,
  usesSms,
} from '../../domain/messages/preferences.ts';
import { verifiedSmsNumber } from '../../domain/phone-numbers.ts';

export interface PreferencesView {
  /** The account's number, read only: it changes in « Mon compte », through an SMS code. */
  phone: string | null;
  /** SMS go only to a verified number; without one, SMS choices are sent by e-mail. */
  phoneVerified: boolean;
  categories: {
    category: ConfigurableCategory;
    label: string;
    mode: NotificationMode;
    modeLabel: string;
    /** SMS chosen earlier but no verified number now: these messages go by e-mail. */
    smsFallsBackToEmail: boolean;
  }[];
  modes: { mode: NotificationMode; label: string }[];
  facilities: { facilityId: string; name: string; dailyDigest: boolean; canChange: boolean }[];
}

/** The acting person's choices, defaults filled in, and the digest setting of their facilities. */
export async function loadPreferences(db: Database, actor: Actor): Promise<PreferencesView> {
  const [user] = await db
    .select({ phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt })
    .from(users)
    .where(eq(users.id, actor.id));
  const phoneVerified = Boolean(user && verifiedSmsNumber(user));
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const chosen = new Map(rows.map((row) => [row.category, row.mode as NotificationMode]));
  const facilityRows =
    actor.facilityIds.length > 0
      ? await db
          .select({ id: facilities.id, name: facilities.name, dailyDigest: facilityNotificationSettings.dailyDigest })
          .from(facilities)
          .leftJoin(facilityNotificationSettings, eq(facilityNotificationSettings.facilityId, facilities.id))
          .where(inArray(facilities.id, actor.facilityIds))
      : [];
  const facilityOf = new Map(facilityRows.map((row) => [row.id, row]));
  return {
    phone: user?.phone ?? null,
    phoneVerified,
    categories: categoriesFor(actor.role).map((category) => {
      const mode = chosen.get(category) ?? defaultNotificationMode;
      return {
        category,
        label: notificationCategories[category],
        mode,
        modeLabel: notificationModes[mode],
        smsFallsBackToEmail: usesSms(mode) && !phoneVerified,
      };
    }),
    modes: (Object.keys(notificationModes) as NotificationMode[]).map((mode) => ({
      mode,
      label: notificationModes[mode],
    })),
    facilities: actor.facilityIds.map((facilityId) => {
      const row = facilityOf.get(facilityId);
      return {
        facilityId,
        name: row?.name ?? '',
        dailyDigest: row?.dailyDigest ?? false,
        canChange: canSetFacilityDigest(actor, facilityId),
      };
    }),
  };
}

/**
 * Saves per-category modes. Choosing SMS needs a verified mobile number (« Mon compte »): refused
 * rather than silently sent by e-mail, so the person knows why no SMS would come.
 */
export async function savePreferences(
  db: Database,
  actor: Actor,
  input: { modes?: Partial<Record<ConfigurableCategory, NotificationMode>> },
): Promise<PreferencesView> {
  const modes = Object.entries(input.modes ?? {}) as [ConfigurableCategory, NotificationMode][];
  // The territory digest is a coordinator's: anyone else setting it is refused rather than silently stored.
  const own: readonly string[] = categoriesFor(actor.role);
  const notOwn = modes.map(([category]) => category).filter((category) => !own.includes(category));
  if (notOwn.length > 0) throw new AppError('auth.forbidden', undefined, { categories: notOwn });
  const wantsSms = modes.filter(([, mode]) => usesSms(mode)).map(([category]) => category);
  if (wantsSms.length > 0) {
    const [user] = await db
      .select({ phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt })
      .from(users)
      .where(eq(users.id, actor.id));
    if (!(user && verifiedSmsNumber(user))) {
      throw new AppError('notifications.sms_needs_verified_phone', undefined, { categories: wantsSms });
    }
  }
  await db.transaction(async (tx) => {
    for (const [category, mode] of modes) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: actor.id, category, mode })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.category],
          set: { mode, updatedAt: new Date() },
        });
    }
  });
  return loadPreferences(db, actor);
}

/** A facility's manager chooses one daily digest instead of a message per event. */
export async function saveFacilityDigest(db: Database, actor: Actor, facilityId: string, dailyDigest: boolean) {
  if (!canSetFacilityDigest(actor, facilityId)) throw new AppError('auth.forbidden');
  await db
    .insert(facilityNotificationSettings)
    .values({ facilityId, dailyDigest })
    .onConflictDoUpdate({
      target: facilityNotificationSettings.facilityId,
      set: { dailyDigest, updatedAt: new Date() },
    });
  const [row] = await db
    .select()
    .from(facilityNotificationSettings)
    .where(and(eq(facilityNotificationSettings.facilityId, facilityId)));
  return { facilityId, dailyDigest: row?.dailyDigest ?? dailyDigest };
}
