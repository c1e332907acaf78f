/**
 * 疗休养 and 夏令营 on the worker's phone.
 * - 疗休养: the batches I may apply for (with the health declaration), my applications with the
 *   score explained line by line, my rank and the outcome, and once selected the 行前信息 form.
 * - 夏令营: my children as the union holds them (masked), registering a child with my consent, the
 *   camps I may apply to for a child, and each application's number, draw rank and outcome.
 * Pages and inline forms only (no pop-ups); every outcome is said in words.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Button, Checkbox, Form, Input, Selector } from 'antd-mobile';
import { money } from '../../../web/components/money.ts';
import { APPLICATION_STATUS_LABELS as TRIP_STATUS_LABELS, BATCH_STAGE_LABELS } from '../recuperation.contract.ts';
import {
  APPLICATION_STATUS_LABELS as CAMP_STATUS_LABELS,
  CAMP_PHASE_LABELS,
  CONSENT_RELATIONS,
  CONSENT_RELATION_LABELS,
  GRADE_LABELS,
  GRADES,
  WON_VIA_LABELS,
} from '../camps.contract.ts';
import {
  useApplyForCamp,
  useApplyForTrip,
  useMyCamps,
  useMyTripApplications,
  useOpenBatches,
  useRegisterChild,
  useSecondForm,
  type MyCampsView,
  type MyTripApplication,
  type OpenBatch,
} from './events.api.ts';
import { useI18n } from './i18n.ts';
import { Failed, Loading, messageOf, note, panel, Problem } from './parts.tsx';

const heading: CSSProperties = { fontSize: '1.1em', margin: '16px 4px 8px' };

/** An outcome as words in a box: the colour only repeats what the words say. */
function Outcome({ children, tone, testId }: { children: ReactNode; tone: 'good' | 'wait' | 'none'; testId: string }) {
  const c = tone === 'good' ? '#135200' : tone === 'wait' ? '#874d00' : '#555';
  return (
    <strong data-testid={testId} style={{ border: `1px solid ${c}`, color: c, borderRadius: 6, padding: '0 8px', whiteSpace: 'nowrap', flex: 'none' }}>
      {children}
    </strong>
  );
}

function Title({ children, badge }: { children: ReactNode; badge?: ReactNode }) {
  return (
    <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
      <strong style={{ fontSize: '1.1em' }}>{children}</strong>
      {badge}
    </span>
  );
}

// ---- 疗休养 ----------------------------------------------------------------------------------

