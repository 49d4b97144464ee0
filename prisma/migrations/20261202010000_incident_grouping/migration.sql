-- AlterTable
ALTER TABLE "incidents" ADD COLUMN     "last_alert_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_into_id" UUID;

-- CreateTable
CREATE TABLE "incident_alert_groups" (
    "group_key" TEXT NOT NULL,
    "incident_id" UUID NOT NULL,
    "alertname" TEXT NOT NULL,
    "service" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "reason_text" TEXT NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "ack_silence_id" TEXT,

    CONSTRAINT "incident_alert_groups_pkey" PRIMARY KEY ("group_key")
);

-- CreateIndex
CREATE INDEX "incident_alert_groups_incident_id_idx" ON "incident_alert_groups"("incident_id");

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_alert_groups" ADD CONSTRAINT "incident_alert_groups_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The groups of incidents opened before grouping: each opened its incident.
INSERT INTO "incident_alert_groups" ("group_key", "incident_id", "alertname", "service", "reason", "reason_text", "joined_at")
SELECT "alert_group_key", "id", 'alert', "services"[1], 'opened', 'opened the incident', "created_at"
FROM "incidents" WHERE "alert_group_key" IS NOT NULL;
UPDATE "incidents" SET "last_alert_at" = "created_at" WHERE "alert_group_key" IS NOT NULL;
