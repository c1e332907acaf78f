/**
 * 互助保障 on the phone: my cover with its certificate (保障凭证), the plans I may still join — the
 * contribution, waiting period, what it pays and what it excludes, in words — my claims with how
 * each stands and the union's reason when refused (and 申诉), and the claim form: the plan's
 * documents as a checklist, each with a photo taken on the phone. Inline panels only, every state
 * said in words, never by colour alone.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Checkbox, ErrorBlock, Input, SpinLoading, TextArea, Toast } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { yuan } from '../../../shared/numbers.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { CLAIM_STATUS_LABELS, DOCUMENT_KIND_LABELS, PAYER_LABELS, PLAN_KIND_LABELS, type DocumentKind } from '../mutualaid.contract.ts';
import { useAppeal, useCover, useEnrol, useFileClaim, usePlans, type ClaimBody, type MyClaim, type MyEnrolment, type WorkerPlan } from './mutualaid.api.ts';
import { ClaimPhotos, type Picked } from './ClaimPhotos.tsx';
import { useI18n } from './i18n.ts';
import { payoutText } from '../web/payout-en.ts';

const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
const note: CSSProperties = { margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' };
const h2: CSSProperties = { fontSize: '1.1em', margin: '0 0 8px' };
const money = (fen: number) => `¥${yuan(fen)}`;
/** A link that reads as the page's main button (the claim form is a page of its own). */
const primaryLink: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  marginTop: 12,
  padding: '8px 12px',
  borderRadius: 6,
  background: '#c8102e',
  color: '#fff',
  fontSize: '1.05em',
};

function messageOf(err: unknown): string {
  if (err instanceof ApiError && err.fields.length > 1) return [...new Set(err.fields.map((f) => f.message))].join('；');
  return err instanceof ApiError ? err.message : '操作失败，请稍后重试';
}

function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
    </div>
  );
}

function Problem({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} style={{ color: '#a8071a', margin: '8px 0' }}>
      {message}
    </p>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section style={{ marginBottom: 16 }} data-testid={testId}>
      <h2 style={{ fontSize: '1.15em', margin: '8px 0' }}>{title}</h2>
      {children}
    </section>
  );
}

/** 保障凭证: the certificate of one enrolment, and the way to claim under it. */
function Certificate({ e }: { e: MyEnrolment }) {
  const { t, tx, date } = useI18n();
  const started = e.coverFrom <= chinaToday();
  return (
    <article style={{ ...panel, borderLeft: '4px solid #c8102e' }} data-testid="mutualaid-certificate">
      <h3 style={{ ...h2, marginBottom: 4 }}>{tx(e.planName)}</h3>
      <p style={note}>
        {t('保障凭证号')}：<span data-testid="mutualaid-certificate-no">{e.certificateNo}</span>
      </p>
      <p style={note}>
        {t('保障期')}：{date(e.coverFrom)} — {date(e.coverTo)}
        {started ? '' : `（${t('等待期满后生效')}）`}
      </p>
      <p style={note}>
        {e.gifted
          ? t('工会赠送，无需缴费')
          : `${t('缴费')} ${money(e.contributionFen)}（${tx(PAYER_LABELS[e.payer])}${e.contributionDue ? `，${t('待缴')}` : ''}）`}
      </p>
      <p style={note}>{tx(e.orgName)}</p>
      <Link to={`/mutualaid/claim/${e.id}`} className="nj-tap" style={primaryLink} data-testid="mutualaid-claim-start">
        {t('申请互助金')}
      </Link>
      <a
        href={`/api/m/mutualaid/cover/${e.id}/certificate.pdf`}
        target="_blank"
        rel="noreferrer"
        className="nj-tap"
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', marginTop: 8, color: '#c8102e' }}
        data-testid="mutualaid-certificate-pdf"
      >
        {t('下载保障凭证（PDF）')}
      </a>
    </article>
  );
}

