/**
 * 申请帮扶 on the phone: my applications and how each stands, the self-test that computes the
 * category with my union's values and says why, the application with photos taken on the phone,
 * and one application's status with the union's reason when it was refused. Pages and inline
 * panels only (no pop-ups); every status is said in words, never by colour alone.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, Checkbox, ErrorBlock, Form, Input, Selector, SpinLoading, Steps, TextArea, Toast } from 'antd-mobile';
import { ApiError, http } from '../../../web/m/http.ts';
import { yuan } from '../../../shared/numbers.ts';
import { CAUSES, CAUSE_LABELS, HOUSING_LABELS, HOUSING_TYPES, type Cause } from '../hardship.contract.ts';
import { HELP_STAGE_HINTS, HELP_STAGE_LABELS, MAX_HELP_PHOTOS, type HelpStage } from '../help-request-stages.contract.ts';
import {
  photoUrl,
  useAddPhoto,
  useApply,
  useHelpRequest,
  useMyHelpRequests,
  useSelfTest,
  type FiguresBody,
  type HelpRequestView,
  type SelfTestResult,
} from './help.api.ts';
import { preparePhoto } from '../../../web/m/photo.ts';
import { PhotoInput } from '../../../web/m/PhotoInput.tsx';
import { PhotoPicker, type Picked } from '../../../web/m/PhotoPicker.tsx';
import { useI18n } from './i18n.ts';

const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
const money = (fen: number) => `¥${yuan(fen).replace(/\.00$/, '')}`;
/** Stages that are still open: a new application waits until the file is refused or closed. */
const OPEN: readonly HelpStage[] = ['pending', 'verified', 'noticed', 'approved', 'exited'];

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <SpinLoading style={{ margin: '0 auto' }} />
    </div>
  );
}

function Panel({ children, testId, role }: { children: ReactNode; testId?: string; role?: string }) {
  return (
    <section style={panel} data-testid={testId} role={role}>
      {children}
    </section>
  );
}

/** An error said beside the form, in words (no pop-up). */
function Problem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid="help-error" style={{ color: '#a8071a', margin: '8px 0' }}>
      {message}
    </p>
  );
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作失败，请稍后重试';
}

/** A stage as words in a box: the colour only repeats what the words say. */
function Stage({ stage }: { stage: HelpStage }) {
  const { t } = useI18n();
  const refused = stage === 'refused';
  return (
    <strong
      data-testid="help-stage"
      style={{
        border: `1px solid ${refused ? '#a8071a' : '#c8102e'}`,
        color: refused ? '#a8071a' : '#8c0a1f',
        borderRadius: 6,
        padding: '0 8px',
        wordBreak: 'keep-all',
        alignSelf: 'flex-start',
      }}
    >
      {t(HELP_STAGE_LABELS[stage])}
    </strong>
  );
}

// ---- 申请帮扶: my applications ---------------------------------------------------------------

export function HelpHomePage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const q = useMyHelpRequests();
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorBlock status="default" title={t('加载失败')} description={q.error ? tx(messageOf(q.error)) : undefined} />;
  const items = q.data.items;
  const open = items.find((i) => OPEN.includes(i.stage));
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('申请帮扶')}</h1>
      <p style={{ margin: '8px 0 12px', color: '#333' }}>{t('先按家庭收支做一次困难自测，符合条件可直接在线申请；工会核实后为您建立困难职工档案。')}</p>
      {open ? (
        <Panel>
          <p style={{ margin: 0 }}>{t('您有一份申请正在办理，办结前不能再次申请。')}</p>
        </Panel>
      ) : (
        <Button block color="primary" size="large" onClick={() => navigate('/help/apply')} style={{ marginBottom: 12 }}>
          {t('困难自测并申请')}
        </Button>
      )}
      <h2 style={{ fontSize: '1.1em', margin: '8px 4px' }}>{t('我的申请')}</h2>
      {items.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('还没有申请')}</p> : null}
      {items.map((i) => (
        <Link
          key={i.id}
          to={`/help/${i.id}`}
          className="nj-tap"
          data-testid="help-item"
          style={{ ...panel, textDecoration: 'none', color: '#1a1a1a', display: 'block' }}
        >
          <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span>
              {t('申请编号')} {i.caseNo}
            </span>
            <Stage stage={i.stage} />
          </span>
          <span style={{ display: 'block', color: '#555', marginTop: 4 }}>
            {t('提交日期')} {date(i.filedOn)} · {t(HELP_STAGE_HINTS[i.stage])}
          </span>
        </Link>
      ))}
    </div>
  );
}

