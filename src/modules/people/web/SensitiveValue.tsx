/**
 * A masked ID number or phone with 查看: the full value is fetched for a stated reason (an audit
 * entry on the server) and shown in this view only — leaving the page hides it again.
 */
import { useState } from 'react';
import { Button, Space, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { RevealInput } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { ReasonModal } from './ReasonModal.tsx';
import { useReveal, type RevealField } from './people.api.ts';

const REVEAL_REASONS = ['核实身份', '发放慰问', '联系本人', '办理会籍业务', '核对重复档案'];

interface Props {
  personId: number;
  field: RevealField;
  masked: string | null;
  canReveal: boolean;
  /** The value already revealed in this view (kept by the page, so it survives tab switches). */
  revealed: string | null | undefined;
  onRevealed: (value: string | null | undefined) => void;
  /** A second showing of the same value (the 基本信息 tab): no buttons, no test ids. */
  plain?: boolean;
}

export function SensitiveValue({ personId, field, masked, canReveal, revealed, onRevealed, plain }: Props) {
  const { t } = useI18n();
  const reveal = useReveal();
  const [asking, setAsking] = useState(false);
  const label = field === 'idNumber' ? '证件号码' : '手机号';
  const shown = revealed !== undefined;

  if (!masked && !shown) return <Typography.Text type="secondary">—</Typography.Text>;
  if (plain) {
    return (
      <Typography.Text style={{ fontFamily: 'monospace' }} copyable={shown && revealed ? { text: revealed } : false}>
        {shown ? (revealed ?? '—') : masked}
      </Typography.Text>
    );
  }

  return (
    <Space size={4} data-testid={`sensitive-${field}`}>
      <Typography.Text
        style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
        copyable={shown && revealed ? { text: revealed } : false}
        data-testid={`value-${field}`}
      >
        {shown ? (revealed ?? '—') : masked}
      </Typography.Text>
      {canReveal &&
        (shown ? (
          <Tooltip title={t('隐藏')}>
            <Button type="link" size="small" icon={<EyeInvisibleOutlined />} aria-label={t('隐藏')} onClick={() => onRevealed(undefined)} />
          </Tooltip>
        ) : (
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid={`reveal-${field}`}>
            {t('查看')}
          </Button>
        ))}
      <ReasonModal<{ reason: string }>
        name={`reveal_${field}`}
        open={asking}
        title={field === 'idNumber' ? t('查看完整证件号码') : t('查看完整手机号')}
        okText={t('查看')}
        reasonLabel="查看原因"
        reasonSchema={RevealInput.shape.reason}
        presets={REVEAL_REASONS}
        intro={t('查看{what}将记入审计日志（谁、何时、为何查看）；完整号码只在本页显示，离开页面即隐藏。', { what: t(label) })}
        onClose={() => setAsking(false)}
        onSubmit={async ({ reason }) => {
          const r = await reveal.mutateAsync({ id: personId, field, reason });
          onRevealed(r.value);
        }}
      />
    </Space>
  );
}
