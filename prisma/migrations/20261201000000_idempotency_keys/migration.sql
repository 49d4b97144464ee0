-- CreateTable
CREATE TABLE "idempotency_keys" (
    "key" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "actor_email" TEXT NOT NULL,
    "outcome" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");