// ---- 困难自测 and the application -----------------------------------------------------------

interface FiguresForm {
  householdSize?: string;
  monthlyIncome?: string;
  medicalSpending?: string;
  educationSpending?: string;
  otherSpending?: string;
  sudden?: boolean;
  migrant?: boolean;
  migrantYears?: string;
}

/** Yuan typed on the phone as fen; blank is 0, anything not a number is left for the server to name. */
function fen(v: string | undefined): number {
  if (!v?.trim()) return 0;
  const n = Number(v.trim());
  return Number.isFinite(n) ? Math.round(n * 100) : Number.NaN;
}

function figuresOf(f: FiguresForm): FiguresBody {
  return {
    householdSize: f.householdSize?.trim() ? Number(f.householdSize) : Number.NaN,
    monthlyIncomeFen: fen(f.monthlyIncome),
    medicalSpendingFen: fen(f.medicalSpending),
    educationSpendingFen: fen(f.educationSpending),
    otherSpendingFen: fen(f.otherSpending),
    suddenEvent: !!f.sudden,
    migrantYears: f.migrant ? (f.migrantYears?.trim() ? Number(f.migrantYears) : 0) : null,
  };
}

/** The server's field name (`monthlyIncomeFen`) as the form's (`monthlyIncome`). */
const FORM_FIELD: Record<string, string> = {
  householdSize: 'householdSize',
  monthlyIncomeFen: 'monthlyIncome',
  medicalSpendingFen: 'medicalSpending',
  educationSpendingFen: 'educationSpending',
  otherSpendingFen: 'otherSpending',
  migrantYears: 'migrantYears',
  mainCause: 'mainCause',
  housing: 'housing',
  statement: 'statement',
  consent: 'consent',
  file: 'photos',
};

/** Puts the server's per-field messages beside their fields; answers what no field of this form shows. */
function showFieldErrors(form: ReturnType<typeof Form.useForm>[0], err: unknown, names: readonly string[]): string | null {
  if (!(err instanceof ApiError)) return messageOf(err);
  const here = err.fields.filter((f) => names.includes(FORM_FIELD[f.field] ?? ''));
  form.setFields(here.map((f) => ({ name: FORM_FIELD[f.field]!, errors: [f.message] })));
  return here.length ? null : err.message;
}

const FIGURE_FIELDS = ['householdSize', 'monthlyIncome', 'medicalSpending', 'educationSpending', 'otherSpending', 'migrantYears'] as const;

function MoneyInput(props: { value?: string; onChange?: (v: string) => void; label: string; placeholder?: string }) {
  return (
    <Input type="text" inputMode="decimal" clearable aria-label={props.label} placeholder={props.placeholder} value={props.value} onChange={props.onChange} />
  );
}

