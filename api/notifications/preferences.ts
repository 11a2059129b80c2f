import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { facilityNotificationSettings, notificationPreferences, users } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import {
  type ConfigurableCategory,
  configurableCategories,
  defaultNotificationMode,
  type NotificationMode,
  notificationCategories,
  notificationModes,
} from '../../domain/notification-preferences.ts';
import { normalisePhoneNumber } from '../../domain/phone-numbers.ts';
import type { Actor } from '../../domain/users.ts';

export interface PreferencesView {
  phone: string | null;
  categories: { category: ConfigurableCategory; label: string; mode: NotificationMode; modeLabel: string }[];
  modes: { mode: NotificationMode; label: string }[];
  facilities: { facilityId: string; dailyDigest: boolean; canChange: boolean }[];
}

/** The acting person's choices, defaults filled in, and the digest setting of their facilities. */
export async function loadPreferences(db: Database, actor: Actor): Promise<PreferencesView> {
  const [user] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, actor.id));
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const chosen = new Map(rows.map((row) => [row.category, row.mode as NotificationMode]));
  const settings = await Promise.all(
    actor.facilityIds.map(async (facilityId) => {
      const [row] = await db
        .select()
        .from(facilityNotificationSettings)
        .where(eq(facilityNotificationSettings.facilityId, facilityId));
      return { facilityId, dailyDigest: row?.dailyDigest ?? false, canChange: canSetFacilityDigest(actor, facilityId) };
    }),
  );
  return {
    phone: user?.phone ?? null,
    categories: configurableCategories.map((category) => {
      const mode = chosen.get(category) ?? defaultNotificationMode;
      return { category, label: notificationCategories[category], mode, modeLabel: notificationModes[mode] };
    }),
    modes: (Object.keys(notificationModes) as NotificationMode[]).map((mode) => ({
      mode,
      label: notificationModes[mode],
    })),
    facilities: settings,
  };
}

/** Saves a phone number (validated, stored in E.164) and per-category modes; SMS needs a mobile number. */
export async function savePreferences(
  db: Database,
  actor: Actor,
  input: { phone?: string | null; modes?: Partial<Record<ConfigurableCategory, NotificationMode>> },
): Promise<PreferencesView> {
  let phone: string | null | undefined;
  if (input.phone === null || input.phone === '') phone = null;
  else if (input.phone !== undefined) {
    const check = normalisePhoneNumber(input.phone);
    if (!check.ok) throw new AppError('request.invalid', check.reason, [{ path: 'phone', message: check.reason }]);
    phone = check.e164;
    if (!check.mobile && Object.values(input.modes ?? {}).some((mode) => mode === 'sms' || mode === 'email_and_sms')) {
      const reason = 'Les SMS ne peuvent être envoyés qu’à un numéro de mobile.';
      throw new AppError('request.invalid', reason, [{ path: 'phone', message: reason }]);
    }
  }
  await db.transaction(async (tx) => {
    if (phone !== undefined) await tx.update(users).set({ phone }).where(eq(users.id, actor.id));
    for (const [category, mode] of Object.entries(input.modes ?? {})) {
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

function canSetFacilityDigest(actor: Actor, facilityId: string): boolean {
  return actor.facilityIds.includes(facilityId) && actor.facilityRoles[facilityId] === 'manager';
}
