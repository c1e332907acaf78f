/**
 * 扫码发放 at one point: scan the pick-up card (or type the ID number), check the person, 确认发放.
 * The confirmation carries what found the person as its evidence: the scanned code, or the typed
 * ID number (the server checks either against the beneficiary); staff who may enter paper sheets
 * can instead confirm against a signed sheet's number.
 * One idempotency key per lookup: a retry after a network failure sends the same key, so a
 * hand-out is never written twice; a second phone gets 409 with who received it, shown large.
 * After a hand-out the success screen stays NEXT_AFTER_MS, then the phone is ready for the next
 * person by itself: the camera opens again (the card just served is not read again at once), or the
 * ID number field takes the focus. A card another point serves says where its holder should go.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Result, Space, Typography, type InputRef } from 'antd';
import { QR_PREFIX, type Evidence } from '../campaigns.contract.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { CheckCircleFilled, EnvironmentOutlined, LeftOutlined, ScanOutlined, WarningFilled } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Loading } from '../../../web/components/QueryState.tsx';
import { money } from '../../../web/components/money.ts';
import {
  campaignKeys,
  confirmHandout,
  lookupCode,
  newKey,
  type ConfirmView,
  type LookupElsewhere,
  type LookupResult,
  type PointView,
} from './campaigns.api.ts';
import { PersonCard } from './PersonCard.tsx';
import { QrScanner } from './QrScanner.tsx';

const BIG = { height: 56, fontSize: 18 } as const;
/** How long the success screen stays before the phone is ready for the next person. */
const NEXT_AFTER_MS = 1500;
/** The card just served, read again by the reopened camera within this time, is passed over. */
const SAME_CARD_MS = 4000;

type Stage =
  | { kind: 'idle' }
  | { kind: 'scanning' }
  | { kind: 'found'; person: LookupResult; evidence: Evidence }
  | { kind: 'done'; result: ConfirmView; person: LookupResult }
  | { kind: 'elsewhere'; answer: LookupElsewhere };

/** What found the person proves the hand-out: a card's code, or the ID number as typed. */
function evidenceOf(value: string): Evidence {
  return value.toUpperCase().startsWith(`${QR_PREFIX}-`) ? { kind: 'qr', code: value } : { kind: 'id_number', idNumber: value };
}

