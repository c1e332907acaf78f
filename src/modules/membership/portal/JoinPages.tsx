/**
 * 入会申请 on the phone, in three steps (who I am, where I work, what I do), routed to one union;
 * my application's steps (已提交 → 审核中 → 已通过 / 未通过 with the reason); 转会 when I change
 * employer. Pages and inline panels only (no pop-ups); every status is said in words.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Input, Selector, SpinLoading, Steps, TextArea, Toast } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { useWorker } from '../../../web/m/session.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { parseIdNumber } from '../../../shared/idcard.ts';
import { isValidCreditCode } from '../../../shared/ids.ts';
import { APPLICATION_KIND_LABELS, APPLICATION_STATUS_LABELS } from '../membership.contract.ts';
import { routeFor, useAreas, useMyMembership, useOccupationChoices, useSubmit, type EmployerBody, type MyMembershipView, type RouteView } from './join.api.ts';
import { useI18n } from './i18n.ts';

const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
/** A field's label (a tap target in 长辈版: the CSS gives labels 60 px there). */
const label: CSSProperties = { display: 'flex', alignItems: 'center', minHeight: 'var(--nj-tap)', fontWeight: 600, margin: '12px 0 6px' };
const field: CSSProperties = { border: '1px solid #bbb', borderRadius: 8, padding: '10px 12px', minHeight: 44 };

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <SpinLoading style={{ margin: '0 auto' }} />
    </div>
  );
}

function Panel({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <section style={panel} data-testid={testId}>
      {children}
    </section>
  );
}

function Problem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid="join-error" style={{ color: '#a8071a', margin: '8px 0' }}>
      {message}
    </p>
  );
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : '操作失败，请稍后重试');

// ---- the employer and, when it has no union, the area --------------------------------------

/** Picks a county or township from the tree, a level at a time; its joint union takes the application. */
function AreaPicker({ onPick }: { onPick: (id: number, name: string) => void }) {
  const { t, tx } = useI18n();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const parent = trail.at(-1);
  const areas = useAreas(parent?.id, true);
  return (
    <div data-testid="area-picker">
      <p style={{ margin: '8px 0' }}>{parent ? trail.map((a) => tx(a.name)).join(' › ') : t('请选择您工作所在的地区')}</p>
      {parent ? (
        <Button size="small" onClick={() => setTrail(trail.slice(0, -1))} style={{ marginBottom: 8 }}>
          {t('返回上一级')}
        </Button>
      ) : null}
      {areas.isPending ? <Loading /> : null}
      {(areas.data ?? []).map((a) => (
        <div key={a.id} style={{ display: 'flex', gap: 8, alignItems: 'center', borderTop: '1px solid #eee', padding: '8px 0' }}>
          <span style={{ flex: 1 }}>
            {tx(a.name)}
            <br />
            <small style={{ color: '#555' }}>{a.jointCount ? t('{n} 个联合工会', { n: String(a.jointCount) }) : t('暂无联合工会')}</small>
          </span>
          {a.hasChildren ? (
            <Button size="small" onClick={() => setTrail([...trail, { id: a.id, name: a.name }])}>
              {t('下一级')}
            </Button>
          ) : null}
          <Button size="small" color="primary" disabled={!a.jointCount} onClick={() => onPick(a.id, a.name)} data-testid={`area-${a.name}`}>
            {t('选这里')}
          </Button>
        </div>
      ))}
    </div>
  );
}

interface EmployerState {
  employerName: string;
  employerCreditCode: string;
  areaOrgId?: number;
}

