ALTER TABLE "facility_memberships" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_memberships" ADD COLUMN "confirmed_by" uuid;--> statement-breakpoint
ALTER TABLE "facility_memberships" ADD COLUMN "confirmed_with" text;--> statement-breakpoint
ALTER TABLE "oidc_transactions" ADD COLUMN "link_user_id" uuid;--> statement-breakpoint
ALTER TABLE "facility_memberships" ADD CONSTRAINT "facility_memberships_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_transactions" ADD CONSTRAINT "oidc_transactions_link_user_id_users_id_fk" FOREIGN KEY ("link_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Doctors granted before the rule keep the medical part only if their account carries an RPPS
-- (set by Pro Santé Connect): the others wait for an administrator, as a new proposal would.
UPDATE "facility_memberships" AS "m" SET "confirmed_at" = now(), "confirmed_with" = 'rpps'
  FROM "users" AS "u"
  WHERE "u"."id" = "m"."user_id" AND "m"."role" = 'doctor' AND "u"."rpps" IS NOT NULL;