export function ScanMode({ point }: { point: PointView }) {
  const { t, tx, dateTime } = useI18n();
  const { has } = usePermissions();
  const qc = useQueryClient();
  const [sheetRef, setSheetRef] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState<'lookup' | 'confirm' | null>(null);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const key = useRef<string>('');
  // How the last person was found (the next one likely the same way), and the card just served.
  const source = useRef<'camera' | 'typed'>('typed');
  const served = useRef<{ code: string; at: number } | null>(null);
  const input = useRef<InputRef>(null);
  const focusInput = useRef(false);

  const refreshPoint = useCallback(() => {
    void qc.invalidateQueries({ queryKey: campaignKeys.point(point.id) });
    void qc.invalidateQueries({ queryKey: campaignKeys.mine });
    void qc.invalidateQueries({ queryKey: campaignKeys.one(point.campaignId) });
  }, [qc, point.id, point.campaignId]);

  const lookup = async (raw: string, from: 'camera' | 'typed') => {
    const value = raw.trim();
    if (!value) return setError({ text: t('请扫码或输入证件号'), conflict: false });
    source.current = from;
    setBusy('lookup');
    setError(null);
    try {
      const person = await lookupCode(point.id, value);
      if ('kind' in person) {
        setStage({ kind: 'elsewhere', answer: person });
        setCode('');
        return;
      }
      key.current = newKey();
      setSheetRef(null);
      setStage({ kind: 'found', person, evidence: evidenceOf(value) });
      setCode('');
    } catch (err) {
      setStage({ kind: 'idle' });
      setError({ text: err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('查询失败，请重试'), conflict: false });
    } finally {
      setBusy(null);
    }
  };

  /** Sends the hand-out; network failures are retried with the same key (the server writes it once). */
  const confirm = async (person: LookupResult, evidence: Evidence) => {
    if (evidence.kind === 'paper' && !evidence.sheetRef.trim()) return setError({ text: t('请填写签领表编号'), conflict: false });
    setBusy('confirm');
    setError(null);
    const delays = [0, 600, 1500, 3000];
    let last: unknown;
    for (const d of delays) {
      if (d) await new Promise((r) => setTimeout(r, d));
      try {
        const result = await confirmHandout(point.id, person.beneficiaryId, evidence, key.current);
        if (evidence.kind === 'qr') served.current = { code: evidence.code, at: Date.now() };
        setStage({ kind: 'done', result, person });
        setBusy(null);
        refreshPoint();
        return;
      } catch (err) {
        last = err;
        if (!(err instanceof ApiError) || (err.status !== 0 && err.status < 500)) break;
      }
    }
    setBusy(null);
    if (last instanceof ApiError && last.status === 409) {
      setError({ text: tx(last.message), conflict: true });
      refreshPoint();
    } else if (last instanceof ApiError && last.status !== 0 && last.status < 500) {
      setError({ text: tx(last.message), conflict: false });
    } else {
      setError({ text: t('网络不稳定，未能确认是否发放成功。请再点一次“确认发放”，不会重复登记。'), conflict: false });
    }
  };

  const reset = () => {
    setStage({ kind: 'idle' });
    setError(null);
    key.current = '';
  };

  /** Ready for the next person the way the last one came: the camera, or the ID number field. */
  const next = () => {
    reset();
    if (source.current === 'camera') setStage({ kind: 'scanning' });
    else focusInput.current = true;
  };
  const nextRef = useRef(next);
  nextRef.current = next;

  useEffect(() => {
    if (stage.kind !== 'done') return;
    const timer = setTimeout(() => nextRef.current(), NEXT_AFTER_MS);
    return () => clearTimeout(timer);
  }, [stage]);

  useEffect(() => {
    if (stage.kind === 'idle' && focusInput.current) {
      focusInput.current = false;
      input.current?.focus();
    }
  }, [stage]);

  if (stage.kind === 'scanning') {
    return (
      <QrScanner
        skip={(c) => served.current !== null && c === served.current.code && Date.now() - served.current.at < SAME_CARD_MS}
        onCode={(c) => {
          setStage({ kind: 'idle' });
          void lookup(c, 'camera');
        }}
        onClose={() => setStage({ kind: 'idle' })}
      />
    );
  }

  const errorBox = error ? (
    error.conflict ? (
      <div data-testid="confirm-error" style={{ padding: 16, borderRadius: 8, background: '#fff1f0', border: '2px solid #ff4d4f', textAlign: 'center' }}>
        <Typography.Text strong style={{ fontSize: 22, color: '#cf1322', display: 'block' }}>
          <WarningFilled /> {t('已领取，不能重复发放')}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 16 }}>{error.text}</Typography.Text>
      </div>
    ) : (
      <Alert type="error" showIcon title={<span style={{ fontSize: 16 }}>{error.text}</span>} data-testid="distribute-error" />
    )
  ) : null;

  if (stage.kind === 'done') {
    const r = stage.result;
    return (
      <Card data-testid="confirm-done">
        <Result
          icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
          title={<span style={{ fontSize: 26 }}>{r.created ? t('发放成功') : t('已登记（重复提交未重复记录）')}</span>}
          subTitle={
            <span style={{ fontSize: 16 }}>
              {t('{name} · {pkg} · {amount}', { name: tx(r.name), pkg: tx(r.packageName), amount: money(r.amountFen) })}
              <br />
              {t('{at} 经办人 {handler}', { at: dateTime(r.at), handler: tx(r.handler) })}
            </span>
          }
          style={{ padding: '16px 0' }}
        />
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', marginBottom: 12 }}>
          {source.current === 'camera' ? t('稍后自动打开摄像头，扫下一位') : t('稍后自动回到输入框，录入下一位')}
        </Typography.Text>
        <Button
          type="primary"
          size="large"
          block
          icon={<ScanOutlined />}
          style={BIG}
          onClick={() => {
            reset();
            setStage({ kind: 'scanning' });
          }}
          data-testid="scan-next"
        >
          {t('扫下一位')}
        </Button>
        <Button size="large" block style={{ ...BIG, marginTop: 12 }} onClick={reset}>
          {t('输入证件号')}
        </Button>
      </Card>
    );
  }

  if (stage.kind === 'elsewhere') return <Elsewhere answer={stage.answer} onNext={next} />;

  if (stage.kind === 'found') {
    const b = stage.person;
    const blocked = b.received >= b.maxPerPerson || point.campaignStatus !== 'running' || !!b.dateRefusal || b.warnings.some((w) => w.startsWith('已排除'));
    const evidence: Evidence = sheetRef !== null ? { kind: 'paper', sheetRef } : stage.evidence;
    return (
      <Flex vertical gap={12}>
        <PersonCard person={b} />
        <Typography.Text type="secondary" data-testid="evidence-kind">
          {evidence.kind === 'qr'
            ? t('凭据：已扫描领取码')
            : evidence.kind === 'id_number'
              ? t('凭据：已核验身份证号')
              : t('凭据：纸质签领单（须本人已在签领单上签字）')}
        </Typography.Text>
        {has('campaign:paper') &&
          (sheetRef === null ? (
            <Button type="link" style={{ alignSelf: 'flex-start', padding: 0 }} onClick={() => setSheetRef('')} data-testid="use-paper">
              {t('改为凭纸质签领单确认')}
            </Button>
          ) : (
            <Input
              size="large"
              value={sheetRef}
              onChange={(e) => setSheetRef(e.target.value)}
              placeholder={t('签领表编号')}
              aria-label={t('签领表编号')}
              maxLength={40}
              data-testid="sheet-ref"
            />
          ))}
        {errorBox}
        {!error?.conflict && (
          <Button
            type="primary"
            size="large"
            block
            disabled={blocked}
            loading={busy === 'confirm'}
            onClick={() => void confirm(b, evidence)}
            style={{ height: 64, fontSize: 22, fontWeight: 600 }}
            data-testid="confirm-handout"
          >
            {blocked && b.received >= b.maxPerPerson ? t('已领取，不能重复发放') : t('确认发放')}
          </Button>
        )}
        <Button size="large" block style={BIG} onClick={reset} icon={<LeftOutlined />}>
          {t('返回，扫下一位')}
        </Button>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Button
        type="primary"
        size="large"
        block
        icon={<ScanOutlined style={{ fontSize: 28 }} />}
        style={{ height: 96, fontSize: 24, fontWeight: 600 }}
        onClick={() => {
          setError(null);
          setStage({ kind: 'scanning' });
        }}
        data-testid="scan-button"
      >
        {t('扫码')}
      </Button>
      <Card styles={{ body: { padding: 14 } }}>
        <Typography.Text type="secondary">{t('无法扫码时，输入身份证号或领取卡上的编码：')}</Typography.Text>
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input
            size="large"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={() => void lookup(code, 'typed')}
            placeholder={t('身份证号或领取码')}
            maxLength={80}
            autoComplete="off"
            ref={input}
            style={{ height: 52, fontSize: 17 }}
            data-testid="code-input"
          />
          <Button
            type="primary"
            size="large"
            style={{ height: 52, fontSize: 17 }}
            loading={busy === 'lookup'}
            onClick={() => void lookup(code, 'typed')}
            data-testid="code-lookup"
          >
            {t('查询')}
          </Button>
        </Space.Compact>
      </Card>
      {busy === 'lookup' && <Loading>{t('正在查询…')}</Loading>}
      {errorBox}
    </Flex>
  );
}

