import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every setting of the platform, from the environment, with its embedded default. */
const configSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PARCOURS_DATA_DIR: z.string().default('.data'),
  PARCOURS_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('parcours-referrals'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PARCOURS_APP_URL: z.string().url().optional(),
  PARCOURS_DEV_IDENTITY: flag.default(false),
  PARCOURS_SEARCH_ATTRIBUTES: flag.default(true),
});

export type Config = z.infer<typeof configSchema> & { appUrl: string };

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Configuration invalide :\n${problems}`);
  }
  return { ...parsed.data, appUrl: parsed.data.PARCOURS_APP_URL ?? `http://localhost:${parsed.data.PORT}` };
}

export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}
