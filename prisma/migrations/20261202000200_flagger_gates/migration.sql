-- CreateTable
CREATE TABLE "flagger_gates" (
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "canary" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT NOT NULL DEFAULT 'revision',
    "revision" TEXT,
    "changed_by" TEXT,
    "reason" TEXT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "asked_at" TIMESTAMPTZ(3),
    "asked_phase" TEXT,
    "asked_checksum" TEXT,
    "answered_open" BOOLEAN,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "flagger_gates_pkey" PRIMARY KEY ("cluster","namespace","canary","gate")
);
