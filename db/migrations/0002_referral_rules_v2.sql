CREATE TABLE "dossier_versions" (
	"referral_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossier_versions_referral_id_version_pk" PRIMARY KEY("referral_id","version")
);
--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "wave" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "clock_paused_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "info_question" text;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "info_asked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "info_answer" text;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "info_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "place_held_until" date;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "place_released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "admission_impossible_reason" text;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "answered_dossier_version" integer;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "requester_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "rules_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "dossier_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "missing_parts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "gir" integer;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "stalled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "stalled_marks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "next_deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "second_wave_send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_versions" ADD CONSTRAINT "dossier_versions_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_stalled_idx" ON "referrals" USING btree ("departement","updated_at") WHERE "referrals"."stalled";--> statement-breakpoint
CREATE INDEX "referrals_identity_idx" ON "referrals" USING btree ("patient_birth_date","patient_last_name");