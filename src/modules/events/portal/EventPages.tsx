/**
 * 活动 on the phone: the events I may join and those I signed up for; one event with its sessions
 * and places, signing up (or joining the waiting list when it is full); 我的活动 with my place in
 * line, a freed place to accept or decline before its deadline, cancelling, rating an event I
 * attended and its certificate. Pages and inline panels only (no pop-ups); every status is said
 * in words, never by colour alone; sizes follow the page's (长辈版 enlarges them).
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, SpinLoading } from 'antd-mobile';
import { EVENT_KIND_LABELS, EVENT_STATUS_LABELS, SIGNUP_STATUS_LABELS, type SessionView, type SignupStatus } from '../events.contract.ts';
import {
  downloadMyCertificate,
  useMySignups,
  useMyTicket,
  useRate,
  useSignupStep,
  useWorkerEvent,
  useWorkerEvents,
  useWorkerSignUp,
  type MySignup,
  type WorkerEvent,
} from './events.api.ts';
import { useI18n } from './i18n.ts';
import { Failed, Loading, messageOf, note, panel, Problem } from './parts.tsx';

const card: CSSProperties = { ...panel, display: 'block', color: '#1a1a1a', textDecoration: 'none' };

const STATUS_TONE: Record<SignupStatus, string> = {
  confirmed: '#135200',
  waiting: '#874d00',
  offered: '#8c0a1f',
  cancelled: '#555',
  declined: '#555',
  expired: '#555',
};

/** A sign-up's status as words in a box: the colour only repeats what the words say. */
function Status({ status }: { status: SignupStatus }) {
  const { t } = useI18n();
  const c = STATUS_TONE[status];
  return (
    <strong
      data-testid="my-signup-status"
      style={{ border: `1px solid ${c}`, color: c, borderRadius: 6, padding: '0 8px', whiteSpace: 'nowrap', flex: 'none' }}
    >
      {t(SIGNUP_STATUS_LABELS[status])}
    </strong>
  );
}