function BatchCard({ b }: { b: OpenBatch }) {
  const { t, tx, date } = useI18n();
  const apply = useApplyForTrip();
  const [declared, setDeclared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    // Without it the application would be taken but left out of the ranking: say so before sending.
    if (!declared) {
      setProblem('请先确认健康声明：未确认健康声明的申请不参加排名');
      return;
    }
    try {
      await apply.mutateAsync({ batchId: b.id, healthDeclared: true });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <section style={panel} data-testid="trip-batch">
      <Title
        badge={
          b.applied ? (
            <Outcome tone="good" testId="trip-applied">
              {t('已申请')}
            </Outcome>
          ) : undefined
        }
      >
        {tx(b.title)}
      </Title>
      <p style={note}>
        {tx(b.orgName)} · {tx(b.destination)}
      </p>
      <p style={{ margin: '4px 0 0' }}>
        {date(b.startsOn)} – {date(b.endsOn)}
      </p>
      <p style={{ margin: '4px 0 0' }}>{t('名额 {n} 个，每人补贴 {amount}', { n: b.places, amount: money(b.subsidyFen) })}</p>
      {b.applied ? null : (
        <>
          <Checkbox checked={declared} onChange={setDeclared} style={{ marginTop: 12 }} data-testid="trip-health">
            {t('本人身体健康，适合参加疗休养（健康声明）')}
          </Checkbox>
          <Problem message={problem} testId="trip-error" />
          <Button block color="primary" loading={apply.isPending} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="trip-apply">
            {t('申请参加')}
          </Button>
        </>
      )}
    </section>
  );
}

function SecondForm({ a }: { a: MyTripApplication }) {
  const { t } = useI18n();
  const send = useSecondForm();
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (v: { emergencyName?: string; emergencyPhone?: string; healthDeclared?: boolean }) => {
    setProblem(null);
    try {
      await send.mutateAsync({
        applicationId: a.id,
        emergencyName: v.emergencyName ?? '',
        emergencyPhone: v.emergencyPhone ?? '',
        healthDeclared: (v.healthDeclared ?? false) as true,
      });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <Form
      layout="vertical"
      onFinish={(v) => void submit(v as Parameters<typeof submit>[0])}
      footer={
        <>
          <Problem message={problem} testId="second-form-error" />
          <Button block type="submit" color="primary" loading={send.isPending} data-testid="second-form-submit">
            {t('提交行前信息')}
          </Button>
        </>
      }
      data-testid="second-form"
    >
      <Form.Header>{t('您已入选，请填写行前信息')}</Form.Header>
      <Form.Item name="emergencyName" label={t('紧急联系人')}>
        <Input aria-label={t('紧急联系人')} maxLength={30} data-testid="emergency-name" />
      </Form.Item>
      <Form.Item name="emergencyPhone" label={t('紧急联系人电话')}>
        <Input aria-label={t('紧急联系人电话')} type="tel" maxLength={20} data-testid="emergency-phone" />
      </Form.Item>
      <Form.Item name="healthDeclared" valuePropName="checked">
        <Checkbox data-testid="second-form-health">{t('本人出行前身体状况良好，如有变化及时告知工会')}</Checkbox>
      </Form.Item>
    </Form>
  );
}

function TripApplication({ a }: { a: MyTripApplication }) {
  const { t, tx, date } = useI18n();
  const tone = a.status === 'selected' ? 'good' : a.status === 'reserve' || a.status === 'pending' ? 'wait' : 'none';
  return (
    <section style={panel} data-testid="trip-application">
      <Title
        badge={
          <Outcome tone={tone} testId="trip-status">
            {t(TRIP_STATUS_LABELS[a.status])}
          </Outcome>
        }
      >
        {tx(a.title)}
      </Title>
      <p style={note}>
        {tx(a.destination)} · {date(a.startsOn)} – {date(a.endsOn)} · {t(BATCH_STAGE_LABELS[a.stage])}
      </p>
      <p style={{ margin: '8px 0 0' }} data-testid="trip-score">
        {a.rank === null ? t('得分 {score}', { score: a.score }) : t('得分 {score}，排名第 {rank}', { score: a.score, rank: a.rank })}
      </p>
      {a.excludedReason ? <p style={{ margin: '4px 0 0', color: '#a8071a' }}>{tx(a.excludedReason)}</p> : null}
      {a.explanation.length ? (
        <ul style={{ margin: '8px 0 0', paddingLeft: 20 }} aria-label={t('得分明细')}>
          {a.explanation.map((l) => (
            <li key={l.factor} style={{ marginBottom: 4 }}>
              {tx(l.label)}：{tx(l.detail)}（{t('{n} 分', { n: l.points })}）
            </li>
          ))}
        </ul>
      ) : null}
      {a.status === 'selected' ? (
        a.secondFormDone ? (
          <p style={{ margin: '8px 0 0' }} data-testid="second-form-done">
            {t('行前信息已填写')}
          </p>
        ) : (
          <SecondForm a={a} />
        )
      ) : null}
    </section>
  );
}

export function TripsPage() {
  const { t } = useI18n();
  const batches = useOpenBatches();
  const mine = useMyTripApplications();
  if (batches.isPending || mine.isPending) return <Loading />;
  if (batches.error || mine.error) return <Failed error={batches.error ?? mine.error} />;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('疗休养')}</h1>
      <p style={{ margin: '8px 0 12px', color: '#333' }}>{t('工会每年组织一线职工、劳动模范等疗休养。申请后按公布的评分办法排名，公示期满后确定入选名单。')}</p>
      <h2 style={heading}>{t('我的申请')}</h2>
      {mine.data.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('还没有疗休养申请')}</p> : null}
      {mine.data.map((a) => (
        <TripApplication key={a.id} a={a} />
      ))}
      <h2 style={heading}>{t('可申请的批次')}</h2>
      {batches.data.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('目前没有可以申请的疗休养批次')}</p> : null}
      {batches.data.map((b) => (
        <BatchCard key={b.id} b={b} />
      ))}
    </div>
  );
}

