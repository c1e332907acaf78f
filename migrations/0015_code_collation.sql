-- Codes and keyed hashes compare byte by byte: their indexes are built and searched without the
-- locale's collation. One statement per table, so each index is rebuilt once; the identity key
-- leads with the hash (distinct values sort fastest), which also serves lookups by hash alone.
DROP INDEX "persons_id_number_key";--> statement-breakpoint
ALTER TABLE "people_import_rows"
  ALTER COLUMN "id_type" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "id_number_bidx" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "id_last4" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "phone_bidx" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "persons"
  ALTER COLUMN "id_type" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "id_number_bidx" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "id_last4" SET DATA TYPE text COLLATE "C",
  ALTER COLUMN "phone_bidx" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number_key" ON "persons" USING btree ("id_number_bidx","id_type");
