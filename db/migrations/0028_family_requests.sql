CREATE SEQUENCE "public"."family_dossier_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "referral_referents" (
	"referral_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" uuid,
	CONSTRAINT "referral_referents_referral_id_user_id_pk" PRIMARY KEY("referral_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "dossier_number" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "family" jsonb;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "physician_id" uuid;--> statement-breakpoint
ALTER TABLE "referral_referents" ADD CONSTRAINT "referral_referents_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_referents" ADD CONSTRAINT "referral_referents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_referents" ADD CONSTRAINT "referral_referents_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_referents_user_idx" ON "referral_referents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "referrals_physician_idx" ON "referrals" USING btree ("physician_id") WHERE "referrals"."physician_id" is not null;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_dossier_number_key" UNIQUE("dossier_number");