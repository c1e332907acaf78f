/**
 * 群众点单 on the phone: a worker asks the union for a volunteer service (what, where, by when);
 * the union dispatches it to a team (派单), a volunteer takes it (接单) and serves. 我点的服务 says
 * where each order stands, lets me cancel one nobody has taken yet, and rate one that was done.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Input, Selector } from 'antd-mobile';
import { chinaToday } from '../../../shared/dates.ts';
import { ORDER_STATUS_LABELS, SERVICE_KINDS, SERVICE_KIND_LABELS, type OrderStatus, type ServiceKind } from '../volunteers.contract.ts';
import { useCancelOrder, useMyOrders, usePlaceOrder, useRateOrder, type OrderView } from './volunteers.api.ts';
import { useI18n } from './i18n.ts';
import { Actions, Badge, Failed, field, heading, Hours, Loading, messagesOf, note, panel, Problem } from './parts.tsx';

const ORDER_TONE: Record<OrderStatus, string> = {
  ordered: '#874d00',
  dispatched: '#874d00',
  accepted: '#0958d9',
  done: '#8c0a1f',
  rated: '#135200',
  declined: '#555',
  cancelled: '#555',
};

function OrderForm() {
  const { t } = useI18n();
  const place = usePlaceOrder();
  const [kind, setKind] = useState<ServiceKind | undefined>();
  const [title, setTitle] = useState('');
  const [detail, setDetail] = useState('');
  const [where, setWhere] = useState('');
  const [wantedOn, setWantedOn] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const submit = async () => {
    setProblem(null);
    try {
      await place.mutateAsync({
        kind: kind as ServiceKind,
        title: title.trim(),
        detail: detail.trim() || null,
        place: where.trim(),
        wantedOn: (wantedOn || undefined) as string,
      });
      setSent(true);
      setKind(undefined);
      setTitle('');
      setDetail('');
      setWhere('');
      setWantedOn('');
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="order-form">
      <h2 style={{ fontSize: '1.1em', margin: 0 }}>{t('我要点单')}</h2>
      <p style={note}>{t('说说您需要什么服务，工会会派志愿服务队上门或到约定地点服务。')}</p>
      <p id="vo-kind" style={{ margin: '12px 0 4px' }}>
        {t('服务类别')}
      </p>
      <div role="group" aria-labelledby="vo-kind">
        <Selector
          columns={2}
          value={kind ? [kind] : []}
          onChange={(v) => setKind(v[0] as ServiceKind | undefined)}
          options={SERVICE_KINDS.map((k) => ({ value: k, label: t(SERVICE_KIND_LABELS[k]) }))}
          data-testid="order-kind"
        />
      </div>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('服务需求')}
        <Input
          className="nj-tap"
          maxLength={60}
          value={title}
          onChange={setTitle}
          placeholder={t('例如：劳动合同条款咨询')}
          aria-label={t('服务需求')}
          style={{ ...field, marginTop: 4 }}
          data-testid="order-title"
        />
      </label>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('需求说明（选填）')}
        <textarea
          className="nj-tap"
          rows={3}
          maxLength={500}
          value={detail}
          onChange={(e) => setDetail(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid="order-detail"
        />
      </label>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('服务地点')}
        <Input
          className="nj-tap"
          maxLength={120}
          value={where}
          onChange={setWhere}
          placeholder={t('例如：新城区环卫中心三楼会议室')}
          aria-label={t('服务地点')}
          style={{ ...field, marginTop: 4 }}
          data-testid="order-place"
        />
      </label>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('期望日期')}
        <input
          type="date"
          className="nj-tap"
          min={chinaToday()}
          value={wantedOn}
          onChange={(e) => setWantedOn(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid="order-wanted"
        />
      </label>
      <Problem message={problem} />
      {sent && !problem ? (
        <p role="status" style={{ margin: '8px 0', color: '#135200' }} data-testid="order-sent">
          {t('已提交，工会派单后会有志愿者联系您。')}
        </p>
      ) : null}
      <Button block color="primary" size="large" loading={place.isPending} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="order-submit">
        {t('提交点单')}
      </Button>
    </section>
  );
}

function RatingForm({ o }: { o: OrderView }) {
  const { t } = useI18n();
  const rate = useRateOrder();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      await rate.mutateAsync({ id: o.id, rating: stars, comment: comment.trim() || null });
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="rating-form">
      <p id={`vr-${o.id}`} style={{ margin: '0 0 4px' }}>
        {t('给这次服务打分')}
      </p>
      {/* Five buttons rather than antd-mobile's Rate: its stars answer touch only (not a mouse in desktop WeChat) and no keyboard. */}
      <div role="group" aria-labelledby={`vr-${o.id}`} style={{ display: 'flex', gap: 4 }}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className="nj-tap"
            aria-pressed={stars >= n}
            aria-label={t('{n} 星', { n })}
            onClick={() => setStars(n)}
            style={{ minWidth: 'var(--nj-tap)', border: 'none', background: 'none', fontSize: '1.8em', color: stars >= n ? '#ad6800' : '#8c8c8c', padding: 0 }}
            data-testid={`rating-star-${n}`}
          >
            {stars >= n ? '★' : '☆'}
          </button>
        ))}
      </div>
      <label style={{ display: 'block', marginTop: 8 }}>
        {t('评价内容（选填）')}
        <textarea
          className="nj-tap"
          rows={2}
          maxLength={300}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          style={{ ...field, marginTop: 4 }}
          data-testid="rating-comment"
        />
      </label>
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

