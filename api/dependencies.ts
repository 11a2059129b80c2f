import type { Database } from '../db/client.ts';
import type { RetentionPeriods } from '../domain/retention.ts';
import type { PscSettings } from '../services/identity/psc-client.ts';
import type { AuthSettings } from '../services/identity/settings.ts';
import type { ReferralCommandContext } from './referrals/commands.ts';
import type { TemporalCodecSettings } from './temporal-codec.ts';

/** What the JSON API needs from the process that mounts it (app/server-app.ts). */
export interface ApiDependencies extends ReferralCommandContext {
  db: Database;
  /** The development mailbox, explicitly enabled (PARCOURS_DEV_MAILBOX, never in production): see api/dev/mailbox.ts. */
  devMailbox: boolean;
  /** Signing secret of Resend's delivery webhook (POST /api/webhooks/resend), when configured. */
  resendWebhookSecret?: string | undefined;
  /** Public address of the web UI, for the links in messages sent from the API. */
  appUrl: string;
  /** Login settings (code interval, limits, proxy); defaults in services/identity/settings.ts. */
  auth?: Partial<AuthSettings> | undefined;
  /** Pro Santé Connect (or its local stand-in), when configured: physicians' login and account creation. */
  psc?: PscSettings | undefined;
  /** The clock of reads that depend on the day (the facility inbox's deadlines); tests pin it. Default: the system's. */
  clock?: (() => Date) | undefined;
  /** The retention periods in force (PARCOURS_RETENTION_MONTHS_*), stated on « Données personnelles ». Default: domain/retention.ts. */
  retentionMonths?: RetentionPeriods | undefined;
  /** Where people write about accessibility and personal data (PARCOURS_CONTACT_EMAIL…). */
  contactEmail?: string | undefined;
  /** The Temporal UI's remote codec (/api/temporal-codec/…): which origin may call it. */
  temporalCodec?: TemporalCodecSettings | undefined;
}