// ---- 夏令营 ----------------------------------------------------------------------------------

type Camp = MyCampsView['camps'][number];
type Child = MyCampsView['children'][number];

function ChildForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const register = useRegisterChild();
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (v: { name?: string; idNumber?: string; grade?: number[]; relation?: string[]; consent?: boolean }) => {
    setProblem(null);
    try {
      await register.mutateAsync({
        name: v.name ?? '',
        idNumber: v.idNumber ?? '',
        grade: v.grade?.[0] as number,
        relation: v.relation?.[0] as (typeof CONSENT_RELATIONS)[number],
        consent: (v.consent ?? false) as true,
      });
      onDone();
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <Form
      layout="vertical"
      onFinish={(v) => void submit(v as Parameters<typeof submit>[0])}
      footer={
        <>
          <Problem message={problem} testId="child-error" />
          <Button block type="submit" color="primary" loading={register.isPending} data-testid="child-submit">
            {t('登记子女')}
          </Button>
        </>
      }
      data-testid="child-form"
    >
      <Form.Header>{t('登记子女信息')}</Form.Header>
      <Form.Item name="name" label={t('子女姓名')}>
        <Input aria-label={t('子女姓名')} maxLength={30} data-testid="child-name" />
      </Form.Item>
      <Form.Item name="idNumber" label={t('子女身份证号')}>
        <Input aria-label={t('子女身份证号')} maxLength={18} data-testid="child-id" />
      </Form.Item>
      <Form.Item name="grade" label={t('年级')}>
        <Selector columns={3} options={GRADES.map((g) => ({ value: g, label: t(GRADE_LABELS[g]!) }))} />
      </Form.Item>
      <Form.Item name="relation" label={t('与子女关系')}>
        <Selector columns={3} options={CONSENT_RELATIONS.map((r) => ({ value: r, label: t(CONSENT_RELATION_LABELS[r]) }))} />
      </Form.Item>
      <Form.Item name="consent" valuePropName="checked">
        <Checkbox data-testid="child-consent">{t('我同意工会为报名夏令营（审核、摇号、录取和活动组织）处理子女的个人信息')}</Checkbox>
      </Form.Item>
    </Form>
  );
}

function CampCard({ c, children }: { c: Camp; children: Child[] }) {
  const { t, tx, date } = useI18n();
  const apply = useApplyForCamp();
  const [picked, setChildId] = useState<number | undefined>();
  // An only child is chosen already (also one registered after the page opened).
  const childId = picked ?? (children.length === 1 ? children[0]!.id : undefined);
  const [dualEarner, setDualEarner] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    if (childId === undefined) {
      setProblem('请选择报名的子女');
      return;
    }
    try {
      await apply.mutateAsync({ campId: c.id, childId, dualEarner });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <section style={panel} data-testid="camp-item">
      <Title
        badge={
          <Outcome tone={c.phase === 'open' ? 'good' : 'none'} testId="camp-phase">
            {t(CAMP_PHASE_LABELS[c.phase])}
          </Outcome>
        }
      >
        {tx(c.title)}
      </Title>
      <p style={note}>
        {tx(c.orgName)} · {tx(c.place)}
      </p>
      <p style={{ margin: '4px 0 0' }}>
        {date(c.startsOn)} – {date(c.endsOn)}
      </p>
      <p style={{ margin: '4px 0 0' }}>
        {t('{min}–{max} 岁，{from}至{to}；名额 {n} 个，已有 {k} 份申请', {
          min: c.minAge,
          max: c.maxAge,
          from: t(GRADE_LABELS[c.minGrade]!),
          to: t(GRADE_LABELS[c.maxGrade]!),
          n: c.places,
          k: c.applications,
        })}
      </p>
      {c.phase === 'open' ? (
        children.length === 0 ? (
          <p style={{ margin: '8px 0 0' }}>{t('请先在下方登记子女，再为子女报名')}</p>
        ) : (
          <>
            <p style={{ margin: '12px 0 4px', fontWeight: 600 }}>{t('为哪个孩子报名')}</p>
            <Selector
              columns={2}
              value={childId === undefined ? [] : [childId]}
              onChange={(v) => setChildId(v[0])}
              options={children.map((k) => ({ value: k.id, label: `${tx(k.nameMasked)} · ${t(GRADE_LABELS[k.grade]!)}` }))}
            />
            <Checkbox checked={dualEarner} onChange={setDualEarner} style={{ marginTop: 12 }} data-testid="camp-dual-earner">
              {t('父母双方都是在职职工（双职工家庭）')}
            </Checkbox>
            <Problem message={problem} testId="camp-error" />
            <Button block color="primary" loading={apply.isPending} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="camp-apply">
              {t('报名')}
            </Button>
          </>
        )
      ) : null}
    </section>
  );
}

