CREATE TABLE "case_anomalies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_kind" text NOT NULL,
	"case_id" uuid NOT NULL,
	"workflow_id" text NOT NULL,
	"command" text NOT NULL,
	"reason" text NOT NULL,
	"sqlstate" varchar(5),
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_anomalies_occurred_idx" ON "case_anomalies" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "case_anomalies_case_idx" ON "case_anomalies" USING btree ("case_id");