function SelfTestStep({ onResult }: { onResult: (figures: FiguresBody, result: SelfTestResult) => void }) {
  const { t, tx } = useI18n();
  const [form] = Form.useForm<FiguresForm>();
  const test = useSelfTest();
  const [problem, setProblem] = useState<string | null>(null);
  const migrant = Form.useWatch('migrant', form);
  const run = async (values: FiguresForm) => {
    setProblem(null);
    const figures = figuresOf(values);
    try {
      onResult(figures, await test.mutateAsync(figures));
    } catch (err) {
      setProblem(showFieldErrors(form, err, FIGURE_FIELDS));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void run(v)}
      footer={
        <>
          <Problem message={problem ? tx(problem) : null} />
          <Button block type="submit" color="primary" size="large" loading={test.isPending}>
            {t('开始自测')}
          </Button>
        </>
      }
    >
      <Form.Header>{t('第一步：困难自测')}</Form.Header>
      <Form.Item
        name="householdSize"
        label={t('家庭人口（人）')}
        description={t('与您共同生活的家庭成员，含本人')}
        rules={[{ required: true, message: t('请填写家庭人口') }]}
      >
        <Input type="text" inputMode="numeric" clearable aria-label={t('家庭人口（人）')} placeholder={t('例如 3')} />
      </Form.Item>
      <Form.Item
        name="monthlyIncome"
        label={t('家庭月收入（元）')}
        description={t('全家每月收入合计（扣除个人所得税和社保后）')}
        rules={[{ required: true, message: t('请填写家庭月收入') }]}
      >
        <MoneyInput label={t('家庭月收入（元）')} placeholder={t('例如 2400')} />
      </Form.Item>
      <Form.Item name="medicalSpending" label={t('全年医疗支出（元）')} description={t('扣除医保报销后自己负担的部分')}>
        <MoneyInput label={t('全年医疗支出（元）')} placeholder="0" />
      </Form.Item>
      <Form.Item name="educationSpending" label={t('全年子女教育支出（元）')}>
        <MoneyInput label={t('全年子女教育支出（元）')} placeholder="0" />
      </Form.Item>
      <Form.Item name="otherSpending" label={t('其他刚性支出（元）')} description={t('残疾康复、求职等必须的支出')}>
        <MoneyInput label={t('其他刚性支出（元）')} placeholder="0" />
      </Form.Item>
      <Form.Item name="sudden" valuePropName="checked">
        <Checkbox>{t('今年遭遇灾害、意外事故或突发重病')}</Checkbox>
      </Form.Item>
      <Form.Item name="migrant" valuePropName="checked">
        <Checkbox>{t('我是进城务工的农民工')}</Checkbox>
      </Form.Item>
      {migrant ? (
        <Form.Item name="migrantYears" label={t('进城务工年限（年）')}>
          <Input type="text" inputMode="numeric" clearable aria-label={t('进城务工年限（年）')} placeholder={t('例如 3')} />
        </Form.Item>
      ) : null}
    </Form>
  );
}

function SelfTestAnswer({ result }: { result: SelfTestResult }) {
  const { t, tx } = useI18n();
  return (
    <Panel testId="self-test-result" role="status">
      <h2 style={{ margin: '0 0 8px', fontSize: '1.15em' }}>
        {t('自测结果：')}
        {result.categoryLabel ? t(result.categoryLabel) : t('暂不符合认定条件')}
      </h2>
      <p style={{ margin: '0 0 8px' }} data-testid="self-test-explanation">
        {tx(result.explanation)}
      </p>
      <p style={{ margin: '0 0 8px', color: '#555', fontSize: '0.9em' }}>{tx(result.formula)}</p>
      <p style={{ margin: 0, color: '#555', fontSize: '0.9em' }}>{t('自测结果仅供参考，以工会核实为准。')}</p>
    </Panel>
  );
}

interface ApplyForm {
  mainCause?: Cause[];
  housing?: (typeof HOUSING_TYPES)[number][];
  insured?: boolean;
  statement?: string;
  consent?: boolean;
}