function CampApplication({ a }: { a: MyCampsView['applications'][number] }) {
  const { t, tx } = useI18n();
  const tone = a.status === 'selected' ? 'good' : a.status === 'waiting' || a.status === 'applied' ? 'wait' : 'none';
  return (
    <section style={panel} data-testid="camp-application">
      <Title
        badge={
          <Outcome tone={tone} testId="camp-status">
            {t(CAMP_STATUS_LABELS[a.status])}
          </Outcome>
        }
      >
        {tx(a.campTitle)}
      </Title>
      <p style={note}>
        {tx(a.childNameMasked)} · {t('申请编号 {no}', { no: a.no })}
      </p>
      {a.drawRank !== null ? (
        <p style={{ margin: '4px 0 0' }}>
          {t('摇号顺位第 {n}', { n: a.drawRank })}
          {a.wonVia ? ` · ${t('录取方式：{how}', { how: t(WON_VIA_LABELS[a.wonVia]) })}` : ''}
          {a.waitingNo !== null ? ` · ${t('候补第 {n} 位', { n: a.waitingNo })}` : ''}
        </p>
      ) : (
        <p style={{ margin: '4px 0 0' }}>{t('等待摇号：种子公布后按公开的办法摇号，任何人都可以复核')}</p>
      )}
    </section>
  );
}

export function CampsPage() {
  const { t, tx } = useI18n();
  const q = useMyCamps();
  const [adding, setAdding] = useState(false);
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed error={q.error} />;
  const { camps, children, applications } = q.data;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('夏令营')}</h1>
      <p style={{ margin: '8px 0 12px', color: '#333' }}>
        {t('工会为职工子女举办的夏令营。困难职工、劳模、环卫职工、新就业形态劳动者和双职工家庭的子女有预留名额，其余名额公开摇号。')}
      </p>
      {applications.length ? <h2 style={heading}>{t('报名结果')}</h2> : null}
      {applications.map((a) => (
        <CampApplication key={a.id} a={a} />
      ))}
      <h2 style={heading}>{t('可报名的夏令营')}</h2>
      {camps.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('目前没有可以报名的夏令营')}</p> : null}
      {camps.map((c) => (
        <CampCard key={c.id} c={c} children={children} />
      ))}
      <h2 style={heading}>{t('我的子女')}</h2>
      <section style={panel}>
        {children.length === 0 ? <p style={{ margin: 0, color: '#555' }}>{t('还没有登记子女')}</p> : null}
        {children.map((k) => (
          <p key={k.id} style={{ margin: '0 0 8px' }} data-testid="my-child">
            {tx(k.nameMasked)} · {t(GRADE_LABELS[k.grade]!)} · {t('{year} 年出生', { year: k.birthYear })}
          </p>
        ))}
        {adding ? (
          <ChildForm onDone={() => setAdding(false)} />
        ) : (
          <Button block onClick={() => setAdding(true)} data-testid="child-add">
            {t('登记子女')}
          </Button>
        )}
      </section>
    </div>
  );
}
