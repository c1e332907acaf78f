/**
 * What the applicant is told when their file moves: verified (inbox), approved and refused (inbox
 * and text message). Addressed to the registry person, so a worker reads it whenever their phone is
 * bound to them; called inside the transaction of the step, so the notice exists exactly when the
 * step does.
 */
import type { DbOrTx } from '../../server/db.ts';
import { notify } from '../messages/index.ts';
import { CATEGORY_LABELS, type CaseAction, type CaseStatus, type Category } from './hardship.contract.ts';

/** The portal page that shows the application. */
export const HELP_PAGE = '/help';

interface Step {
  action: CaseAction;
  from: CaseStatus;
  reason: string | null;
  file: { id: number; caseNo: string; personId: number; category: string; version: number };
}

/** The notice a lifecycle step sends the applicant, or nothing for the steps they need not hear of. */
export async function notifyApplicant(tx: DbOrTx, s: Step): Promise<void> {
  const { file } = s;
  const base = { to: { personId: file.personId }, link: HELP_PAGE, dedupeKey: `hardship.${s.action}:${file.id}:${file.version}` };
  if (s.action === 'verify') {
    await notify(tx, {
      ...base,
      kind: 'hardship.verified',
      title: '帮扶申请已核实',
      body: `您的帮扶申请（${file.caseNo}）已通过工会核实，接下来将进行公示。`,
    });
  } else if (s.action === 'approve') {
    await notify(tx, {
      ...base,
      kind: 'hardship.approved',
      title: '帮扶申请已通过',
      body: `您的帮扶申请（${file.caseNo}）已审批通过，已建立困难职工档案（${CATEGORY_LABELS[file.category as Category | 'none']}），工会将按规定为您提供帮扶。`,
      sms: true,
    });
  } else if (s.action === 'close' && (s.from === 'applied' || s.from === 'verified' || s.from === 'noticed')) {
    await notify(tx, {
      ...base,
      kind: 'hardship.refused',
      title: '帮扶申请未通过',
      body: `您的帮扶申请（${file.caseNo}）未通过：${s.reason ?? '未说明原因'}。如有疑问，请联系所在工会。`,
      sms: true,
    });
  }
}
