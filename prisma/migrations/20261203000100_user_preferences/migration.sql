-- CreateEnum
CREATE TYPE "time_zone_choice" AS ENUM ('local', 'utc');

-- CreateEnum
CREATE TYPE "clock_choice" AS ENUM ('h12', 'h24');

-- CreateTable
CREATE TABLE "user_preferences" (
    "user_id" UUID NOT NULL,
    "time_zone" "time_zone_choice" NOT NULL DEFAULT 'local',
    "clock" "clock_choice" NOT NULL DEFAULT 'h24',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_preferences_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