/** A plan I may join: its terms in words, my agreement, 参保. */
function PlanOffer({ g }: { g: WorkerPlan }) {
  const i18n = useI18n();
  const { t, tx, date } = i18n;
  const enrol = useEnrol();
  const [agree, setAgree] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const join = async () => {
    setProblem(null);
    if (!agree) return setProblem(t('请阅读保障内容和责任免除，同意后再参保'));
    try {
      await enrol.mutateAsync(g.id);
      Toast.show({ content: t('参保成功') });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <article style={panel} data-testid="mutualaid-plan">
      <h3 style={{ ...h2, marginBottom: 4 }}>{tx(g.name)}</h3>
      <p style={note}>
        {tx(PLAN_KIND_LABELS[g.kind])} · {tx(g.orgName)}
      </p>
      <dl style={{ margin: '8px 0 0', display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px' }}>
        <dt>{t('保障期')}</dt>
        <dd style={{ margin: 0 }}>
          {date(g.termStart)} — {date(g.termEnd)}
        </dd>
        <dt>{t('个人缴费')}</dt>
        <dd style={{ margin: 0 }}>{money(g.contributionFen)}</dd>
        <dt>{t('等待期')}</dt>
        <dd style={{ margin: 0 }}>
          {g.waitingDays ? t('{n} 天', { n: g.waitingDays }) : t('无')}（{t('今天参保，保障自 {d} 起', { d: date(g.coverFromIfToday) })}）
        </dd>
      </dl>
      <p style={{ margin: '8px 0 0' }}>{t('给付说明')}：</p>
      <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
        {g.formulaText.map((l) => (
          <li key={l}>{payoutText(i18n, l)}</li>
        ))}
      </ul>
      {g.exclusions ? (
        <p style={note}>
          {t('责任免除')}：{tx(g.exclusions)}
        </p>
      ) : null}
      <p style={note}>
        {t('申请时需提供')}：{g.requiredDocuments.map((k) => tx(DOCUMENT_KIND_LABELS[k])).join('、')}
      </p>
      <Checkbox checked={agree} onChange={setAgree} style={{ marginTop: 12 }} data-testid="mutualaid-agree">
        {t('我已阅读保障内容和责任免除，自愿参保并缴费')}
      </Checkbox>
      <Problem message={problem ? tx(problem) : null} testId="mutualaid-enrol-error" />
      <Button block color="primary" size="large" style={{ marginTop: 12 }} loading={enrol.isPending} onClick={() => void join()} data-testid="mutualaid-enrol">
        {t('我要参保')}
      </Button>
    </article>
  );
}

/** One of my claims: how it stands, what it was refused for, and 申诉. */
function ClaimCard({ c }: { c: MyClaim }) {
  const { t, tx, date } = useI18n();
  const appeal = useAppeal();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    setProblem(null);
    if (!reason.trim()) return setProblem(t('请填写申诉理由'));
    try {
      await appeal.mutateAsync({ id: c.id, reason: reason.trim() });
      setOpen(false);
      Toast.show({ content: t('申诉已提交，工会将重新受理') });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <article style={panel} data-testid="mutualaid-my-claim">
      <h3 style={{ ...h2, marginBottom: 4 }}>{tx(c.planName)}</h3>
      <p style={{ margin: 0 }}>
        {t('办理状态：')}
        <strong data-testid="mutualaid-claim-status">{tx(CLAIM_STATUS_LABELS[c.status])}</strong>
      </p>
      <p style={note}>
        {t('申请编号')} {c.claimNo} · {t('出险日期')} {date(c.eventDate)}
      </p>
      <p style={note}>
        {t('申请金额')} {money(c.claimedFen)} · {t('按计划测算')} {money(c.computedFen)}
        {c.approvedFen !== null ? ` · ${t('核定金额')} ${money(c.approvedFen)}` : ''}
        {c.paidFen !== null ? ` · ${t('实付金额')} ${money(c.paidFen)}` : ''}
      </p>
      <p style={note}>
        {t('已交材料')}：
        {c.documents.map((d) => `${tx(DOCUMENT_KIND_LABELS[d.kind])}${d.files ? ` ${t('{n} 张', { n: d.files })}` : ''}`).join('、') || t('无')}
      </p>
      {c.rejectReason ? (
        <p style={{ margin: '8px 0 0', color: '#a8071a' }} data-testid="mutualaid-reject-reason">
          {t('驳回原因：{reason}', { reason: tx(c.rejectReason) })}
        </p>
      ) : null}
      {c.appealReason && !c.rejectReason ? <p style={note}>{t('申诉理由：{reason}', { reason: tx(c.appealReason) })}</p> : null}
      <p style={note}>{c.steps.map((s) => `${tx(s.action)} ${date(s.at)}`).join(' → ')}</p>
      {c.canAppeal && !open ? (
        <Button block style={{ marginTop: 12 }} onClick={() => setOpen(true)} data-testid="mutualaid-appeal-start">
          {t('申诉')}
        </Button>
      ) : null}
      {open ? (
        <div style={{ marginTop: 12 }}>
          <TextArea
            placeholder={t('请说明申诉理由，如已补交的材料')}
            value={reason}
            onChange={setReason}
            maxLength={300}
            rows={3}
            data-testid="mutualaid-appeal-reason"
            style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: 8 }}
          />
          <Problem message={problem ? tx(problem) : null} testId="mutualaid-appeal-error" />
          <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            <Button color="primary" style={{ flex: 1 }} loading={appeal.isPending} onClick={() => void send()} data-testid="mutualaid-appeal-send">
              {t('提交申诉')}
            </Button>
            <Button style={{ flex: 1 }} onClick={() => setOpen(false)}>
              {t('取消')}
            </Button>
          </div>
        </div>
      ) : null}
    </article>
  );
}

/** 互助保障: my cover, the plans I may join, my claims. */
export function MutualaidPage() {
  const { t, tx } = useI18n();
  const plans = usePlans();
  const cover = useCover();
  if (plans.isPending || cover.isPending) return <Loading />;
  if (plans.isError || cover.isError) return <ErrorBlock status="default" title={t('加载失败')} description={tx(messageOf(plans.error ?? cover.error))} />;
  const open = plans.data.filter((g) => !g.enrolment);
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('互助保障')}</h1>
      <Section title={t('我的保障')} testId="mutualaid-cover">
        {cover.data.enrolments.length ? cover.data.enrolments.map((e) => <Certificate key={e.id} e={e} />) : <p style={note}>{t('您还没有参加互助保障')}</p>}
      </Section>
      <Section title={t('可参加的保障')} testId="mutualaid-plans">
        {open.length ? open.map((g) => <PlanOffer key={g.id} g={g} />) : <p style={note}>{t('目前没有您可以自行参加的保障计划')}</p>}
      </Section>
      <Section title={t('我的互助金申请')} testId="mutualaid-claims">
        {cover.data.claims.length ? cover.data.claims.map((c) => <ClaimCard key={c.id} c={c} />) : <p style={note}>{t('还没有申请')}</p>}
      </Section>
    </div>
  );
}