function OrderCard({ o }: { o: OrderView }) {
  const { t, tx, date } = useI18n();
  const cancel = useCancelOrder();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const doCancel = async () => {
    setProblem(null);
    try {
      await cancel.mutateAsync(o.id);
      setConfirming(false);
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="my-order">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <strong style={{ fontSize: '1.1em' }} data-testid="my-order-title">
          {tx(o.title)}
        </strong>
        <Badge tone={ORDER_TONE[o.status]} testId="my-order-status">
          {t(ORDER_STATUS_LABELS[o.status])}
        </Badge>
      </div>
      <p style={note}>
        {t(SERVICE_KIND_LABELS[o.kind])} · {tx(o.org.name)}
      </p>
      <p style={{ margin: '4px 0 0' }}>
        {tx(o.place)} · {t('期望 {date}', { date: date(o.wantedOn) })}
      </p>
      {o.team ? (
        <p style={{ margin: '4px 0 0' }}>
          {t('服务队')}：{tx(o.team.name)}
          {o.volunteer ? ` · ${t('志愿者')}：${tx(o.volunteer.name)}` : ''}
        </p>
      ) : null}
      {o.minutes !== null ? (
        <p style={{ margin: '4px 0 0' }}>
          {t('服务时长')}：<Hours minutes={o.minutes} />
        </p>
      ) : null}
      {o.note ? (
        <p style={note}>
          {t('服务情况')}：{tx(o.note)}
        </p>
      ) : null}
      {o.declineReason ? (
        <p style={{ margin: '4px 0 0', color: '#a8071a' }}>
          {t('未受理原因')}：{tx(o.declineReason)}
        </p>
      ) : null}
      {o.rating !== null ? (
        <p style={{ margin: '8px 0 0' }} data-testid="my-order-rating">
          {t('我的评价：{n} 星', { n: o.rating })}
          {o.comment ? ` · ${tx(o.comment)}` : ''}
        </p>
      ) : null}
      {o.status === 'done' ? <RatingForm o={o} /> : null}
      <Problem message={problem} />
      {(o.status === 'ordered' || o.status === 'dispatched') && !confirming ? (
        <Actions>
          <Button style={{ flex: 1 }} onClick={() => setConfirming(true)} data-testid="my-order-cancel">
            {t('取消点单')}
          </Button>
        </Actions>
      ) : null}
      {confirming ? (
        <div style={{ marginTop: 12 }}>
          <p style={{ margin: 0 }}>{t('确定取消这次点单吗？')}</p>
          <Actions>
            <Button color="danger" style={{ flex: 1 }} loading={cancel.isPending} onClick={() => void doCancel()} data-testid="my-order-cancel-confirm">
              {t('确定取消')}
            </Button>
            <Button style={{ flex: 1 }} onClick={() => setConfirming(false)}>
              {t('不取消')}
            </Button>
          </Actions>
        </div>
      ) : null}
    </section>
  );
}

export function OrdersPage() {
  const { t } = useI18n();
  const q = useMyOrders();
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed title="群众点单" error={q.error} />;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('群众点单')}</h1>
      <OrderForm />
      <h2 style={heading}>{t('我点的服务')}</h2>
      {q.data.items.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('还没有点过服务')}</p> : null}
      {q.data.items.map((o) => (
        <OrderCard key={o.id} o={o} />
      ))}
      <Link
        to="/volunteers"
        className="nj-tap"
        style={{ ...panel, display: 'flex', alignItems: 'center', justifyContent: 'space-between', color: '#1a1a1a', textDecoration: 'none' }}
      >
        <span>{t('我也想当志愿者')}</span>
        <span aria-hidden="true">›</span>
      </Link>
    </div>
  );
}
