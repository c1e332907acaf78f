/**
 * 互助保障 on the worker's phone (职工端): the plans a worker may join themselves (自行参保), their
 * cover with its certificate (保障凭证), the claims they filed or the union filed for them, a claim
 * sent with photos of the documents the plan requires, and an appeal (申诉) of a refused claim.
 * Everything is the signed-in worker's own: another worker's enrolment or claim is not found.
 */
import { z, text } from '../../shared/contract.ts';
import { CLAIM_SOURCES, CLAIM_STATUSES, DOCUMENT_KINDS, PAYERS, PLAN_KINDS, checkStay, claimFields } from './mutualaid.contract.ts';

/** Photos a worker sends with one claim, and the size of each (the page shrinks them first). */
export const MAX_CLAIM_PHOTOS = 12;
export const MAX_CLAIM_PHOTO_BYTES = 5 * 1024 * 1024;
/** Claims a worker may file on the portal in one day (a slip of the finger, not a flood, reaches the union's queue). */
export const MAX_CLAIMS_PER_DAY = 5;

export const CLAIM_FACTS = ['hospitalDays', 'outOfPocketFen', 'disabilityGrade', 'diagnosed'] as const;
export type ClaimFact = (typeof CLAIM_FACTS)[number];
/** Which fact each part of a formula reads. */
export const FACT_OF_PART = { per_day: 'hospitalDays', share: 'outOfPocketFen', grade: 'disabilityGrade', fixed: 'diagnosed' } as const satisfies Record<
  string,
  ClaimFact
>;

/** The worker's enrolment as the certificate of cover states it. */
export const MyEnrolment = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  planName: z.string(),
  planKind: z.enum(PLAN_KINDS),
  orgName: z.string(),
  certificateNo: z.string(),
  period: z.string(),
  gifted: z.boolean(),
  payer: z.enum(PAYERS),
  contributionFen: z.number().int(),
  /** The worker's own contribution not yet recorded as paid (自行参保: paid to the union afterwards). */
  contributionDue: z.boolean(),
  /** Cover starts after the waiting period. */
  coverFrom: z.string(),
  coverTo: z.string(),
  requiredDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  claimDeadlineDays: z.number().int(),
  formulaText: z.array(z.string()),
  /** The facts the plan's formula reads, which the claim form asks for (a stay's dates with `hospitalDays`). */
  facts: z.array(z.enum(CLAIM_FACTS)),
});
export type MyEnrolment = z.infer<typeof MyEnrolment>;

/** A plan open to the worker: its terms in words, and the worker's enrolment when they are covered. */
export const WorkerPlan = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PLAN_KINDS),
  orgName: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  period: z.string(),
  contributionFen: z.number().int(),
  waitingDays: z.number().int(),
  /** When cover would start if the worker joined today (after the waiting period). */
  coverFromIfToday: z.string(),
  exclusions: z.string().nullable(),
  formulaText: z.array(z.string()),
  requiredDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  claimDeadlineDays: z.number().int(),
  enrolment: MyEnrolment.nullable(),
});
export type WorkerPlan = z.infer<typeof WorkerPlan>;

export const MyClaim = z.object({
  id: z.number().int(),
  claimNo: z.string(),
  enrolmentId: z.number().int(),
  planName: z.string(),
  source: z.enum(CLAIM_SOURCES),
  eventDate: z.string(),
  admittedOn: z.string().nullable(),
  dischargedOn: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES),
  claimedFen: z.number().int(),
  /** What the plan's formula gives for the facts stated (the union approves at most this). */
  computedFen: z.number().int(),
  approvedFen: z.number().int().nullable(),
  paidFen: z.number().int().nullable(),
  explanation: z.string(),
  rejectReason: z.string().nullable(),
  appealReason: z.string().nullable(),
  documents: z.array(z.object({ kind: z.enum(DOCUMENT_KINDS), files: z.number().int() })),
  /** The steps the claim went through (the union's opinions stay with the union). */
  steps: z.array(z.object({ action: z.string(), at: z.string() })),
  canAppeal: z.boolean(),
  createdAt: z.string(),
});
export type MyClaim = z.infer<typeof MyClaim>;

export const MyCover = z.object({ enrolments: z.array(MyEnrolment), claims: z.array(MyClaim) });
export type MyCover = z.infer<typeof MyCover>;

export const WorkerEnrolInput = z.object({
  /** The worker read the plan's terms and exclusions and agrees (the contribution is theirs to pay). */
  agree: z.literal(true, { error: '请阅读保障内容和责任免除，同意后再参保' }),
});

/**
 * A claim from the portal: the counter's fields without the list of documents received — the
 * documents are the photos sent with it, each under its kind.
 */
const { documents: _documents, ...workerClaimFields } = claimFields;
export const WorkerClaimInput = z.object(workerClaimFields).superRefine(checkStay);
export type WorkerClaimInput = z.infer<typeof WorkerClaimInput>;

export const AppealInput = z.object({ reason: text('申诉理由', { max: 300 }) });
