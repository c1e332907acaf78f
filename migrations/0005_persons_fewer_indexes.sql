DROP INDEX "persons_name_birth_idx";--> statement-breakpoint
DROP INDEX "persons_pinyin_birth_idx";