/**
 * A volunteer's time on the phone: 我的服务记录 with 申请补录 (time served on a shift I signed up
 * for but did not scan; it counts once the union approves it), and 待接的单 — orders dispatched to
 * my teams (接单) and those I took (完成服务 with when I started and finished).
 */
import { useState } from 'react';
import { Button, Selector } from 'antd-mobile';
import { ORDER_STATUS_LABELS, RECORD_SOURCE_LABELS, RECORD_STATUS_LABELS, SERVICE_KIND_LABELS, type RecordStatus } from '../volunteers.contract.ts';
import { useBackfill, useTaskStep, type MyShift, type OrderView, type RecordView } from './volunteers.api.ts';
import { useI18n } from './i18n.ts';
import { Actions, Badge, chinaClock, chinaInput, field, fromChinaInput, heading, Hours, messagesOf, note, panel, Problem } from './parts.tsx';

const RECORD_TONE: Record<RecordStatus, string> = { open: '#0958d9', pending: '#874d00', valid: '#135200', rejected: '#a8071a' };

/** A start and an end in China's time, as two native pickers (the phone's own wheel), with an optional note. */
function SpanFields({
  from,
  to,
  setFrom,
  setTo,
  labels,
  testId,
}: {
  from: string;
  to: string;
  setFrom: (v: string) => void;
  setTo: (v: string) => void;
  labels: [string, string];
  testId: string;
}) {
  const { t } = useI18n();
  const max = chinaInput(Date.now());
  return (
    <>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t(labels[0])}
        <input
          type="datetime-local"
          className="nj-tap"
          max={max}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid={`${testId}-from`}
        />
      </label>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t(labels[1])}
        <input
          type="datetime-local"
          className="nj-tap"
          max={max}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid={`${testId}-to`}
        />
      </label>
    </>
  );
}

function BackfillForm({ shifts, onDone }: { shifts: MyShift[]; onDone: () => void }) {
  const { t, tx, dateTime } = useI18n();
  const send = useBackfill();
  const [shiftId, setShiftId] = useState<number | undefined>(shifts.length === 1 ? shifts[0]!.id : undefined);
  const shift = shifts.find((s) => s.id === shiftId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const pick = (id: number | undefined) => {
    setShiftId(id);
    const s = shifts.find((x) => x.id === id);
    if (s && !from) setFrom(chinaInput(s.startsAt));
  };
  const submit = async () => {
    setProblem(null);
    if (!shift) {
      setProblem(t('请选择补录的班次'));
      return;
    }
    try {
      await send.mutateAsync({ shiftId: shift.id, startedAt: fromChinaInput(from), endedAt: fromChinaInput(to), reason: reason.trim() });
      onDone();
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="backfill-form">
      <h3 style={{ fontSize: '1.05em', margin: 0 }}>{t('申请补录')}</h3>
      <p style={note}>{t('忘记扫码或手机没电时，可以补录服务时间，经工会审核后计入服务时长。')}</p>
      <p id="vb-shift" style={{ margin: '12px 0 4px' }}>
        {t('补录的班次')}
      </p>
      <div role="group" aria-labelledby="vb-shift">
        <Selector
          columns={1}
          value={shiftId === undefined ? [] : [shiftId]}
          onChange={(v) => pick(v[0])}
          options={shifts.map((s) => ({ value: s.id, label: `${tx(s.project.name)} ${dateTime(s.startsAt)}–${chinaClock(s.endsAt)}` }))}
          data-testid="backfill-shift"
        />
      </div>
      <SpanFields from={from} to={to} setFrom={setFrom} setTo={setTo} labels={['签到时间', '签退时间']} testId="backfill" />
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('补录原因')}
        <input
          className="nj-tap"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('例如：手机没电，没能扫码')}
          style={{ ...field, marginTop: 4 }}
          data-testid="backfill-reason"
        />
      </label>
      <Problem message={problem} />
      <Actions>
        <Button color="primary" style={{ flex: 2 }} loading={send.isPending} onClick={() => void submit()} data-testid="backfill-submit">
          {t('提交补录')}
        </Button>
        <Button style={{ flex: 1 }} onClick={onDone}>
          {t('取消')}
        </Button>
      </Actions>
    </section>
  );
}

