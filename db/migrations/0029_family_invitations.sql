CREATE TABLE "family_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"handle" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"referral_id" uuid NOT NULL,
	"email" text NOT NULL,
	"invited_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "family_invitations_handle_unique" UNIQUE("handle")
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referent_ids" uuid[];--> statement-breakpoint
ALTER TABLE "family_invitations" ADD CONSTRAINT "family_invitations_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_invitations" ADD CONSTRAINT "family_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_invitations" ADD CONSTRAINT "family_invitations_accepted_user_id_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_invitations_referral_idx" ON "family_invitations" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "family_invitations_email_idx" ON "family_invitations" USING btree ("email");