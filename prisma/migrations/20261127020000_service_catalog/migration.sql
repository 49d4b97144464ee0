-- CreateEnum
CREATE TYPE "service_tier" AS ENUM ('tier1', 'tier2', 'tier3');

-- CreateTable
CREATE TABLE "service_catalog" (
    "name" TEXT NOT NULL,
    "owner_team" TEXT,
    "tier" "service_tier",
    "description" TEXT,
    "links" JSONB NOT NULL DEFAULT '[]',
    "slo_objective" DOUBLE PRECISION NOT NULL DEFAULT 0.999,
    "slo_window_days" INTEGER NOT NULL DEFAULT 28,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by_id" UUID,

    CONSTRAINT "service_catalog_pkey" PRIMARY KEY ("name")
);

-- Not expressible in schema.prisma, kept by hand below this line.
ALTER TABLE "service_catalog" ADD CONSTRAINT "service_catalog_slo_objective_check" CHECK ("slo_objective" > 0 AND "slo_objective" < 1);
ALTER TABLE "service_catalog" ADD CONSTRAINT "service_catalog_slo_window_days_check" CHECK ("slo_window_days" BETWEEN 1 AND 365);
