CREATE TABLE "pco_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requester_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"age_range" text NOT NULL,
	"child_last_name" text NOT NULL,
	"child_first_name" text NOT NULL,
	"child_birth_date" date NOT NULL,
	"child_sex" text NOT NULL,
	"departement" varchar(3) NOT NULL,
	"family" jsonb NOT NULL,
	"screening" jsonb NOT NULL,
	"status" text NOT NULL,
	"plan" jsonb,
	"refusal_reason" text,
	"refusal_comment" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"validated_at" timestamp with time zone,
	"first_assessment_at" date,
	"first_intervention_at" date,
	"synthesis_at" date,
	"pathway_ends_at" timestamp with time zone,
	"renewed" boolean DEFAULT false NOT NULL,
	"care" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text,
	"stalled" boolean DEFAULT false NOT NULL,
	"stalled_marks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_deadline_at" timestamp with time zone,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pco_events" (
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pco_events_case_id_seq_pk" PRIMARY KEY("case_id","seq")
);
--> statement-breakpoint
CREATE TABLE "pco_platform_members" (
	"user_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "pco_platform_members_user_id_platform_id_pk" PRIMARY KEY("user_id","platform_id")
);
--> statement-breakpoint
CREATE TABLE "pco_platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"departement" varchar(3) NOT NULL,
	"age_range" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"finess" varchar(9),
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pco_cases" ADD CONSTRAINT "pco_cases_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pco_cases" ADD CONSTRAINT "pco_cases_platform_id_pco_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."pco_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pco_events" ADD CONSTRAINT "pco_events_case_id_pco_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."pco_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pco_platform_members" ADD CONSTRAINT "pco_platform_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pco_platform_members" ADD CONSTRAINT "pco_platform_members_platform_id_pco_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."pco_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pco_cases_platform_idx" ON "pco_cases" USING btree ("platform_id","updated_at");--> statement-breakpoint
CREATE INDEX "pco_cases_requester_idx" ON "pco_cases" USING btree ("requester_id","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pco_platforms_departement_age_key" ON "pco_platforms" USING btree ("departement","age_range");--> statement-breakpoint
-- Like the referral event log, an orientation's history is only ever appended to.
CREATE TRIGGER pco_events_no_update_delete
  BEFORE UPDATE OR DELETE ON pco_events
  FOR EACH ROW EXECUTE FUNCTION referral_events_append_only();
