-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "seq" BIGINT NOT NULL,
    "count" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "keyed_from" BIGINT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_checkpoints_seq_idx" ON "audit_checkpoints"("seq");

-- Not expressible in schema.prisma, kept by hand below this line.

-- One guard for both append-only tables: the message names the table.
CREATE OR REPLACE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Checkpoints are evidence like the entries they sign: append-only as well.
CREATE TRIGGER "audit_checkpoints_append_only_rows"
  BEFORE UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_reject_change"();

CREATE TRIGGER "audit_checkpoints_append_only_truncate"
  BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_reject_change"();