function Sessions({ sessions }: { sessions: SessionView[] }) {
  const { t, tx, dateTime } = useI18n();
  if (!sessions.length) return <p style={note}>{t('时间地点待定')}</p>;
  return (
    <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
      {sessions.map((s) => (
        <li key={s.id} style={{ marginBottom: 6 }}>
          <span style={{ display: 'block' }}>
            {dateTime(s.startsAt)} – {dateTime(s.endsAt)}
          </span>
          <span style={{ display: 'block', color: '#555' }}>
            {tx(s.place)}
            {s.address ? ` · ${tx(s.address)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** 剩余 3 个名额 / 名额已满，2 人候补 / 不限名额. */
function Places({ e }: { e: WorkerEvent }) {
  const { t } = useI18n();
  if (e.placesLeft === null) return <>{t('不限名额')}</>;
  if (e.placesLeft > 0) return <>{t('剩余 {n} 个名额', { n: e.placesLeft })}</>;
  return <>{e.waiting ? t('名额已满，{n} 人候补', { n: e.waiting }) : t('名额已满，可加入候补')}</>;
}

// ---- 活动报名: the list ---------------------------------------------------------------------

export function EventListPage() {
  const { t, tx, dateTime } = useI18n();
  const q = useWorkerEvents();
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed error={q.error} />;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('活动报名')}</h1>
      <p style={{ margin: '8px 0 12px', color: '#333' }}>{t('工会组织的宣讲、培训、文体活动，符合条件即可在线报名；名额已满时可以候补。')}</p>
      <Link
        to="/events/mine"
        className="nj-tap"
        style={{ ...card, display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
        data-testid="to-my-events"
      >
        <span>{t('我的活动')}</span>
        <span aria-hidden="true">›</span>
      </Link>
      {q.data.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('目前没有可以报名的活动')}</p> : null}
      {q.data.map((e) => (
        <Link key={e.id} to={`/events/${e.id}`} className="nj-tap" style={card} data-testid="event-item">
          <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <strong style={{ fontSize: '1.1em' }}>{tx(e.title)}</strong>
            {e.mySignup ? <Status status={e.mySignup.status} /> : null}
          </span>
          <span style={{ display: 'block', ...note }}>
            {t(EVENT_KIND_LABELS[e.kind])} · {tx(e.orgName)}
          </span>
          {e.sessions[0] ? (
            <span style={{ display: 'block', marginTop: 4 }}>
              {dateTime(e.sessions[0].startsAt)} · {tx(e.sessions[0].place)}
              {e.sessions.length > 1 ? ` ${t('等 {n} 场', { n: e.sessions.length })}` : ''}
            </span>
          ) : null}
          <span style={{ display: 'block', marginTop: 4 }}>
            <Places e={e} />
          </span>
        </Link>
      ))}
    </div>
  );
}

// ---- One event ------------------------------------------------------------------------------

export function EventDetailPage() {
  const { t, tx, dateTime } = useI18n();
  const id = Number(useParams().id);
  const q = useWorkerEvent(id);
  const signUp = useWorkerSignUp(id);
  const [done, setDone] = useState<MySignup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed error={q.error} />;
  const e = q.data;
  const mine = e.mySignup;
  const full = e.placesLeft !== null && e.placesLeft <= 0;
  const submit = async () => {
    setProblem(null);
    try {
      setDone(await signUp.mutateAsync());
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <div className="nj-page">
      <h1 className="nj-title" data-testid="event-title">
        {tx(e.title)}
      </h1>
      <p style={{ ...note, marginBottom: 12 }}>
        {t(EVENT_KIND_LABELS[e.kind])} · {tx(e.orgName)} · {t(EVENT_STATUS_LABELS[e.status])}
      </p>
      {e.description ? (
        <section style={panel}>
          <p style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{tx(e.description)}</p>
        </section>
      ) : null}
      <section style={panel}>
        <h2 style={{ fontSize: '1.1em', margin: 0 }}>{t('时间地点')}</h2>
        <Sessions sessions={e.sessions} />
      </section>
      <section style={panel} data-testid="event-places">
        <h2 style={{ fontSize: '1.1em', margin: 0 }}>{t('名额')}</h2>
        <p style={{ margin: '8px 0 0' }}>
          <Places e={e} />
        </p>
        {e.signupClosesAt ? <p style={note}>{t('报名截止：{time}', { time: dateTime(e.signupClosesAt) })}</p> : null}
      </section>
      {done ? (
        <section style={panel} role="status" data-testid="signup-result">
          <p style={{ margin: 0 }}>
            <strong>{done.status === 'waiting' ? t('已加入候补，排第 {n} 位', { n: done.position ?? 0 }) : t('报名成功')}</strong>
          </p>
          <p style={note}>{done.status === 'waiting' ? t('有人取消时名额按顺序递补，届时会通知您确认。') : t('请按时参加，到场后向工作人员签到。')}</p>
        </section>
      ) : null}
      {mine && !done ? (
        <section style={panel} data-testid="my-signup">
          <p style={{ margin: 0, display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            {t('我的报名')} <Status status={mine.status} />
          </p>
          {mine.status === 'waiting' && mine.position !== null ? (
            <p style={note}>{t('候补第 {n} 位，共 {m} 人候补', { n: mine.position, m: mine.waitingTotal })}</p>
          ) : null}
        </section>
      ) : null}
      {e.canSignUp && !done ? (
        <>
          <Problem message={problem} />
          <Button block color="primary" size="large" loading={signUp.isPending} onClick={() => void submit()} data-testid="event-signup">
            {full ? t('名额已满，加入候补') : t('报名')}
          </Button>
        </>
      ) : e.reason && !done && !mine ? (
        <p style={{ ...panel, color: '#333' }} data-testid="event-reason">
          {tx(e.reason)}
        </p>
      ) : null}
      {mine || done ? (
        <Link
          to="/events/mine"
          className="nj-tap"
          style={{ ...card, marginTop: 12, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#8c0a1f' }}
        >
          {t('查看我的活动')}
        </Link>
      ) : null}
    </div>
  );
}

// ---- 我的活动 -----------------------------------------------------------------------------

/** 1–5 stars as five buttons (each a tap target of its own), then an optional comment. */
/** 签到码: shown when asked for (on the day, at the door), for the staff's phone to scan, even offline. */
function Ticket({ id }: { id: number }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const q = useMyTicket(id, shown);
  if (!shown) {
    return (
      <Button block style={{ marginTop: 12 }} onClick={() => setShown(true)} data-testid="my-ticket-show">
        {t('出示签到码')}
      </Button>
    );
  }
  return (
    <div style={{ marginTop: 12, textAlign: 'center' }} data-testid="my-ticket">
      {q.data ? (
        <>
          <img src={q.data.qr} alt={t('签到码')} width={200} height={200} data-testid="my-ticket-qr" />
          <p style={{ margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' }}>{t('到场后请向工作人员出示，扫码签到')}</p>
        </>
      ) : q.error ? (
        <Problem message={messageOf(q.error)} />
      ) : (
        <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
      )}
    </div>
  );
}

function RatingForm({ s }: { s: MySignup }) {
  const { t } = useI18n();
  const rate = useRate();
  const [stars, setStars] = useState(0);
  const [feedback, setFeedback] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      await rate.mutateAsync({ id: s.id, rating: stars, feedback: feedback.trim() || null });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="rating-form">
      <p style={{ margin: '0 0 4px' }}>{t('给这次活动打分')}</p>
      <div role="group" aria-label={t('评分')} style={{ display: 'flex', gap: 4 }}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className="nj-tap"
            aria-pressed={stars >= n}
            aria-label={t('{n} 星', { n })}
            onClick={() => setStars(n)}
            style={{ minWidth: 'var(--nj-tap)', border: 'none', background: 'none', fontSize: '1.6em', color: stars >= n ? '#ad6800' : '#8c8c8c', padding: 0 }}
          >
            {stars >= n ? '★' : '☆'}
          </button>
        ))}
      </div>
      {/* A native textarea carries its own name (antd-mobile's TextArea puts the label on its wrapper). */}
      <textarea
        placeholder={t('说说您的感受（选填）')}
        maxLength={500}
        rows={2}
        value={feedback}
        onChange={(ev) => setFeedback(ev.target.value)}
        aria-label={t('评价')}
        style={{ marginTop: 8, width: '100%', boxSizing: 'border-box', font: 'inherit', padding: 8, border: '1px solid #767676', borderRadius: 8 }}
      />
      <Problem message={problem} />
      <Button
        block
        color="primary"
        disabled={!stars}
        loading={rate.isPending}
        onClick={() => void submit()}
        style={{ marginTop: 8 }}
        data-testid="rating-submit"
      >
        {t('提交评价')}
      </Button>
    </div>
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>{children}</div>;
}

function MySignupCard({ s }: { s: MySignup }) {
  const { t, tx, dateTime } = useI18n();
  const step = useSignupStep();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (what: 'cancel' | 'accept' | 'decline') => {
    setProblem(null);
    try {
      await step.mutateAsync({ id: s.id, step: what });
      setConfirmCancel(false);
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <section style={panel} data-testid="my-signup-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Link to={`/events/${s.eventId}`} style={{ color: '#1a1a1a', fontWeight: 600, fontSize: '1.1em' }} className="nj-tap" data-testid="my-signup-title">
          {tx(s.eventTitle)}
        </Link>
        <Status status={s.status} />
      </div>
      <p style={note}>
        {t(EVENT_KIND_LABELS[s.kind])} · {tx(s.orgName)}
        {s.startsAt ? ` · ${dateTime(s.startsAt)}` : ''}
        {s.eventStatus === 'cancelled' ? ` · ${t('活动已取消')}` : ''}
      </p>
      {s.status === 'waiting' && s.position !== null ? (
        <p style={{ margin: '8px 0 0' }} data-testid="my-signup-position">
          {t('候补第 {n} 位，共 {m} 人候补', { n: s.position, m: s.waitingTotal })}
        </p>
      ) : null}
      {s.status === 'offered' ? (
        <div style={{ marginTop: 8, padding: 12, border: '1px solid #8c0a1f', borderRadius: 8 }} data-testid="my-signup-offer">
          <p style={{ margin: 0 }}>
            <strong>{t('有名额递补给您')}</strong>
          </p>
          {s.offeredUntil ? <p style={{ margin: '4px 0 0' }}>{t('请在 {time} 前确认，逾期名额将递补给下一位。', { time: dateTime(s.offeredUntil) })}</p> : null}
          <Actions>
            {s.can.accept ? (
              <Button color="primary" style={{ flex: 1 }} loading={step.isPending} onClick={() => void run('accept')} data-testid="offer-accept">
                {t('确认参加')}
              </Button>
            ) : null}
            {s.can.decline ? (
              <Button style={{ flex: 1 }} disabled={step.isPending} onClick={() => void run('decline')} data-testid="offer-decline">
                {t('放弃名额')}
              </Button>
            ) : null}
          </Actions>
        </div>
      ) : null}
      {s.status === 'confirmed' && s.eventStatus !== 'finished' && s.eventStatus !== 'cancelled' && !s.attendedAt ? <Ticket id={s.id} /> : null}
      {s.attendedAt ? <p style={{ margin: '8px 0 0' }}>{t('已于 {time} 到场', { time: dateTime(s.attendedAt) })}</p> : null}
      {s.rating !== null ? (
        <p style={{ margin: '8px 0 0' }} data-testid="my-rating">
          {t('我的评分：{n} 星', { n: s.rating })}
          {s.feedback ? ` · ${tx(s.feedback)}` : ''}
        </p>
      ) : null}
      {s.can.rate && s.rating === null ? <RatingForm s={s} /> : null}
      <Problem message={problem} />
      {s.can.certificate || s.can.cancel ? (
        <Actions>
          {s.can.certificate ? (
            <Button
              style={{ flex: 1 }}
              onClick={() => void downloadMyCertificate(s.id).catch((err: unknown) => setProblem(messageOf(err)))}
              data-testid="my-certificate"
            >
              {t('下载参加证明')}
            </Button>
          ) : null}
          {s.can.cancel && !confirmCancel ? (
            <Button style={{ flex: 1 }} onClick={() => setConfirmCancel(true)} data-testid="my-cancel">
              {t('取消报名')}
            </Button>
          ) : null}
        </Actions>
      ) : null}
      {confirmCancel ? (
        <div style={{ marginTop: 12 }} data-testid="my-cancel-confirm">
          <p style={{ margin: 0 }}>{t('确定取消报名吗？取消后名额将让给候补的职工。')}</p>
          <Actions>
            <Button color="danger" style={{ flex: 1 }} loading={step.isPending} onClick={() => void run('cancel')}>
              {t('确定取消')}
            </Button>
            <Button style={{ flex: 1 }} onClick={() => setConfirmCancel(false)}>
              {t('不取消')}
            </Button>
          </Actions>
        </div>
      ) : null}
    </section>
  );
}

export function MyEventsPage() {
  const { t } = useI18n();
  const q = useMySignups();
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed error={q.error} />;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('我的活动')}</h1>
      <p style={{ margin: '8px 0 12px', color: '#333' }}>{t('我报名的活动、候补位次和递补名额；参加后可以评价、下载参加证明。')}</p>
      {q.data.length === 0 ? (
        <section style={panel}>
          <p style={{ margin: 0 }}>{t('还没有报名的活动')}</p>
        </section>
      ) : null}
      {q.data.map((s) => (
        <MySignupCard key={s.id} s={s} />
      ))}
      <Link to="/events" className="nj-tap" style={{ ...card, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#8c0a1f' }}>
        {t('去报名活动')}
      </Link>
    </div>
  );
}
