/**
 * 健康体检 on the phone: the check-up programmes open to me — pick a hospital, a day with places
 * left and, where offered, a package; read the notice on health data and agree; book. Then my
 * booking and, once the hospital's results are in, a summary (how many items, which need attention)
 * and the union's follow-up. Inline panels only, every state said in words.
 */
import { useState, type CSSProperties } from 'react';
import { Button, Checkbox, ErrorBlock, Selector, SpinLoading } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { BOOKING_STATUS_LABELS, FOLLOWUP_STATUS_LABELS, PACKAGE_GROUP_LABELS } from '../health.contract.ts';
import { useBook, useCancelBooking, useMyBookings, useMyProgrammes, type MyBooking, type WorkerProgramme } from './health.api.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';

const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
const note: CSSProperties = { margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' };

function messagesOf(err: unknown): string {
  if (err instanceof ApiError && err.fields.length) return [...new Set(err.fields.map((f) => f.message))].join('；');
  return err instanceof ApiError ? err.message : '操作失败，请稍后重试';
}

function Booking({ b }: { b: MyBooking }) {
  const { t, tx } = useI18n();
  const cancel = useCancelBooking();
  const [confirming, setConfirming] = useState(false);
  const cancellable = b.status === 'booked' && !b.results && b.day >= chinaToday();
  return (
    <div data-testid="health-my-booking">
      <p style={{ margin: '8px 0 0' }}>
        <strong>{tx(BOOKING_STATUS_LABELS[b.status])}</strong>：{tx(b.hospitalName)} {b.day}
        {b.packageName ? `（${tx(b.packageName)}）` : ''}
      </p>
      {b.hospitalAddress ? <p style={note}>{tx(b.hospitalAddress)}</p> : null}
      {b.results ? (
        <p style={{ margin: '8px 0 0' }} data-testid="health-my-result">
          {b.results.abnormal
            ? t('体检结果已出：共 {n} 项，{a} 项需要关注（{items}），请到医院复查或咨询医生。', {
                n: b.results.items,
                a: b.results.abnormal,
                items: b.results.abnormalItems.join('、'),
              })
            : t('体检结果已出：共 {n} 项，未见需要关注的项目。', { n: b.results.items })}
        </p>
      ) : (
        <p style={note}>{t('请按预约日期空腹到医院体检，带上身份证。')}</p>
      )}
      {b.followUp ? (
        <p style={note}>
          {t('工会随访')}：{tx(FOLLOWUP_STATUS_LABELS[b.followUp.status])}
        </p>
      ) : null}
      {cancellable && !confirming ? (
        <Button block size="middle" style={{ marginTop: 12 }} onClick={() => setConfirming(true)} data-testid="health-cancel">
          {t('取消预约')}
        </Button>
      ) : null}
      {confirming ? (
        <div style={{ marginTop: 12 }} data-testid="health-cancel-confirm">
          <p style={{ margin: 0 }}>{t('确定取消这次预约吗？名额将让给其他职工，您可以另约日期。')}</p>
          {cancel.isError ? (
            <p style={{ ...note, color: '#c00' }} role="alert">
              {tx(messagesOf(cancel.error))}
            </p>
          ) : null}
          <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            <Button color="danger" style={{ flex: 1 }} loading={cancel.isPending} onClick={() => cancel.mutate(b.id)} data-testid="health-cancel-yes">
              {t('确定取消')}
            </Button>
            <Button style={{ flex: 1 }} onClick={() => setConfirming(false)}>
              {t('不取消')}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function BookForm({ g }: { g: WorkerProgramme }) {
  const { t, tx } = useI18n();
  const book = useBook();
  const [hospitalId, setHospitalId] = useState<number | undefined>(g.hospitals[0]?.id);
  const [slotId, setSlotId] = useState<number>();
  const [packageId, setPackageId] = useState<number>();
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const slots = g.slots.filter((s) => s.hospitalId === hospitalId);
  const packages = g.packages.filter((p) => p.hospitalId === hospitalId);
  const submit = async () => {
    setProblem(null);
    if (!slotId) return setProblem(t('请选择体检日期'));
    if (!consent) return setProblem(t('请阅读并同意《体检健康信息处理告知书》后再预约'));
    try {
      await book.mutateAsync({ programmeId: g.id, slotId, packageId: packageId ?? null, consent: true });
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <div>
      {g.hospitals.length > 1 ? (
        <>
          <p style={{ margin: '12px 0 4px' }}>{t('体检医院')}</p>
          <Selector
            columns={1}
            value={hospitalId ? [hospitalId] : []}
            onChange={(v) => (setHospitalId(v[0]), setSlotId(undefined), setPackageId(undefined))}
            options={g.hospitals.map((h) => ({ value: h.id, label: h.name, description: h.address ?? undefined }))}
          />
        </>
      ) : null}
      <p style={{ margin: '12px 0 4px' }}>{t('体检日期')}</p>
      {slots.length ? (
        <Selector
          columns={2}
          value={slotId ? [slotId] : []}
          onChange={(v) => setSlotId(v[0])}
          options={slots.map((s) => ({
            value: s.id,
            label: s.day,
            description: s.booked >= s.capacity ? t('已约满') : t('剩 {n} 个', { n: s.capacity - s.booked }),
            disabled: s.booked >= s.capacity,
          }))}
          data-testid="health-slots"
        />
      ) : (
        <p style={note}>{t('暂无可预约的日期')}</p>
      )}
      {packages.length ? (
        <>
          <p style={{ margin: '12px 0 4px' }}>{t('体检套餐（选填）')}</p>
          <Selector
            columns={1}
            value={packageId ? [packageId] : []}
            onChange={(v) => setPackageId(v[0])}
            options={packages.map((p) => ({ value: p.id, label: `${p.name}（${tx(PACKAGE_GROUP_LABELS[p.group])}）`, description: p.examItems }))}
          />
        </>
      ) : null}
      <div style={{ ...panel, background: '#f6f6f6', marginTop: 12 }}>
        <p style={{ margin: 0, fontSize: 'var(--nj-small)' }}>
          {t(
            '《体检健康信息处理告知书》：您的体检结果属于敏感个人信息。医院将结果交给工会，仅用于安排复查和随访；工会查看均有记录，统计只用人数，不对外提供。',
          )}
        </p>
        <Checkbox checked={consent} onChange={setConsent} style={{ marginTop: 8 }} data-testid="health-consent">
          {t('我已阅读并同意')}
        </Checkbox>
      </div>
      {problem ? (
        <p role="alert" data-testid="health-error" style={{ color: '#a8071a', margin: '8px 0' }}>
          {tx(problem)}
        </p>
      ) : null}
      <Button block color="primary" size="large" loading={book.isPending} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="health-book">
        {t('预约体检')}
      </Button>
    </div>
  );
}

export function HealthPage() {
  const { t, tx } = useI18n();
  const list = useMyProgrammes();
  const mine = useMyBookings();
  if (list.isPending) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
      </div>
    );
  }
  if (list.isError) return <ErrorBlock status="default" title={t('加载失败')} description={tx(messagesOf(list.error))} />;
  const programmeIds = new Set(list.data.map((g) => g.id));
  const past = (mine.data ?? []).filter((b) => !programmeIds.has(b.programmeId));
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('健康体检')}</h1>
      {!list.data.length && !past.length ? <p style={note}>{t('目前没有您可以预约的体检项目')}</p> : null}
      {list.data.map((g) => (
        <section key={g.id} style={panel} data-testid="health-programme">
          <h2 style={{ fontSize: '1.1em', margin: 0 }}>{tx(g.title)}</h2>
          <p style={note}>{tx(g.orgName)}</p>
          {g.description ? <p style={note}>{tx(g.description)}</p> : null}
          {g.myBooking ? <Booking b={g.myBooking} /> : <BookForm g={g} />}
        </section>
      ))}
      {past.map((b) => (
        <section key={b.id} style={panel}>
          <h2 style={{ fontSize: '1.1em', margin: 0 }}>{tx(b.programmeTitle)}</h2>
          <Booking b={b} />
        </section>
      ))}
    </div>
  );
}