/** Step 2 (and the transfer's form): employer by name or code; the union that will take it, or the area to pick. */
function EmployerStep({
  value,
  onChange,
  posterOrgId,
  routed,
  onRouted,
}: {
  value: EmployerState;
  onChange: (v: EmployerState) => void;
  posterOrgId?: number;
  routed: RouteView | null;
  onRouted: (r: RouteView | null) => void;
}) {
  const { t, tx } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const body = (v: EmployerState): EmployerBody => ({
    employerName: v.employerName.trim() || undefined,
    employerCreditCode: v.employerCreditCode.trim() || undefined,
    areaOrgId: v.areaOrgId,
    posterOrgId,
  });
  const find = async (v: EmployerState) => {
    setProblem(null);
    const code = v.employerCreditCode.trim().toUpperCase();
    if (code && !isValidCreditCode(code)) return setProblem(t('统一社会信用代码无效（应为 18 位，校验位不符）'));
    if (!v.employerName.trim() && !code && !posterOrgId) return setProblem(t('请填写工作单位名称或统一社会信用代码'));
    setBusy(true);
    try {
      onRouted(await routeFor(body(v)));
    } catch (e) {
      onRouted(null);
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label style={label} htmlFor="employerName">
        {t('工作单位名称')}
      </label>
      <div style={field}>
        <Input
          id="employerName"
          value={value.employerName}
          placeholder={t('如：某某快递服务站')}
          onChange={(v) => {
            onChange({ ...value, employerName: v, areaOrgId: undefined });
            onRouted(null);
          }}
        />
      </div>
      <label style={label} htmlFor="creditCode">
        {t('或 统一社会信用代码（18 位）')}
      </label>
      <div style={field}>
        <Input
          id="creditCode"
          value={value.employerCreditCode}
          maxLength={18}
          onChange={(v) => {
            onChange({ ...value, employerCreditCode: v, areaOrgId: undefined });
            onRouted(null);
          }}
        />
      </div>
      <Problem message={problem} />
      {!routed ? (
        <Button block color="primary" style={{ marginTop: 12 }} loading={busy} onClick={() => void find(value)} data-testid="find-union">
          {t('查找受理工会')}
        </Button>
      ) : routed.org ? (
        <p data-testid="routed-union" style={{ margin: '12px 0' }}>
          {t('您的申请将由「{org}」受理', { org: tx(routed.org.name) })}
        </p>
      ) : (
        <>
          <p style={{ margin: '12px 0' }}>{tx(routed.message)}</p>
          <AreaPicker
            onPick={(id) => {
              const next = { ...value, areaOrgId: id };
              onChange(next);
              void find(next);
            }}
          />
        </>
      )}
    </>
  );
}

// ---- 入会申请 ---------------------------------------------------------------------------------

const isOpen = (s: string) => s === 'submitted' || s === 'reviewing';

export function JoinPage() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const posterOrgId = Number(params.get('org')) || undefined;
  const me = useWorker();
  const mine = useMyMembership();
  const occupations = useOccupationChoices();
  const submit = useSubmit('applications');
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [employer, setEmployer] = useState<EmployerState>({ employerName: '', employerCreditCode: '' });
  const [routed, setRouted] = useState<RouteView | null>(null);
  const [occupation, setOccupation] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  if (mine.isPending) return <Loading />;
  if (mine.data?.member) return <StatusPage />;
  if (mine.data?.applications.some((a) => isOpen(a.status))) return <StatusPage />;

  const first = () => {
    setProblem(null);
    if (!name.trim()) return setProblem(t('请填写姓名'));
    const id = parseIdNumber(idNumber, chinaToday());
    if (!id.ok) return setProblem(tx(id.message));
    setStep(1);
  };
  const send = () => {
    setProblem(null);
    if (!occupation) return setProblem(t('请选择职业'));
    submit.mutate(
      {
        name: name.trim(),
        idNumber: idNumber.trim(),
        employerName: employer.employerName.trim() || null,
        employerCreditCode: employer.employerCreditCode.trim() || null,
        areaOrgId: employer.areaOrgId ?? null,
        posterOrgId: posterOrgId ?? null,
        occupation,
      },
      {
        onSuccess: () => {
          Toast.show({ content: t('已提交') });
          void navigate('/join/status');
        },
        onError: (e) => setProblem(messageOf(e)),
      },
    );
  };
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('入会申请')}</h1>
      <Steps current={step} style={{ '--title-font-size': '1em' } as CSSProperties}>
        <Steps.Step title={t('身份')} />
        <Steps.Step title={t('工作单位')} />
        <Steps.Step title={t('职业')} />
      </Steps>
      <Panel testId={`join-step-${step + 1}`}>
        {step === 0 ? (
          <>
            <p style={{ margin: 0 }}>{t('手机号 {phone}（已通过验证码验证）', { phone: me?.worker.phoneMasked ?? '' })}</p>
            <label style={label} htmlFor="name">
              {t('姓名')}
            </label>
            <div style={field}>
              <Input id="name" value={name} onChange={setName} />
            </div>
            <label style={label} htmlFor="idNumber">
              {t('身份证号')}
            </label>
            <div style={field}>
              <Input id="idNumber" value={idNumber} maxLength={18} onChange={setIdNumber} />
            </div>
            <Problem message={problem} />
            <Button block color="primary" size="large" style={{ marginTop: 16 }} onClick={first} data-testid="join-next-1">
              {t('下一步')}
            </Button>
          </>
        ) : step === 1 ? (
          <>
            {posterOrgId ? <p style={{ margin: 0 }}>{t('您扫描了工会的入会二维码，申请将送达该工会')}</p> : null}
            <EmployerStep value={employer} onChange={setEmployer} posterOrgId={posterOrgId} routed={routed} onRouted={setRouted} />
            <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>
              <Button block onClick={() => setStep(0)}>
                {t('上一步')}
              </Button>
              <Button block color="primary" disabled={!routed?.org} onClick={() => setStep(2)} data-testid="join-next-2">
                {t('下一步')}
              </Button>
            </div>
          </>
        ) : (
          <>
            <p style={{ margin: 0 }}>{t('受理工会：{org}', { org: tx(routed?.org?.name) })}</p>
            <span style={label}>{t('职业')}</span>
            <Selector
              columns={2}
              value={occupation ? [occupation] : []}
              onChange={(v) => setOccupation(v[0])}
              options={(occupations.data ?? []).map((o) => ({ label: tx(o.label), value: o.code }))}
            />
            <Problem message={problem} />
            <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>
              <Button block onClick={() => setStep(1)}>
                {t('上一步')}
              </Button>
              <Button block color="primary" loading={submit.isPending} onClick={send} data-testid="join-submit">
                {t('提交申请')}
              </Button>
            </div>
          </>
        )}
      </Panel>
    </div>
  );
}