function RecordCard({ r }: { r: RecordView }) {
  const { t, tx, date } = useI18n();
  return (
    <section style={panel} data-testid="record-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <strong>{tx(r.project?.name ?? r.order?.title ?? '')}</strong>
        <Badge tone={RECORD_TONE[r.status]} testId="record-status">
          {t(RECORD_STATUS_LABELS[r.status])}
        </Badge>
      </div>
      <p style={note}>
        {date(r.day)} · {t(RECORD_SOURCE_LABELS[r.source])}
      </p>
      <p style={{ margin: '4px 0 0' }} data-testid="record-time">
        {chinaClock(r.startedAt)} – {r.endedAt ? chinaClock(r.endedAt) : t('未签退')}
        {r.minutes !== null ? (
          <>
            {' · '}
            <Hours minutes={r.minutes} />
          </>
        ) : null}
      </p>
      {r.reason ? <p style={note}>{tx(r.reason)}</p> : null}
      {r.reviewNote ? (
        <p style={note}>
          {t('审核意见')}：{tx(r.reviewNote)}
        </p>
      ) : null}
    </section>
  );
}

/** 我的服务记录, and 申请补录 for a shift I signed up for that has begun. */
export function Records({ records, shifts }: { records: RecordView[]; shifts: MyShift[] }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const begun = shifts.filter((s) => s.mine && new Date(s.startsAt).getTime() <= Date.now());
  return (
    <>
      <h2 style={heading}>{t('我的服务记录')}</h2>
      {begun.length ? (
        asking ? (
          <BackfillForm shifts={begun} onDone={() => setAsking(false)} />
        ) : (
          <Button block style={{ marginBottom: 12 }} onClick={() => setAsking(true)} data-testid="backfill-open">
            {t('申请补录')}
          </Button>
        )
      ) : null}
      {records.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('还没有服务记录')}</p> : null}
      {records.map((r) => (
        <RecordCard key={r.id} r={r} />
      ))}
    </>
  );
}

function DoneForm({ o, onDone }: { o: OrderView; onDone: () => void }) {
  const { t } = useI18n();
  const step = useTaskStep();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(chinaInput(Date.now()));
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      await step.mutateAsync({ id: o.id, step: 'done', input: { startedAt: fromChinaInput(from), endedAt: fromChinaInput(to), note: text.trim() || null } });
      onDone();
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="done-form">
      <SpanFields from={from} to={to} setFrom={setFrom} setTo={setTo} labels={['开始时间', '结束时间']} testId="done" />
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('服务情况（选填）')}
        <textarea
          className="nj-tap"
          rows={2}
          maxLength={300}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid="done-note"
        />
      </label>
      <Problem message={problem} />
      <Actions>
        <Button color="primary" style={{ flex: 2 }} loading={step.isPending} onClick={() => void submit()} data-testid="done-submit">
          {t('确认完成')}
        </Button>
        <Button style={{ flex: 1 }} onClick={onDone}>
          {t('取消')}
        </Button>
      </Actions>
    </div>
  );
}

function TaskCard({ o }: { o: OrderView }) {
  const { t, tx, date } = useI18n();
  const step = useTaskStep();
  const [finishing, setFinishing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const accept = async () => {
    setProblem(null);
    try {
      await step.mutateAsync({ id: o.id, step: 'accept' });
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="task-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <strong style={{ fontSize: '1.1em' }} data-testid="task-title">
          {tx(o.title)}
        </strong>
        <Badge tone={o.status === 'accepted' ? '#0958d9' : '#874d00'} testId="task-status">
          {t(ORDER_STATUS_LABELS[o.status])}
        </Badge>
      </div>
      <p style={note}>
        {t(SERVICE_KIND_LABELS[o.kind])}
        {o.team ? ` · ${tx(o.team.name)}` : ''}
      </p>
      <p style={{ margin: '4px 0 0' }}>
        {tx(o.place)} · {t('期望 {date}', { date: date(o.wantedOn) })}
      </p>
      {o.detail ? <p style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{tx(o.detail)}</p> : null}
      <Problem message={problem} />
      {o.status === 'dispatched' ? (
        <Actions>
          <Button color="primary" style={{ flex: 1 }} loading={step.isPending} onClick={() => void accept()} data-testid="task-accept">
            {t('接单')}
          </Button>
        </Actions>
      ) : o.status === 'accepted' ? (
        finishing ? (
          <DoneForm o={o} onDone={() => setFinishing(false)} />
        ) : (
          <Actions>
            <Button color="primary" style={{ flex: 1 }} onClick={() => setFinishing(true)} data-testid="task-done">
              {t('完成服务')}
            </Button>
          </Actions>
        )
      ) : null}
    </section>
  );
}

/** 待接的单: orders waiting for a volunteer of my teams and those I took, shown only when there is one (the time of those done is in 我的服务记录). */
export function Tasks({ tasks }: { tasks: OrderView[] }) {
  const { t } = useI18n();
  const open = tasks.filter((o) => o.status === 'dispatched' || o.status === 'accepted');
  if (!open.length) return null;
  return (
    <>
      <h2 style={heading}>{t('待接的单')}</h2>
      {open.map((o) => (
        <TaskCard key={o.id} o={o} />
      ))}
    </>
  );
}
