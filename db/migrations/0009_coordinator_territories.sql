CREATE TABLE "coordinator_territories" (
	"user_id" uuid NOT NULL,
	"departement" varchar(3) NOT NULL,
	CONSTRAINT "coordinator_territories_user_id_departement_pk" PRIMARY KEY("user_id","departement")
);
--> statement-breakpoint
ALTER TABLE "coordinator_territories" ADD CONSTRAINT "coordinator_territories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;