const toFen = (yuanText: string) => (yuanText.trim() === '' ? null : Math.round(Number(yuanText) * 100));

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label style={{ display: 'block', marginTop: 12 }}>
      <span style={{ display: 'block', marginBottom: 4 }}>{label}</span>
      <div className="nj-tap" style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '6px 8px', display: 'flex', alignItems: 'center' }}>
        {children}
      </div>
      {hint ? <span style={{ ...note, display: 'block' }}>{hint}</span> : null}
    </label>
  );
}

/** 申请互助金: the facts the plan's formula reads, the invoices and bank account, and a photo of each document the plan requires. */
export function ClaimPage() {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const navigate = useNavigate();
  const enrolmentId = Number(useParams().enrolmentId);
  const cover = useCover();
  const file = useFileClaim();
  const [v, setV] = useState({
    eventDate: chinaToday(),
    admittedOn: '',
    dischargedOn: '',
    hospitalDays: '',
    outOfPocket: '',
    disabilityGrade: '',
    diagnosed: false,
    claimed: '',
    invoiceNos: '',
    bankName: '',
    bankAccount: '',
    note: '',
  });
  const [photos, setPhotos] = useState<Partial<Record<DocumentKind, Picked[]>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  if (cover.isPending) return <Loading />;
  const e = cover.data?.enrolments.find((x) => x.id === enrolmentId);
  if (!e) return <ErrorBlock status="empty" title={t('参保记录不存在')} description={cover.error ? tx(messageOf(cover.error)) : undefined} />;
  const set = (k: keyof typeof v) => (value: string | boolean) => setV((old) => ({ ...old, [k]: value }));
  const asks = new Set(e.facts);
  const missing = e.requiredDocuments.filter((k) => !photos[k]?.length);
  const submit = async () => {
    setProblem(null);
    if (missing.length) return setProblem(t('请为每项材料拍照：还缺 {list}', { list: missing.map((k) => tx(DOCUMENT_KIND_LABELS[k])).join('、') }));
    const claim: ClaimBody = {
      enrolmentId: e.id,
      eventDate: v.eventDate,
      admittedOn: v.admittedOn || null,
      dischargedOn: v.dischargedOn || null,
      facts: {
        hospitalDays: v.hospitalDays ? Number(v.hospitalDays) : null,
        outOfPocketFen: toFen(v.outOfPocket),
        disabilityGrade: v.disabilityGrade ? Number(v.disabilityGrade) : null,
        diagnosed: v.diagnosed,
      },
      claimedFen: toFen(v.claimed) ?? 0,
      invoiceNos: v.invoiceNos
        .split(/[\s,，、;；]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      bankName: v.bankName || null,
      bankAccount: v.bankAccount || null,
      note: v.note || null,
    };
    try {
      await file.mutateAsync({
        claim,
        photos: Object.entries(photos).flatMap(([kind, list]) => list.map((p) => ({ kind: kind as DocumentKind, file: p.file }))),
      });
      Toast.show({ content: t('申请已提交，等待工会受理审核') });
      void navigate('/mutualaid');
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('申请互助金')}</h1>
      <section style={panel}>
        <h2 style={h2}>{tx(e.planName)}</h2>
        <p style={note}>
          {t('保障凭证号')}：{e.certificateNo}
        </p>
        <ul style={{ margin: '8px 0 0', paddingLeft: 20, fontSize: 'var(--nj-small)' }}>
          {e.formulaText.map((l) => (
            <li key={l}>{payoutText(i18n, l)}</li>
          ))}
        </ul>
      </section>
      <section style={panel}>
        <h2 style={h2}>{t('出险情况')}</h2>
        <Field label={t('出险日期')}>
          <Input type="date" value={v.eventDate} onChange={set('eventDate')} data-testid="mutualaid-event-date" />
        </Field>
        {asks.has('hospitalDays') ? (
          <>
            <Field label={t('入院日期')}>
              <Input type="date" value={v.admittedOn} onChange={set('admittedOn')} />
            </Field>
            <Field label={t('出院日期')}>
              <Input type="date" value={v.dischargedOn} onChange={set('dischargedOn')} />
            </Field>
            <Field label={t('住院天数')}>
              <Input type="number" inputMode="numeric" value={v.hospitalDays} onChange={set('hospitalDays')} />
            </Field>
          </>
        ) : null}
        {asks.has('outOfPocketFen') ? (
          <Field label={t('自付医疗费用（元）')}>
            <Input type="number" inputMode="decimal" value={v.outOfPocket} onChange={set('outOfPocket')} data-testid="mutualaid-out-of-pocket" />
          </Field>
        ) : null}
        {asks.has('disabilityGrade') ? (
          <Field label={t('伤残等级（1–10 级，没有鉴定可不填）')}>
            <Input type="number" inputMode="numeric" value={v.disabilityGrade} onChange={set('disabilityGrade')} />
          </Field>
        ) : null}
        {asks.has('diagnosed') ? (
          <Checkbox checked={v.diagnosed} onChange={set('diagnosed')} style={{ marginTop: 12 }}>
            {t('已经医院确诊')}
          </Checkbox>
        ) : null}
        <Field label={t('申请金额（元）')}>
          <Input type="number" inputMode="decimal" value={v.claimed} onChange={set('claimed')} data-testid="mutualaid-claimed" />
        </Field>
        <Field label={t('发票号码')} hint={t('多张发票用逗号或空格分开')}>
          <Input value={v.invoiceNos} onChange={set('invoiceNos')} data-testid="mutualaid-invoices" />
        </Field>
        <Field label={t('开户银行')}>
          <Input value={v.bankName} onChange={set('bankName')} data-testid="mutualaid-bank-name" />
        </Field>
        <Field label={t('收款银行账号')}>
          <Input inputMode="numeric" value={v.bankAccount} onChange={set('bankAccount')} data-testid="mutualaid-bank-account" />
        </Field>
        <Field label={t('说明（选填）')}>
          <TextArea value={v.note} onChange={set('note')} maxLength={500} rows={2} />
        </Field>
      </section>
      <section style={panel} data-testid="mutualaid-checklist">
        <h2 style={h2}>{t('申请材料')}</h2>
        <p style={{ ...note, marginTop: 0 }}>{t('请按清单逐项拍照，照片清晰完整。')}</p>
        {e.requiredDocuments.map((k) => (
          <ClaimPhotos key={k} kind={k} photos={photos[k] ?? []} onChange={(list) => setPhotos((old) => ({ ...old, [k]: list }))} onProblem={setProblem} />
        ))}
      </section>
      <Problem message={problem ? tx(problem) : null} testId="mutualaid-claim-error" />
      <Button block color="primary" size="large" loading={file.isPending} onClick={() => void submit()} data-testid="mutualaid-claim-submit">
        {t('提交申请')}
      </Button>
      <Button block size="large" style={{ marginTop: 8 }} onClick={() => navigate('/mutualaid')}>
        {t('返回')}
      </Button>
    </div>
  );
}
