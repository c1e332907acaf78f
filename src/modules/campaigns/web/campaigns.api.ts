/**
 * 慰问活动 over HTTP: query keys, hooks and what each write refreshes. Every write refreshes the
 * campaign's own queries (figures, lists, progress move together) and the audit log.
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { download, http } from '../../../web/http.ts';
import { fetchOrg, orgKeys } from '../../orgs/web/orgs.api.ts';
import { useOccupations } from '../../people/web/people.api.ts';
import { useI18n } from './i18n.ts';
import type {
  AdjustmentInput,
  AllocationInput,
  AllocationNode,
  BeneficiaryPage,
  Briefing,
  BulkConfirmInput,
  BulkConfirmResult,
  CampaignInput,
  CampaignPage,
  CampaignView,
  ConfirmResult,
  EligibilityPreview,
  Evidence,
  LedgerPage,
  ListBeneficiariesQuery,
  ListCampaignsQuery,
  ListLedgerQuery,
  LookupElsewhere,
  LookupResult,
  DutyView,
  PointInput,
  PointView,
  PreviewInput,
  ProgressView,
  SnapshotDiff,
  StockMoveInput,
  TRANSITIONS,
  UpdatePointInput,
} from '../campaigns.contract.ts';

export type CampaignPageView = z.infer<typeof CampaignPage>;
export type CampaignRow = CampaignPageView['items'][number];
export type PreviewView = z.infer<typeof EligibilityPreview>;
export type BeneficiaryPageView = z.infer<typeof BeneficiaryPage>;
export type SnapshotDiffView = z.infer<typeof SnapshotDiff>;
export type LedgerPageView = z.infer<typeof LedgerPage>;
export type LedgerRowView = LedgerPageView['items'][number];
export type BriefingView = z.infer<typeof Briefing>;
export type ConfirmView = z.infer<typeof ConfirmResult>;
export type BulkResultView = z.infer<typeof BulkConfirmResult>;
export type Transition = (typeof TRANSITIONS)[number];
export type CampaignFilters = Partial<Omit<z.output<typeof ListCampaignsQuery>, 'page' | 'pageSize'>>;
export type BeneficiaryQuery = Partial<z.output<typeof ListBeneficiariesQuery>>;
export type LedgerQuery = Partial<z.output<typeof ListLedgerQuery>>;
export type { AllocationNode, CampaignView, DutyView, LookupElsewhere, LookupResult, PointView, ProgressView };

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (q: object) => ['campaigns', 'list', q] as const,
  one: (id: number) => ['campaigns', 'one', id] as const,
  detail: (id: number) => ['campaigns', 'one', id, 'detail'] as const,
  part: (id: number, part: string, q?: object) => ['campaigns', 'one', id, part, q ?? {}] as const,
  preview: (input: object) => ['campaigns', 'preview', input] as const,
  points: ['points'] as const,
  mine: ['points', 'mine'] as const,
  duties: ['points', 'my-duties'] as const,
  point: (id: number) => ['points', id] as const,
};

export function useCampaigns(q: CampaignFilters & { page: number; pageSize: number }) {
  return useQuery({ queryKey: campaignKeys.list(q), queryFn: () => http.get<CampaignPageView>('/api/campaigns', q), placeholderData: keepPreviousData });
}

export function useCampaign(id: number | null) {
  return useQuery({
    queryKey: campaignKeys.detail(id ?? 0),
    queryFn: () => http.get<CampaignView>(`/api/campaigns/${id}`),
    enabled: Boolean(id),
    retry: false,
  });
}

/** The live count of the wizard; `input` null while the form cannot make a valid request yet. */
export function usePreview(input: z.input<typeof PreviewInput> | null) {
  return useQuery({
    queryKey: campaignKeys.preview(input ?? {}),
    queryFn: () => http.post<PreviewView>('/api/campaigns/eligibility-preview', input),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useEligibility(id: number, enabled = true) {
  return useQuery({ queryKey: campaignKeys.part(id, 'eligibility'), queryFn: () => http.get<PreviewView>(`/api/campaigns/${id}/eligibility`), enabled });
}

/** The point's people still to receive (for entering a signed paper sheet); volunteers may read it. */
export function usePointPending(pointId: number, q: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...campaignKeys.point(pointId), 'pending', q] as const,
    queryFn: () => http.get<BeneficiaryPageView>(`/api/points/${pointId}/pending`, q),
    placeholderData: keepPreviousData,
  });
}

