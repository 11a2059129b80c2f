import { z } from 'zod';
import { defaultCapacityStaleDays } from '../../domain/directory/capacity-freshness.ts';

const settingsSchema = z.object({
  PARCOURS_CAPACITY_STALE_DAYS: z.coerce.number().int().min(1).max(365).default(defaultCapacityStaleDays),
  PARCOURS_RANKING_WINDOW_DAYS: z.coerce.number().int().min(7).max(3650).default(365),
  PARCOURS_DIRECTORY_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export interface DirectorySettings {
  /** A declaration of places older than this is shown as such, and its facility nudged. */
  capacityStaleDays: number;
  /** How far back the ranking learns from case events. */
  rankingWindowDays: number;
  /** How often the server recomputes the answer statistics. */
  refreshMinutes: number;
}

/** The directory's settings, from the environment (see the README's configuration table). */
export function directorySettings(env: NodeJS.ProcessEnv = process.env): DirectorySettings {
  const parsed = settingsSchema.parse(env);
  return {
    capacityStaleDays: parsed.PARCOURS_CAPACITY_STALE_DAYS,
    rankingWindowDays: parsed.PARCOURS_RANKING_WINDOW_DAYS,
    refreshMinutes: parsed.PARCOURS_DIRECTORY_REFRESH_MINUTES,
  };
}
