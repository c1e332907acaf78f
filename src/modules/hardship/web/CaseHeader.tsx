/**
 * The head of a 困难职工档案: who, status and category with the sentence that explains it, and
 * the lifecycle buttons the server's `can` offers; a step runs after its confirmation (with a
 * written reason where the server needs one). Steps the four-eyes rule keeps from this account
 * (it filed the file) show disabled, with the server's reason.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Space, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { CASE_ACTION_LABELS, CASE_SOURCE_LABELS, CASE_STATUS_LABELS, type CaseAction } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { validFields } from '../../../web/components/forms.ts';
import { useTransition, type CaseView } from './hardship.api.ts';
import { categoryLabel, CATEGORY_COLORS, kindLabel, STATUS_COLORS } from './labels.ts';

export function CaseHeader({ c, onFollowUp }: { c: CaseView; onFollowUp: () => void }) {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const [action, setAction] = useState<CaseAction | null>(null);
  const refused = c.can.refused;
  const overridden = c.kind === 'full' && c.computedCategory !== c.category;

  return (
    <>
      <Card variant="borderless" style={{ marginBottom: 16 }} data-testid="case-header">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0 }}>
            <Space size={8} align="center" wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-name">
                {tx(c.name)}
              </Typography.Title>
              <Tag color={STATUS_COLORS[c.status]} data-testid="case-status">
                {t(CASE_STATUS_LABELS[c.status])}
              </Tag>
              <Tag color={CATEGORY_COLORS[c.category]} data-testid="case-category">
                {t(categoryLabel(c.category))}
              </Tag>
              {c.kind === 'temporary' ? <Tag>{t(kindLabel(c.kind))}</Tag> : null}
              {c.source === 'worker' ? <Tag data-testid="case-source">{t(CASE_SOURCE_LABELS.worker)}</Tag> : null}
              {c.relapsed ? <Tag color="volcano">{t('返困')}</Tag> : null}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {t('档案号')} <span style={{ fontFamily: 'monospace' }}>{c.caseNo}</span> · {tx(c.orgName)} · {t('建档日期')} {date(c.filedOn)}
                {c.status === 'noticed' && c.noticeEndsOn ? (
                  <span data-testid="notice-ends">
                    {' · '}
                    {t('公示至{d}，期满后方可审批建档', { d: date(c.noticeEndsOn) })}
                  </span>
                ) : null}
              </Typography.Text>
            </div>
            <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="case-explanation">
              {tx(c.explanation)}
            </Typography.Paragraph>
            {c.statement ? (
              <Typography.Paragraph style={{ margin: 0 }} data-testid="case-statement">
                {t('职工自述：{s}', { s: tx(c.statement) })}
              </Typography.Paragraph>
            ) : null}
            {overridden ? (
              <Typography.Paragraph type="warning" style={{ margin: 0 }}>
                {t('按规则认定为“{computed}”，已人工调整为“{category}”。理由：{reason}', {
                  computed: c.computedCategory === 'none' ? t('不符合认定条件') : t(categoryLabel(c.computedCategory)),
                  category: t(categoryLabel(c.category)),
                  reason: tx(c.overrideReason) || '—',
                })}
              </Typography.Paragraph>
            ) : null}
          </div>
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
              {t('返回')}
            </Button>
            {refused.map((r) => (
              <Tooltip key={r.action} title={tx(r.reason)}>
                <Button type="primary" disabled data-testid={`action-${r.action}-blocked`}>
                  {t(CASE_ACTION_LABELS[r.action])}
                </Button>
              </Tooltip>
            ))}
            {c.can.followUp ? (
              <Button icon={<PhoneOutlined />} onClick={onFollowUp} data-testid="add-followup">
                {t('登记回访')}
              </Button>
            ) : null}
            {c.can.actions.map((a) => (
              <Button
                key={a}
                type={a === 'close' || a === 'exit' ? 'default' : 'primary'}
                danger={a === 'close'}
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {t(CASE_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
        </Flex>
        {refused.length ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={tx(refused[0]!.reason)} data-testid="four-eyes" /> : null}
      </Card>
      <CaseActionModal c={c} action={action} onClose={() => setAction(null)} />
    </>
  );
}

/** Steps that need a written reason (the server refuses them without one). */
const NEEDS_REASON: CaseAction[] = ['exit', 'reopen', 'close'];
const CONFIRM: Record<CaseAction, string> = {
  verify: '确认已完成入户核查和数据比对，核查通过吗？',
  notice: '公示名单只显示姓氏，确定开始公示吗？',
  approve: '审批后正式建档，可以录入帮扶记录。确定审批建档吗？',
  exit: '请说明解困脱困的情况，档案将转入已脱困库。',
  reopen: '请说明返困的原因，档案将重新进入帮扶。',
  close: '请说明销档原因（如退休、调离、死亡、核查不实）。销档后不能恢复。',
  promote: '临时救助档案将转为困难职工档案，重新进入核查、公示和审批。确定转档吗？',
};

function CaseActionModal({ c, action, onClose }: { c: CaseView; action: CaseAction | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const transition = useTransition();
  const [reasonForm] = Form.useForm<{ reason?: string }>();
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    if (!action) return;
    reasonForm.resetFields();
    setActionError(null);
  }, [action, reasonForm]);

  const runAction = async () => {
    if (!action) return;
    const values = NEEDS_REASON.includes(action) ? await validFields(reasonForm) : { reason: undefined };
    if (!values) return;
    const { reason } = values;
    try {
      await transition.mutateAsync({ id: c.id, action, reason: reason?.trim() || null, version: c.version });
      message.success(t('已{action}', { action: t(CASE_ACTION_LABELS[action]) }));
      onClose();
    } catch (err) {
      setActionError(
        err instanceof ApiError
          ? tx(err.fields[0]?.message && err.status === 400 ? `${err.message}：${err.fields[0].message}` : err.message)
          : t('操作失败，请稍后重试'),
      );
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? t(CASE_ACTION_LABELS[action]) : ''}
      okText={t('确定')}
      cancelText={t('取消')}
      okButtonProps={{ danger: action === 'close', loading: transition.isPending, 'data-testid': 'action-ok' } as ButtonProps}
      onOk={runAction}
      onCancel={onClose}
      destroyOnHidden
    >
      {action ? <Typography.Paragraph>{t(CONFIRM[action])}</Typography.Paragraph> : null}
      {action && NEEDS_REASON.includes(action) ? (
        <Form form={reasonForm} layout="vertical" name="caseAction">
          <Form.Item label={t('说明')} name="reason" rules={[{ required: true, whitespace: true, message: t('请填写说明') }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      ) : null}
      {actionError ? <Alert type="error" showIcon title={actionError} data-testid="action-error" /> : null}
    </Modal>
  );
}