export function useBeneficiaries(id: number, q: BeneficiaryQuery, enabled = true) {
  return useQuery({
    queryKey: campaignKeys.part(id, 'beneficiaries', q),
    queryFn: () => http.get<BeneficiaryPageView>(`/api/campaigns/${id}/beneficiaries`, q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSnapshotDiff(id: number, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.part(id, 'diff'),
    queryFn: () => http.get<SnapshotDiffView>(`/api/campaigns/${id}/snapshot-diff`),
    enabled,
    staleTime: 0,
  });
}

export function useAllocations(id: number) {
  return useQuery({ queryKey: campaignKeys.part(id, 'allocations'), queryFn: () => http.get<AllocationNode[]>(`/api/campaigns/${id}/allocations`) });
}

export function usePoints(id: number) {
  return useQuery({ queryKey: campaignKeys.part(id, 'points'), queryFn: () => http.get<PointView[]>(`/api/campaigns/${id}/points`) });
}

export function useProgress(id: number) {
  return useQuery({ queryKey: campaignKeys.part(id, 'progress'), queryFn: () => http.get<ProgressView>(`/api/campaigns/${id}/progress`) });
}

export function useLedger(id: number, q: LedgerQuery) {
  return useQuery({
    queryKey: campaignKeys.part(id, 'ledger', q),
    queryFn: () => http.get<LedgerPageView>(`/api/campaigns/${id}/ledger`, q),
    placeholderData: keepPreviousData,
  });
}

export function useBriefing(id: number) {
  return useQuery({ queryKey: campaignKeys.part(id, 'briefing'), queryFn: () => http.get<BriefingView>(`/api/campaigns/${id}/briefing`), staleTime: 0 });
}

/** full: ID numbers and phones in full (needs person:reveal; the server records it in the audit log). */
export const exportLedger = (id: number, name: string, full = false) =>
  download(`/api/campaigns/${id}/ledger.xlsx`, full ? { full: '1' } : undefined, `${name}发放台账.xlsx`);
export const downloadCards = (id: number, name: string, orgId?: number) => download(`/api/campaigns/${id}/cards.pdf`, { orgId }, `${name}领取卡.pdf`);
export const signoffUrl = (pointId: number) => `/api/points/${pointId}/signoff.pdf`;
export const downloadSignoff = (pointId: number, name: string) => download(signoffUrl(pointId), undefined, `${name}签领表.pdf`);

/** Writes on one campaign refresh everything of it, the list, the points and the audit log. */
function useCampaignWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void qc.invalidateQueries({ queryKey: ['audit'] });
      void qc.invalidateQueries({ queryKey: campaignKeys.points });
      await qc.invalidateQueries({ queryKey: campaignKeys.all });
    },
  });
}

export const useCreateCampaign = () => useCampaignWrite((input: CampaignInput) => http.post<CampaignView>('/api/campaigns', input));
export const useUpdateCampaign = () =>
  useCampaignWrite(({ id, data }: { id: number; data: CampaignInput & { version: number } }) => http.put<CampaignView>(`/api/campaigns/${id}`, data));
export const useTransition = () =>
  useCampaignWrite(({ id, action, version, reason }: { id: number; action: Transition; version: number; reason?: string | null }) =>
    http.post<CampaignView>(`/api/campaigns/${id}/transition`, { action, version, reason }),
  );