// ---- my application's status ----------------------------------------------------------------

function Application({ a }: { a: MyMembershipView['applications'][number] }) {
  const { t, tx, dateTime } = useI18n();
  const refused = a.status === 'refused';
  const last = refused || a.status === 'approved';
  const steps = [
    { key: 'submitted', title: t('已提交') },
    { key: 'reviewing', title: t('审核中') },
    { key: 'decided', title: last ? t(APPLICATION_STATUS_LABELS[a.status]) : t('审核结果') },
  ];
  const at = (k: string) => a.steps.find((s) => (k === 'decided' ? s.status === 'approved' || s.status === 'refused' : s.status === k))?.at;
  return (
    <Panel testId="join-application">
      <h2 style={{ fontSize: '1.1em', margin: '0 0 8px' }}>
        {t(APPLICATION_KIND_LABELS[a.kind])}
        {t('申请')} ·{' '}
        <strong data-testid="join-status" style={{ border: `1px solid ${refused ? '#a8071a' : '#8c0a1f'}`, borderRadius: 6, padding: '0 8px' }}>
          {t(APPLICATION_STATUS_LABELS[a.status])}
        </strong>
      </h2>
      <p style={{ margin: '4px 0' }}>{t('受理工会：{org}', { org: tx(a.orgName) })}</p>
      {a.fromOrgName ? <p style={{ margin: '4px 0' }}>{t('转出工会：{org}', { org: tx(a.fromOrgName) })}</p> : null}
      <Steps direction="vertical" current={a.steps.length - 1}>
        {steps.map((s) => (
          <Steps.Step
            key={s.key}
            title={s.title}
            status={s.key === 'decided' && refused ? 'error' : undefined}
            description={at(s.key) ? dateTime(at(s.key)) : t('未开始')}
          />
        ))}
      </Steps>
      {a.memberNo ? (
        <p data-testid="join-member-no" style={{ margin: '8px 0', fontSize: '1.1em' }}>
          {t('会员编号：{no}', { no: a.memberNo })}
        </p>
      ) : null}
      {refused && a.reason ? (
        <p data-testid="join-reason" style={{ margin: '8px 0' }}>
          {t('未通过原因：{reason}', { reason: tx(a.reason) })}
        </p>
      ) : null}
    </Panel>
  );
}

