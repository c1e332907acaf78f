ALTER TABLE "disbursement_lines" ADD COLUMN "evidence" text;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD COLUMN "evidence_ref" text;--> statement-breakpoint
-- NOT VALID: lines written before evidence was recorded stay as they are (the ledger is append-only);
-- every line written from now on is checked.
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_evidence_check" CHECK (("disbursement_lines"."kind" = 'reversal' and "disbursement_lines"."evidence" is null and "disbursement_lines"."evidence_ref" is null)
      or ("disbursement_lines"."kind" = 'issue' and "disbursement_lines"."evidence" in ('qr', 'id_number', 'paper') and "disbursement_lines"."evidence_ref" is not null)) NOT VALID;
