/**
 * 发放台账 as the file an office keeps: every line of the actor's part of a campaign, with the goods
 * actually handed out, who confirmed each, and the totals. ID numbers and phones stay masked unless
 * the account may reveal them and asks to (an audited export, as for the people registry).
 */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { recordAudit } from '../audit/index.ts';
import { EVIDENCE_LABELS } from './campaigns.contract.ts';
import { packageContent } from './package.contract.ts';
import * as repo from './reporting.repository.ts';
import { dataScope, loadCampaign } from './campaign-access.ts';

export interface LedgerExportLine {
  kind: 'issue' | 'reversal';
  name: string;
  sex: string;
  idNumber: string;
  phone: string;
  orgName: string;
  pointName: string;
  content: string;
  amountFen: number;
  on: string;
  handler: string;
  method: string;
}

const SEX = { male: '男', female: '女' } as const;
const METHOD = { ...EVIDENCE_LABELS, paper: '纸质签领' } as const;

/** The lines, the title's facts (union, campaign, period, scope) and the totals: 人数, 人次 (net of reversals), 金额. */
export async function campaignLedgerExport({ db, cipher }: { db: Db; cipher: FieldCipher }, actor: Actor, id: number, full: boolean, limit: number) {
  authorize(actor, 'campaign:export');
  if (full) authorize(actor, 'person:reveal');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const rows = await repo.ledgerLinesForExport(db, id, scope, limit);
  const [scopeOrg] = await repo.orgsByPaths(db, [scope.path]);
  const lines: LedgerExportLine[] = rows.map((r) => {
    const paper = r.evidence === 'paper' && r.evidence_ref ? `（签领表 ${r.evidence_ref}）` : '';
    return {
      kind: r.kind,
      name: r.name,
      sex: SEX[r.sex],
      idNumber: full ? cipher.decrypt('id_number', r.id_number_enc) : r.id_masked,
      phone: full ? (r.phone_enc ? cipher.decrypt('phone', r.phone_enc) : '') : (r.phone_masked ?? ''),
      orgName: r.org_name,
      pointName: r.point_name ?? '签领表录入',
      content:
        r.kind === 'reversal'
          ? `冲正：${r.reason ?? ''}`
          : packageContent({ kind: r.package_kind, valueFen: Number(r.value_fen), cashFen: Number(r.cash_fen), items: r.items }),
      amountFen: Number(r.amount_fen),
      on: r.on.slice(0, 10),
      handler: `${r.handler ?? '系统'}${paper}`,
      method: r.kind === 'reversal' ? '冲正' : r.evidence ? METHOD[r.evidence] : '',
    };
  });
  // A reversal cancels one hand-out: 人次 counts what remains, 人数 the people left with at least one.
  const net = new Map<string, number>();
  for (const r of rows) net.set(r.person_id, (net.get(r.person_id) ?? 0) + (r.kind === 'issue' ? 1 : -1));
  const totals = {
    persons: [...net.values()].filter((n) => n > 0).length,
    personTimes: [...net.values()].reduce((s, n) => s + n, 0),
    amountFen: lines.reduce((s, l) => s + l.amountFen, 0),
  };
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'export',
      entity: 'campaign',
      entityId: id,
      orgId: actor.orgId,
      summary: `导出「${c.campaign.name}」发放台账 ${lines.length} 条${full ? '（含完整证件号和手机号）' : '（证件号、手机号已脱敏）'}`,
    }),
  );
  return { campaign: c.campaign, organiser: c.orgName, scopeName: scopeOrg?.name ?? c.orgName, lines, totals };
}