function ApplyStep({ figures, onBack }: { figures: FiguresBody; onBack: () => void }) {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<ApplyForm>();
  const apply = useApply();
  const [photos, setPhotos] = useState<Picked[]>([]);
  const [photoProblem, setPhotoProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (v: ApplyForm) => {
    setProblem(null);
    setSending(true);
    try {
      const view = await apply.mutateAsync({
        ...figures,
        mainCause: v.mainCause?.[0] as Cause,
        housing: v.housing?.[0] as (typeof HOUSING_TYPES)[number],
        medicalInsurance: v.insured ?? true,
        statement: v.statement?.trim() || null,
        // Checked by the form's rule; the server refuses it unchecked as well.
        consent: v.consent as true,
      });
      // The application stands; a photo the server refuses is said on the status page, where it can be taken again.
      let photoError: string | null = null;
      for (const p of photos) {
        try {
          await uploadPhoto(view.id, p.file);
        } catch (err) {
          photoError = messageOf(err);
        }
      }
      Toast.show({ content: t('申请已提交') });
      void navigate(`/help/${view.id}`, { replace: true, state: { photoError } });
    } catch (err) {
      setProblem(showFieldErrors(form, err, ['mainCause', 'housing', 'statement', 'consent']));
    } finally {
      setSending(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ insured: true }}
      onFinish={(v) => void submit(v)}
      footer={
        <>
          <Problem message={problem ? tx(problem) : null} />
          <Button block type="submit" color="primary" size="large" loading={sending} data-testid="help-submit">
            {t('提交申请')}
          </Button>
          <Button block size="large" onClick={onBack} style={{ marginTop: 8 }}>
            {t('修改家庭收支')}
          </Button>
        </>
      }
    >
      <Form.Header>{t('第二步：填写申请')}</Form.Header>
      <Form.Item name="mainCause" label={t('主要困难原因')} rules={[{ required: true, message: t('请选择主要困难原因') }]}>
        <Selector columns={2} options={CAUSES.map((c) => ({ value: c, label: t(CAUSE_LABELS[c]) }))} />
      </Form.Item>
      <Form.Item name="housing" label={t('住房情况')} rules={[{ required: true, message: t('请选择住房情况') }]}>
        <Selector columns={2} options={HOUSING_TYPES.map((h) => ({ value: h, label: t(HOUSING_LABELS[h]) }))} />
      </Form.Item>
      <Form.Item name="insured" valuePropName="checked">
        <Checkbox>{t('家庭成员已参加医疗保险')}</Checkbox>
      </Form.Item>
      <Form.Item name="statement" label={t('情况说明')}>
        <TextArea
          aria-label={t('情况说明')}
          placeholder={t('简要说明家庭困难情况，如家人患病、子女上学等')}
          maxLength={500}
          showCount
          autoSize={{ minRows: 3 }}
        />
      </Form.Item>
      <Form.Item label={t('证明材料照片')} description={t('可拍摄病历、诊断书、低保证等，最多 {n} 张，每张不超过 5 MB', { n: MAX_HELP_PHOTOS })}>
        <PhotoPicker photos={photos} onChange={setPhotos} max={MAX_HELP_PHOTOS} onProblem={setPhotoProblem} testId="help-photo-input" />
        <Problem message={photoProblem} />
      </Form.Item>
      <Form.Item
        name="consent"
        valuePropName="checked"
        rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('请确认所填情况属实，并同意工会核实家庭收支情况')))) }]}
      >
        <Checkbox>{t('本人承诺所填情况属实，同意工会核实家庭收支情况')}</Checkbox>
      </Form.Item>
    </Form>
  );
}

/** One photo up, outside React Query's hooks (the application's id is known only after it is sent). */
function uploadPhoto(id: number, file: File) {
  return http.upload<HelpRequestView>(`/api/m/hardship/applications/${id}/photos`, file);
}

export function HelpApplyPage() {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<{ figures: FiguresBody; result: SelfTestResult } | null>(null);
  const [applying, setApplying] = useState(false);
  return (
    <div className="nj-page">
      <h1 className="nj-title" style={{ marginBottom: 12 }}>
        {t('困难自测')}
      </h1>
      <div style={{ display: applying ? 'none' : 'block' }}>
        <SelfTestStep
          onResult={(figures, result) => {
            setAnswer({ figures, result });
          }}
        />
      </div>
      {answer ? <SelfTestAnswer result={answer.result} /> : null}
      {answer?.result.eligible && !applying ? (
        <Button block color="primary" size="large" onClick={() => setApplying(true)} data-testid="help-go-apply">
          {t('按此情况申请帮扶')}
        </Button>
      ) : null}
      {answer && applying ? <ApplyStep figures={answer.figures} onBack={() => setApplying(false)} /> : null}
    </div>
  );
}

