/**
 * 会员卡核验 on a staff phone, full width without the desk frame: scan a worker's 电子会员卡 with the
 * camera (the scan page's QrScanner) or paste its code, and read the answer — a valid card with the
 * member's name, union, member number and state (only the union and state for a member of another
 * subtree), or why the code is refused: expired (a screenshot, an old code) or not issued here.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Input, Result, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { LogoMark } from '../../../web/components/Logo.tsx';
import { LanguageSwitch } from '../../../web/components/LanguageSwitch.tsx';
import { QrScanner } from '../../campaigns/web/QrScanner.tsx';
import type { CardVerifyResult } from '../card.contract.ts';
import { useVerifyCard } from './card.api.ts';
import { useI18n } from './i18n.ts';

function Verdict({ r }: { r: CardVerifyResult }) {
  const { t, tx, date } = useI18n();
  const member = r.state === 'member';
  return (
    <Result
      data-testid="card-verdict"
      status={member ? 'success' : 'warning'}
      title={member ? t('有效会员卡') : t('会员卡有效，但会籍状态为「{state}」', { state: tx(r.stateLabel) })}
      subTitle={r.scope === 'outside' ? t('该会员不在本单位及下级工会，只显示所属工会与会籍状态') : undefined}
      style={{ padding: '16px 0' }}
    >
      <Descriptions column={1} size="small" bordered>
        {r.name && <Descriptions.Item label={t('姓名')}>{<span data-testid="verdict-name">{tx(r.name)}</span>}</Descriptions.Item>}
        <Descriptions.Item label={t('所属工会')}>{<span data-testid="verdict-org">{tx(r.orgName)}</span>}</Descriptions.Item>
        {r.memberNo && <Descriptions.Item label={t('会员编号')}>{r.memberNo}</Descriptions.Item>}
        {r.joinedOn && <Descriptions.Item label={t('入会日期')}>{date(r.joinedOn)}</Descriptions.Item>}
        <Descriptions.Item label={t('会籍状态')}>{<span data-testid="verdict-state">{tx(r.stateLabel)}</span>}</Descriptions.Item>
      </Descriptions>
    </Result>
  );
}

export function CardVerifyPage() {
  const { t, tx } = useI18n();
  const [scanning, setScanning] = useState(false);
  const [typed, setTyped] = useState('');
  const verify = useVerifyCard();
  const check = (code: string) => {
    setScanning(false);
    verify.mutate(code.trim());
  };
  const message = verify.error ? tx(verify.error.message) : '';
  const refusal = verify.error?.message.startsWith('会员码已过期') ? t('会员码已过期') : t('会员码无效');
  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Flex align="center" gap={10} style={{ height: 52, padding: '0 12px', background: '#d9363e', color: '#fff', position: 'sticky', top: 0, zIndex: 10 }}>
        <Link to="/" aria-label={t('返回首页')} style={{ background: '#fff', borderRadius: 8, padding: 2, lineHeight: 0 }}>
          <LogoMark size={26} />
        </Link>
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, flex: 1 }} data-testid="card-verify-title">
          {t('会员卡核验')}
        </Typography.Text>
        <LanguageSwitch dark short />
      </Flex>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>
        <Card>
          {scanning ? (
            <QrScanner onCode={check} onClose={() => setScanning(false)} hint={t('将职工手机上的会员码放入框内')} />
          ) : (
            <Flex vertical gap={12}>
              <Button
                type="primary"
                size="large"
                icon={<ScanOutlined />}
                block
                style={{ height: 56, fontSize: 18 }}
                onClick={() => {
                  verify.reset();
                  setScanning(true);
                }}
                data-testid="card-scan"
              >
                {t('扫描会员码')}
              </Button>
              <Flex gap={8}>
                <Input
                  size="large"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  onPressEnter={() => typed.trim() && check(typed)}
                  placeholder={t('或粘贴会员码')}
                  aria-label={t('会员码')}
                  data-testid="card-code-input"
                />
                <Button size="large" onClick={() => check(typed)} disabled={!typed.trim()} loading={verify.isPending} data-testid="card-code-check">
                  {t('核验')}
                </Button>
              </Flex>
              <Typography.Text type="secondary">{t('会员码一分钟内有效：截图或旧码会被拒绝。')}</Typography.Text>
            </Flex>
          )}
          {verify.data && <Verdict r={verify.data} />}
          {verify.error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={refusal} description={message} data-testid="card-refused" />}
        </Card>
      </div>
    </div>
  );
}
