/**
 * 扫码发放 at one point: scan the pick-up card (or type the ID number), check the person, 确认发放.
 * The confirmation carries what found the person as its evidence: the scanned code, or the typed
 * ID number (the server checks either against the beneficiary); staff who may enter paper sheets
 * can instead confirm against a signed sheet's number.
 * One idempotency key per lookup: a retry after a network failure sends the same key, so a
 * hand-out is never written twice; a second phone gets 409 with who received it, shown large.
 */
import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Result, Space, Typography } from 'antd';
import { QR_PREFIX, type Evidence } from '../campaigns.contract.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { CheckCircleFilled, LeftOutlined, ScanOutlined, WarningFilled } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Loading } from '../../../web/components/QueryState.tsx';
import { money } from '../../../web/components/money.ts';
import { campaignKeys, confirmHandout, lookupCode, newKey, type ConfirmView, type LookupResult, type PointView } from './campaigns.api.ts';
import { PersonCard } from './PersonCard.tsx';
import { QrScanner } from './QrScanner.tsx';

const BIG = { height: 56, fontSize: 18 } as const;

type Stage =
  | { kind: 'idle' }
  | { kind: 'scanning' }
  | { kind: 'found'; person: LookupResult; evidence: Evidence }
  | { kind: 'done'; result: ConfirmView; person: LookupResult };

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

  const refreshPoint = useCallback(() => {
    void qc.invalidateQueries({ queryKey: campaignKeys.point(point.id) });
    void qc.invalidateQueries({ queryKey: campaignKeys.mine });
    void qc.invalidateQueries({ queryKey: campaignKeys.one(point.campaignId) });
  }, [qc, point.id, point.campaignId]);

  const lookup = async (raw: string) => {
    const value = raw.trim();
    if (!value) return setError({ text: t('请扫码或输入证件号'), conflict: false });
    setBusy('lookup');
    setError(null);
    try {
      const person = await lookupCode(point.id, value);
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

  if (stage.kind === 'scanning') {
    return (
      <QrScanner
        onCode={(c) => {
          setStage({ kind: 'idle' });
          void lookup(c);
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

  if (stage.kind === 'found') {
    const b = stage.person;
    const blocked = b.received >= b.maxPerPerson || point.campaignStatus !== 'running' || b.warnings.some((w) => w.startsWith('已排除'));
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
            onPressEnter={() => void lookup(code)}
            placeholder={t('身份证号或领取码')}
            maxLength={80}
            autoComplete="off"
            style={{ height: 52, fontSize: 17 }}
            data-testid="code-input"
          />
          <Button
            type="primary"
            size="large"
            style={{ height: 52, fontSize: 17 }}
            loading={busy === 'lookup'}
            onClick={() => void lookup(code)}
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
