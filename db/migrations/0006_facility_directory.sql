CREATE TABLE "communes" (
	"insee" varchar(5) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"search_name" text NOT NULL,
	"postcodes" text[] NOT NULL,
	"departement" varchar(3) NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"is_arrondissement" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_imports" (
	"source" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"counts" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_answer_stats" (
	"facility_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sent" integer NOT NULL,
	"due" integer NOT NULL,
	"answered" integer NOT NULL,
	"accepted" integer NOT NULL,
	"median_answer_hours" double precision,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "facility_answer_stats_facility_id_kind_pk" PRIMARY KEY("facility_id","kind")
);
--> statement-breakpoint
CREATE TABLE "facility_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"name" text NOT NULL,
	"accommodation_type" text NOT NULL,
	"installed_places" integer,
	"available_places" integer NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"declared_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "category_code" varchar(4);--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "category_label" text;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "postcode" varchar(5);--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "commune_insee" varchar(5);--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "lon" double precision;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "price_per_day" numeric(8, 2);--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "accommodation_types" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "capabilities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "source" text DEFAULT 'seed' NOT NULL;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "source_file" text;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "available_places" integer;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "installed_places" integer;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "capacity_declared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "profile_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_answer_stats" ADD CONSTRAINT "facility_answer_stats_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_units" ADD CONSTRAINT "facility_units_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_units" ADD CONSTRAINT "facility_units_declared_by_users_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communes_search_name_idx" ON "communes" USING btree ("search_name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "communes_postcodes_idx" ON "communes" USING gin ("postcodes");--> statement-breakpoint
CREATE INDEX "facility_units_facility_idx" ON "facility_units" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "facilities_kind_geo_idx" ON "facilities" USING btree ("kind","lat","lon");--> statement-breakpoint
CREATE INDEX "facilities_geo_idx" ON "facilities" USING btree ("lat","lon");