export function StatusPage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const mine = useMyMembership();
  if (mine.isPending) return <Loading />;
  const data = mine.data;
  const open = data?.applications.some((a) => isOpen(a.status));
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('我的入会申请')}</h1>
      {data?.member ? (
        <Panel testId="join-member">
          <p style={{ margin: 0, fontWeight: 600 }}>{t('您是「{org}」会员', { org: tx(data.member.orgName) })}</p>
          <p style={{ margin: '4px 0' }}>{t('会员编号：{no}', { no: data.member.memberNo })}</p>
          <p style={{ margin: '4px 0' }}>{t('入会日期：{d}', { d: date(data.member.joinedOn) })}</p>
          {data.member.pendingOrgName ? <p style={{ margin: '4px 0' }}>{t('会籍正在转往「{org}」', { org: tx(data.member.pendingOrgName) })}</p> : null}
          {!open && data.member.state === 'member' ? (
            <Button block style={{ marginTop: 8 }} onClick={() => navigate('/join/transfer')}>
              {t('更换工作单位，申请转会')}
            </Button>
          ) : null}
        </Panel>
      ) : null}
      {(data?.applications ?? []).map((a) => (
        <Application key={a.id} a={a} />
      ))}
      {!data?.member && !open ? (
        <Button block color="primary" size="large" onClick={() => navigate('/join')}>
          {data?.applications.length ? t('重新申请入会') : t('申请入会')}
        </Button>
      ) : null}
    </div>
  );
}

// ---- 转会 -------------------------------------------------------------------------------------

export function TransferPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const submit = useSubmit('transfer');
  const [employer, setEmployer] = useState<EmployerState>({ employerName: '', employerCreditCode: '' });
  const [routed, setRouted] = useState<RouteView | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = () =>
    submit.mutate(
      {
        employerName: employer.employerName.trim() || null,
        employerCreditCode: employer.employerCreditCode.trim() || null,
        areaOrgId: employer.areaOrgId ?? null,
        reason: reason.trim() || null,
      },
      {
        onSuccess: () => {
          Toast.show({ content: t('已提交') });
          void navigate('/join/status');
        },
        onError: (e) => setProblem(messageOf(e)),
      },
    );
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('申请转会')}</h1>
      <Panel testId="transfer-form">
        <p style={{ margin: 0 }}>{t('更换工作单位后，会籍随您转入新单位的工会，会员编号不变。')}</p>
        <EmployerStep value={employer} onChange={setEmployer} routed={routed} onRouted={setRouted} />
        <label style={label} htmlFor="reason">
          {t('转会原因（可不填）')}
        </label>
        <div style={field}>
          <TextArea id="reason" value={reason} onChange={setReason} maxLength={100} rows={2} />
        </div>
        <Problem message={problem} />
        <Button block color="primary" size="large" style={{ marginTop: 16 }} disabled={!routed?.org} loading={submit.isPending} onClick={send}>
          {t('提交转会申请')}
        </Button>
      </Panel>
    </div>
  );
}