export const useAdjust = () =>
  useCampaignWrite(({ id, ...body }: { id: number } & z.input<typeof AdjustmentInput>) => http.post<{ ok: true }>(`/api/campaigns/${id}/adjustments`, body));
export const useSetAllocation = () =>
  useCampaignWrite(({ id, ...body }: { id: number } & z.input<typeof AllocationInput>) => http.put<AllocationNode[]>(`/api/campaigns/${id}/allocations`, body));
export const useCreatePoint = () =>
  useCampaignWrite(({ id, ...body }: { id: number } & z.input<typeof PointInput>) => http.post<PointView>(`/api/campaigns/${id}/points`, body));
export const useUpdatePoint = () =>
  useCampaignWrite(({ pointId, ...body }: { pointId: number } & z.input<typeof UpdatePointInput>) => http.patch<PointView>(`/api/points/${pointId}`, body));
export const useMoveStock = () =>
  useCampaignWrite(({ pointId, ...body }: { pointId: number } & z.input<typeof StockMoveInput>) =>
    http.post<PointView[]>(`/api/points/${pointId}/stock-moves`, body),
  );
export const useReverse = () =>
  useCampaignWrite(({ id, ...body }: { id: number; lineId: number; reason: string }) => http.post<{ ok: true }>(`/api/campaigns/${id}/reverse`, body));

// ---- 发放点 (phones) ----------------------------------------------------------------------------

export function useMyPoints() {
  return useQuery({ queryKey: campaignKeys.mine, queryFn: () => http.get<PointView[]>('/api/points/mine') });
}

/** The points this account itself is on duty at, today's first (`today` when they hand out today). */
export function useMyDuties() {
  return useQuery({ queryKey: campaignKeys.duties, queryFn: () => http.get<DutyView[]>('/api/points/my-duties') });
}

export function usePoint(id: number | null) {
  return useQuery({
    queryKey: campaignKeys.point(id ?? 0),
    queryFn: () => http.get<PointView>(`/api/points/${id}`),
    enabled: Boolean(id),
    retry: false,
    refetchInterval: 30_000,
  });
}

/** The person on this point's list, or — for a card another point serves — where its holder should go. */
export const lookupCode = (pointId: number, code: string) => http.post<LookupResult | LookupElsewhere>(`/api/points/${pointId}/lookup`, { code });
/** A hand-out with its evidence: the scanned code, the typed ID number, or (staff) a paper sheet's number. */
export const confirmHandout = (pointId: number, beneficiaryId: number, evidence: Evidence, idempotencyKey: string) =>
  http.post<ConfirmView>(`/api/points/${pointId}/confirm`, { beneficiaryId, evidence, idempotencyKey });
export const bulkConfirm = (pointId: number, body: z.input<typeof BulkConfirmInput>) => http.post<BulkResultView>(`/api/points/${pointId}/bulk-confirm`, body);

/** A key for one hand-out or one sheet: random, URL-safe, no dashes. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Names for the codes and org ids in rules (occupation labels, org names), for summaries. */
/** Names of what a rule picks; an org outside the viewer's subtree (a union taking part from below) is not named, nor shown by its id. */
export function useRuleNames(rules: unknown[]) {
  const { t, tx } = useI18n();
  const occupations = useOccupations();
  const ids = [...new Set(rules.flatMap((r) => (r as { orgIds?: number[] } | null)?.orgIds ?? []))];
  const orgs = useQueries({ queries: ids.map((id) => ({ queryKey: orgKeys.detail(id), queryFn: () => fetchOrg(id), retry: false, staleTime: 60_000 })) });
  return {
    occupation: (code: string) => tx(occupations.data?.find((o) => o.code === code)?.label ?? code),
    org: (id: number) => {
      const q = orgs[ids.indexOf(id)];
      return q?.data ? tx(q.data.name) : q?.isError ? t('管辖范围外的单位') : '…';
    },
  };
}