/** A card of this campaign whose holder another point serves: where to send them, large. */
function Elsewhere({ answer, onNext }: { answer: LookupElsewhere; onNext: () => void }) {
  const { t, tx, date } = useI18n();
  const [first, ...others] = answer.points;
  const days = (p: LookupElsewhere['points'][number]) =>
    p.opensOn && p.closesOn
      ? t('{from}至{to}', { from: date(p.opensOn), to: date(p.closesOn) })
      : p.opensOn
        ? t('{d}起', { d: date(p.opensOn) })
        : p.closesOn
          ? t('至{d}', { d: date(p.closesOn) })
          : null;
  const facts = (p: LookupElsewhere['points'][number]) => (
    <Flex vertical gap={2} style={{ fontSize: 15 }}>
      <span>{t('地址：{address}', { address: tx(p.address ?? p.orgName) })}</span>
      {p.hours && <span>{t('开放时间：{hours}', { hours: tx(p.hours) })}</span>}
      {days(p) && <span>{t('开放日期：{days}', { days: days(p)! })}</span>}
    </Flex>
  );
  return (
    <Flex vertical gap={12} data-testid="lookup-elsewhere">
      <Card styles={{ body: { padding: 16 } }} style={{ border: '2px solid #faad14', background: '#fffbe6' }}>
        <Typography.Text strong style={{ fontSize: 20, display: 'block', marginBottom: 8 }}>
          <EnvironmentOutlined style={{ color: '#d48806' }} /> {t('该职工不在本发放点领取')}
        </Typography.Text>
        {answer.person && (
          <Typography.Text style={{ display: 'block', fontSize: 15, marginBottom: 8 }} data-testid="elsewhere-person">
            {t('{name}（{id}），{org}', { name: tx(answer.person.name), id: answer.person.idMasked, org: tx(answer.person.orgName) })}
          </Typography.Text>
        )}
        {first ? (
          <div data-testid="elsewhere-point">
            <Typography.Text strong style={{ fontSize: 18, display: 'block', marginBottom: 4 }}>
              {t('该职工应到「{point}」领取', { point: tx(first.name) })}
            </Typography.Text>
            {facts(first)}
          </div>
        ) : (
          <Typography.Text style={{ fontSize: 16 }}>{t('本活动尚未设立服务该职工所在工会的发放点，请联系活动主办单位。')}</Typography.Text>
        )}
        {others.length > 0 && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('也可到：')}</Typography.Text>
            {others.map((p) => (
              <div key={p.id} style={{ marginTop: 6 }}>
                <Typography.Text strong>「{tx(p.name)}」</Typography.Text>
                {facts(p)}
              </div>
            ))}
          </div>
        )}
      </Card>
      <Button type="primary" size="large" block style={BIG} icon={<ScanOutlined />} onClick={onNext} data-testid="elsewhere-next">
        {t('下一位')}
      </Button>
    </Flex>
  );
}
