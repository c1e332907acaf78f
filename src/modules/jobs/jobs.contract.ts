/** 后台任务 — long work (imports, exports, scans) stored in the database with its progress. */
import { z, jsonValue } from '../../shared/contract.ts';

export const JOB_STATUSES = ['running', 'waiting', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  running: '进行中',
  waiting: '待确认',
  done: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

/** What a finished job hands back: plain JSON whose shape depends on the kind of job (each module reads its own). */
export const JobResult = jsonValue();
export type JobResult = z.infer<typeof JobResult>;

export const JobView = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  phase: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  message: z.string().nullable(),
  result: JobResult.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof JobView>;
export const JobIdParams = z.object({ id: z.string().uuid('任务编号无效') });
