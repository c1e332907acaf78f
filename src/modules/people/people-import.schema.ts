import { bigint, date, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { codeText } from './people.schema.ts';
import type { ImportCellError } from './people-import.contract.ts';

/**
 * Rows of an import being checked, loaded with COPY, matched against `persons` set-based, applied
 * in one statement per kind of change, then deleted. Unlogged (see migration): scratch data that
 * need not survive a crash — the job is simply run again.
 */
export const peopleImportRows = pgTable(
  'people_import_rows',
  {
    jobId: uuid('job_id').notNull(),
    rowNo: integer('row_no').notNull(),
    status: text('status', { enum: ['new', 'unchanged', 'update', 'error'] }).notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    /** The row's problems. The error report takes the rows' cells from the uploaded file itself, so every error row — also one found set-based, such as a repeated ID number — has them. */
    errors: jsonb('errors').$type<ImportCellError[]>(),
    name: text('name'),
    namePinyin: text('name_pinyin'),
    nameInitials: text('name_initials'),
    sex: text('sex'),
    birthDate: date('birth_date', { mode: 'string' }),
    idType: codeText('id_type'),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: codeText('id_number_bidx'),
    idMasked: text('id_masked'),
    idLast4: codeText('id_last4'),
    phoneEnc: text('phone_enc'),
    phoneBidx: codeText('phone_bidx'),
    phoneMasked: text('phone_masked'),
    orgId: integer('org_id'),
    employerName: text('employer_name'),
    employerCreditCode: text('employer_credit_code'),
    occupation: text('occupation'),
    employmentForm: text('employment_form'),
    workStatus: text('work_status'),
    ethnicity: text('ethnicity'),
    hukouType: text('hukou_type'),
    politicalStatus: text('political_status'),
    education: text('education'),
    address: text('address'),
    tags: text('tags').array(),
    notes: text('notes'),
    memberNo: text('member_no'),
    joinedOn: date('joined_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ name: 'people_import_rows_pkey', columns: [t.jobId, t.rowNo] })],
);

/** Column order of the COPY the row workers produce. */
export const IMPORT_COPY_COLUMNS = [
  'job_id',
  'row_no',
  'status',
  'errors',
  'name',
  'name_pinyin',
  'name_initials',
  'sex',
  'birth_date',
  'id_type',
  'id_number_enc',
  'id_number_bidx',
  'id_masked',
  'id_last4',
  'phone_enc',
  'phone_bidx',
  'phone_masked',
  'org_id',
  'employer_name',
  'employer_credit_code',
  'occupation',
  'employment_form',
  'work_status',
  'ethnicity',
  'hukou_type',
  'political_status',
  'education',
  'address',
  'tags',
  'notes',
  'member_no',
  'joined_on',
] as const;
