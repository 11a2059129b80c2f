CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finess" varchar(9),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"departement" varchar(3) NOT NULL,
	"commune" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_memberships" (
	"user_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "facility_memberships_user_id_facility_id_pk" PRIMARY KEY("user_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "facility_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"status" text NOT NULL,
	"proposed_entry_date" date,
	"refusal_reason" text,
	"refusal_comment" text,
	"cancellation_reason" text,
	"version" integer NOT NULL,
	"sent_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient_address" text NOT NULL,
	"template" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"referral_id" uuid,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "referral_events" (
	"referral_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"task_id" uuid,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referral_events_referral_id_seq_pk" PRIMARY KEY("referral_id","seq")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"patient_last_name" text NOT NULL,
	"patient_first_name" text NOT NULL,
	"patient_birth_date" date NOT NULL,
	"patient_sex" text NOT NULL,
	"departement" varchar(3),
	"cancellation_reason" text,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "referrals_workflow_id_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"role" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text NOT NULL,
	"rpps" varchar(11),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_rpps_unique" UNIQUE("rpps")
);
--> statement-breakpoint
ALTER TABLE "facility_memberships" ADD CONSTRAINT "facility_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_memberships" ADD CONSTRAINT "facility_memberships_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD CONSTRAINT "facility_tasks_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD CONSTRAINT "facility_tasks_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_finess_key" ON "facilities" USING btree ("finess");--> statement-breakpoint
CREATE INDEX "facilities_kind_dep_idx" ON "facilities" USING btree ("kind","departement");--> statement-breakpoint
CREATE UNIQUE INDEX "facility_tasks_referral_facility_key" ON "facility_tasks" USING btree ("referral_id","facility_id");--> statement-breakpoint
CREATE INDEX "facility_tasks_inbox_idx" ON "facility_tasks" USING btree ("facility_id","updated_at");--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox_messages" USING btree ("recipient_address","created_at");--> statement-breakpoint
CREATE INDEX "referrals_requester_idx" ON "referrals" USING btree ("requester_id","updated_at");