ALTER TABLE "facilities" ADD COLUMN "dependence_gir56_per_day" numeric(8, 2);--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "tariffs_declared_at" timestamp with time zone;