// ---- One application's status -----------------------------------------------------------------

export function HelpStatusPage() {
  const { t, tx, date, dateTime } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const id = Number(useParams().id);
  const q = useHelpRequest(id);
  const add = useAddPhoto(id);
  const [photoProblem, setPhotoProblem] = useState<string | null>((location.state as { photoError?: string | null } | null)?.photoError ?? null);
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorBlock status="empty" title={t('申请不存在')} description={q.error ? tx(messageOf(q.error)) : undefined} />;
  const v = q.data;
  const addPhoto = async (file: File | undefined) => {
    setPhotoProblem(null);
    if (!file) return;
    const ready = await preparePhoto(file);
    if (!ready) return setPhotoProblem(t('只能上传照片（JPG 或 PNG 格式）'));
    try {
      await add.mutateAsync(ready);
      Toast.show({ content: t('照片已上传') });
    } catch (err) {
      setPhotoProblem(messageOf(err));
    }
  };
  return (
    <div className="nj-page">
      <h1 className="nj-title" style={{ marginBottom: 12 }}>
        {t('我的帮扶申请')}
      </h1>
      <Panel testId="help-status">
        <p style={{ margin: '0 0 8px' }}>
          {t('办理状态：')}
          <Stage stage={v.stage} />
        </p>
        <p style={{ margin: '0 0 8px', color: '#333' }}>{t(HELP_STAGE_HINTS[v.stage])}</p>
        {v.refusalReason ? (
          <p style={{ margin: '0 0 8px' }} data-testid="help-refusal">
            {t('未通过原因：{reason}', { reason: tx(v.refusalReason) })}
          </p>
        ) : null}
        <p style={{ margin: 0, color: '#555' }}>
          {t('申请编号')} {v.caseNo} · {t('提交日期')} {date(v.filedOn)}
        </p>
        <p style={{ margin: '4px 0 0', color: '#555' }}>
          {t('申请类别：{c}', { c: tx(v.categoryLabel) })} · {t('家庭人口 {n} 人', { n: v.householdSize })} ·{' '}
          {t('人均月收入 {m}', { m: money(v.perCapitaMonthlyFen) })}
        </p>
      </Panel>
      <Panel>
        <h2 style={{ margin: '0 0 8px', fontSize: '1.1em' }}>{t('办理进度')}</h2>
        <Steps direction="vertical" current={v.timeline.length - 1}>
          {v.timeline.map((e, i) => (
            <Steps.Step
              key={i}
              title={t(e.label)}
              description={dateTime(e.at)}
              status={v.stage === 'refused' && i === v.timeline.length - 1 ? 'error' : 'finish'}
            />
          ))}
        </Steps>
      </Panel>
      <Panel>
        <h2 style={{ margin: '0 0 8px', fontSize: '1.1em' }}>{t('证明材料照片')}</h2>
        {v.photos.length === 0 ? <p style={{ margin: '0 0 8px', color: '#555' }}>{t('还没有上传照片')}</p> : null}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
          {v.photos.map((p) => (
            <img
              key={p.id}
              src={photoUrl(v.id, p.id)}
              alt={tx(p.title)}
              data-testid="help-photo"
              style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 6, background: '#eee' }}
            />
          ))}
        </div>
        {v.canAddPhotos ? (
          <PhotoInput
            label={add.isPending ? t('正在上传…') : t('补充照片')}
            testId="help-photo-input"
            disabled={add.isPending}
            onFile={(f) => void addPhoto(f)}
          />
        ) : null}
        <Problem message={photoProblem ? tx(photoProblem) : null} />
      </Panel>
      <Button block size="large" onClick={() => navigate('/help')}>
        {t('返回')}
      </Button>
    </div>
  );
}
