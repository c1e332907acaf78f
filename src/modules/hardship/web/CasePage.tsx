/**
 * 困难职工档案: the category with the sentence that explains it, the household, the causes, the
 * audited view of finances and bank details, the lifecycle (buttons from the server's `can`), the
 * timeline, and the assistance records ("先建档、后帮扶").
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  type ButtonProps,
} from 'antd';
import { ArrowLeftOutlined, EyeOutlined, PlusOutlined, PhoneOutlined, UploadOutlined } from '@ant-design/icons';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, CAUSE_LABELS, FUND_SOURCE_LABELS, HOUSING_LABELS, type CaseAction } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';
import { validFields } from '../../../web/components/forms.ts';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { attachmentUrl, revealFinances, useCase, useTransition, type CaseView, type Finances } from './hardship.api.ts';
import { categoryLabel, CATEGORY_COLORS, kindLabel, STATUS_COLORS } from './labels.ts';
import { money } from '../../../web/components/money.ts';
import { AssistanceModal } from './AssistanceModal.tsx';
import { FollowupModal } from './FollowupModal.tsx';
import { AttachmentModal } from './AttachmentModal.tsx';

export function CasePage() {
  const { t } = useI18n();
  const id = useRouteId();
  const one = useCase(id);
  return (
    <DetailLoader
      id={id}
      query={one}
      notFound={{
        title: t('没有找到该困难职工档案'),
        subTitle: t('档案不存在，或不在您的管辖范围内。'),
        back: { to: '/hardship', label: t('返回困难职工台账') },
      }}
    >
      {(c) => <CaseDetail c={c} />}
    </DetailLoader>
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

function CaseDetail({ c }: { c: CaseView }) {
  const { t, tx, date, dateTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { has } = usePermissions();
  const transition = useTransition();
  const [action, setAction] = useState<CaseAction | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [reasonForm] = Form.useForm<{ reason?: string }>();
  const [revealOpen, setRevealOpen] = useState(false);
  const [revealForm] = Form.useForm<{ reason: string }>();
  const [revealing, setRevealing] = useState(false);
  const [finances, setFinances] = useState<Finances | null>(null);
  const [assistOpen, setAssistOpen] = useState(false);
  const [followupOpen, setFollowupOpen] = useState(false);
  const [uploadOpen, setUploadOpen] = useState(false);

  // 四眼原则: an account that may verify but is not offered the step is the one who filed it.
  const fourEyes = c.status === 'applied' && has('hardship:verify') && !c.can.actions.includes('verify');

  const openAction = (a: CaseAction) => {
    reasonForm.resetFields();
    setActionError(null);
    setAction(a);
  };

  const runAction = async () => {
    if (!action) return;
    const values = NEEDS_REASON.includes(action) ? await validFields(reasonForm) : { reason: undefined };
    if (!values) return;
    const { reason } = values;
    try {
      await transition.mutateAsync({ id: c.id, action, reason: reason?.trim() || null, version: c.version });
      message.success(t('已{action}', { action: t(CASE_ACTION_LABELS[action]) }));
      setAction(null);
    } catch (err) {
      setActionError(
        err instanceof ApiError
          ? tx(err.fields[0]?.message && err.status === 400 ? `${err.message}：${err.fields[0].message}` : err.message)
          : t('操作失败，请稍后重试'),
      );
    }
  };

  const reveal = async () => {
    const values = await validFields(revealForm);
    if (!values) return;
    const { reason } = values;
    setRevealing(true);
    try {
      setFinances(await revealFinances(c.id, reason.trim()));
      setRevealOpen(false);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试'));
    } finally {
      setRevealing(false);
    }
  };

  const overridden = c.kind === 'full' && c.computedCategory !== c.category;

  return (
    <div className="nj-page">
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
              {c.relapsed ? <Tag color="volcano">{t('返困')}</Tag> : null}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {t('档案号')} <span style={{ fontFamily: 'monospace' }}>{c.caseNo}</span> · {tx(c.orgName)} · {t('建档日期')} {date(c.filedOn)}
              </Typography.Text>
            </div>
            <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="case-explanation">
              {tx(c.explanation)}
            </Typography.Paragraph>
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
            {fourEyes ? (
              <Tooltip title={t('核查须由建档人以外的人进行（四眼原则）')}>
                <Button type="primary" disabled data-testid="action-verify-blocked">
                  {t(CASE_ACTION_LABELS.verify)}
                </Button>
              </Tooltip>
            ) : null}
            {c.can.followUp ? (
              <Button icon={<PhoneOutlined />} onClick={() => setFollowupOpen(true)} data-testid="add-followup">
                {t('登记回访')}
              </Button>
            ) : null}
            {c.can.actions.map((a) => (
              <Button
                key={a}
                type={a === 'close' || a === 'exit' ? 'default' : 'primary'}
                danger={a === 'close'}
                onClick={() => openAction(a)}
                data-testid={`action-${a}`}
              >
                {t(CASE_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
        </Flex>
        {fourEyes ? (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('核查须由建档人以外的人进行（四眼原则）')} data-testid="four-eyes" />
        ) : null}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card variant="borderless" title={t('基本情况')} style={{ marginBottom: 16 }}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'id', label: t('身份证号'), children: <span style={{ fontFamily: 'monospace' }}>{c.idMasked}</span> },
                { key: 'org', label: t('单位'), children: tx(c.orgName) },
                { key: 'size', label: t('家庭人口'), children: t('{n} 人', { n: c.householdSize }) },
                {
                  key: 'housing',
                  label: t('住房情况'),
                  children: `${t(HOUSING_LABELS[c.housing])}${c.housingArea != null ? ` · ${c.housingArea}${t('平方米')}` : ''}`,
                },
                { key: 'insurance', label: t('医疗保险'), children: c.medicalInsurance ? t('已参加') : t('未参加') },
                { key: 'assessed', label: t('核定日期'), children: date(c.assessedOn) },
                { key: 'filer', label: t('建档人'), children: c.filedBy ? tx(c.filedBy) : '—' },
                { key: 'verifier', label: t('核查人'), children: c.verifiedBy ? tx(c.verifiedBy) : '—' },
                { key: 'bank', label: t('银行账号'), children: c.bankAccountMasked ?? '—' },
                { key: 'total', label: t('累计帮扶'), children: money(c.assistanceFen) },
              ]}
            />
          </Card>

          <Card variant="borderless" title={t('家庭成员')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={c.members}
              locale={{ emptyText: t('除申请人外无其他家庭成员') }}
              columns={[
                { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
                { title: t('与申请人关系'), dataIndex: 'relationship', render: (v: string) => tx(v) },
                {
                  title: t('健康状况'),
                  dataIndex: 'health',
                  render: (_: unknown, _r: unknown, i: number) => {
                    const health = finances?.members[i]?.health;
                    return finances ? (health ? tx(health) : '—') : t('需授权查看');
                  },
                },
                {
                  title: t('月收入'),
                  dataIndex: 'monthlyIncomeFen',
                  align: 'right',
                  // Household incomes are sensitive: shown once the finances were revealed (audited).
                  render: (_: unknown, _r: unknown, i: number) => (finances ? money(finances.members[i]?.monthlyIncomeFen ?? 0) : t('需授权查看')),
                },
                { title: t('就读学校或工作单位'), dataIndex: 'schoolOrEmployer', render: (v: string | null) => (v ? tx(v) : '—') },
              ]}
            />
          </Card>

          <Card variant="borderless" title={t('致困原因')} style={{ marginBottom: 16 }}>
            <Flex gap={8} wrap align="center" data-testid="case-causes">
              <Typography.Text type="secondary">{t('主要原因')}</Typography.Text>
              <Tag color="red">{t(CAUSE_LABELS[c.mainCause])}</Tag>
              <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
                {t('次要原因')}
              </Typography.Text>
              {c.secondaryCauses.length ? c.secondaryCauses.map((s) => <Tag key={s}>{t(CAUSE_LABELS[s])}</Tag>) : <span>—</span>}
            </Flex>
          </Card>

          <Card
            variant="borderless"
            title={t('家庭收支与银行信息')}
            style={{ marginBottom: 16 }}
            extra={
              c.can.sensitive && !finances ? (
                <Button icon={<EyeOutlined />} onClick={() => setRevealOpen(true)} data-testid="reveal">
                  {t('查看家庭收支与银行信息')}
                </Button>
              ) : null
            }
          >
            {finances ? (
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                data-testid="finances"
                items={[
                  { key: 'income', label: t('家庭年可支配收入'), children: money(finances.yearlyIncomeFen) },
                  { key: 'spending', label: t('刚性支出'), children: money(finances.hardshipSpendingFen) },
                  { key: 'percapita', label: t('人均月收入'), children: money(finances.perCapitaMonthlyFen) },
                  { key: 'health', label: t('健康状况'), children: finances.health ? tx(finances.health) : '—' },
                  { key: 'disability', label: t('残疾类别和等级'), children: finances.disability ? tx(finances.disability) : '—' },
                  { key: 'bankName', label: t('开户银行'), children: finances.bankName ? tx(finances.bankName) : '—' },
                  { key: 'bankAccount', label: t('银行账号'), children: <span style={{ fontFamily: 'monospace' }}>{finances.bankAccount ?? '—'}</span> },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">
                {c.can.sensitive
                  ? t('家庭收支、健康和银行账号属敏感信息，查看须说明理由，每次查看都会记录。')
                  : t('您的账号没有查看家庭收支与银行信息的权限。')}
              </Typography.Text>
            )}
          </Card>

          <Card
            variant="borderless"
            title={t('帮扶记录')}
            style={{ marginBottom: 16 }}
            extra={
              c.can.assist ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssistOpen(true)} data-testid="add-assistance">
                  {t('录入帮扶')}
                </Button>
              ) : null
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={c.assistance}
              data-testid="assistance-table"
              locale={{ emptyText: c.status === 'active' ? t('暂无帮扶记录') : t('审批建档后才能录入帮扶（先建档、后帮扶）') }}
              columns={[
                { title: t('日期'), dataIndex: 'on', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> },
                { title: t('帮扶类型'), dataIndex: 'label', render: (v: string) => tx(v) },
                { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => money(v) },
                { title: t('资金来源'), dataIndex: 'fundSource', render: (v: string) => t(FUND_SOURCE_LABELS[v as keyof typeof FUND_SOURCE_LABELS] ?? v) },
                { title: t('经办人'), dataIndex: 'handler', render: (v: string | null) => (v ? tx(v) : '—') },
                { title: t('说明'), dataIndex: 'note', render: (v: string | null) => (v ? tx(v) : '—') },
              ]}
              summary={() =>
                c.assistance.length ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={2}>
                      {t('合计')}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {money(c.assistance.reduce((s, a) => s + a.amountFen, 0))}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} colSpan={3} />
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Card>
          <Card variant="borderless" title={t('回访记录')} style={{ marginBottom: 16 }} data-testid="followups">
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={c.followups}
              locale={{ emptyText: t('解困脱困后按期回访') }}
              columns={[
                {
                  title: t('应回访'),
                  dataIndex: 'dueOn',
                  render: (v: string, f) => (
                    <span style={{ whiteSpace: 'nowrap' }}>
                      {date(v)}
                      {!f.doneOn && v < chinaToday() ? (
                        <Tag color="red" style={{ marginLeft: 4 }}>
                          {t('逾期')}
                        </Tag>
                      ) : null}
                    </span>
                  ),
                },
                {
                  title: t('回访日期'),
                  dataIndex: 'doneOn',
                  render: (v: string | null) => (v ? <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> : <Tag>{t('待回访')}</Tag>),
                },
                { title: t('回访情况'), dataIndex: 'result', render: (v: string | null) => (v ? tx(v) : '—') },
                {
                  title: t('返困'),
                  dataIndex: 'hardshipReturned',
                  render: (v: boolean | null) => (v == null ? '—' : v ? <Tag color="volcano">{t('发现返困')}</Tag> : t('否')),
                },
              ]}
            />
          </Card>
          <Card
            variant="borderless"
            title={t('证明材料')}
            style={{ marginBottom: 16 }}
            data-testid="attachments"
            extra={
              has('hardship:write') && c.status !== 'closed' ? (
                <Button icon={<UploadOutlined />} onClick={() => setUploadOpen(true)} data-testid="add-attachment">
                  {t('上传材料')}
                </Button>
              ) : null
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={c.attachments}
              data-testid="attachments-table"
              locale={{ emptyText: t('暂无证明材料') }}
              columns={[
                {
                  title: t('材料'),
                  dataIndex: 'title',
                  render: (v: string, a) => (
                    <Flex vertical>
                      <Typography.Text>{tx(v)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.filename} · {Math.max(1, Math.ceil(a.size / 1024))} KB
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  title: t('上传'),
                  dataIndex: 'at',
                  render: (v: string, a) => (
                    <Flex vertical>
                      <Typography.Text style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.by ? tx(a.by) : '—'}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                ...(c.can.sensitive
                  ? [
                      {
                        title: '',
                        key: 'open',
                        width: 60,
                        render: (_: unknown, a: CaseView['attachments'][number]) => (
                          <a href={attachmentUrl(c.id, a.id)} target="_blank" rel="noopener noreferrer" data-testid={`attachment-open-${a.id}`}>
                            {t('查看')}
                          </a>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {!c.can.sensitive && c.attachments.length ? (
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
                {t('证明材料含家庭收支和健康信息，需有敏感信息权限才能查看。')}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card variant="borderless" title={t('办理过程')} data-testid="case-timeline">
            <Timeline
              items={c.timeline.map((e, i) => ({
                key: i,
                color: i === c.timeline.length - 1 ? 'green' : 'blue',
                content: (
                  <Flex vertical>
                    <Typography.Text strong>{tx(e.label)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dateTime(e.at)}
                      {e.by ? ` · ${tx(e.by)}` : ''}
                    </Typography.Text>
                    {e.reason ? <Typography.Text style={{ fontSize: 13 }}>{tx(e.reason)}</Typography.Text> : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>

      <Modal
        open={action !== null}
        title={action ? t(CASE_ACTION_LABELS[action]) : ''}
        okText={t('确定')}
        cancelText={t('取消')}
        okButtonProps={{ danger: action === 'close', loading: transition.isPending, 'data-testid': 'action-ok' } as ButtonProps}
        onOk={runAction}
        onCancel={() => setAction(null)}
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

      <Modal
        open={revealOpen}
        title={t('查看家庭收支与银行信息')}
        okText={t('查看')}
        cancelText={t('取消')}
        okButtonProps={{ loading: revealing, 'data-testid': 'reveal-ok' } as ButtonProps}
        onOk={reveal}
        onCancel={() => setRevealOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('本次查看将记入审计日志，请说明查看理由。')}</Typography.Paragraph>
        <Form form={revealForm} layout="vertical" name="reveal">
          <Form.Item label={t('查看理由')} name="reason" rules={[{ required: true, whitespace: true, message: t('请填写查看理由') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('如：年度复核、核对帮扶金额')} />
          </Form.Item>
        </Form>
      </Modal>

      {assistOpen ? <AssistanceModal caseId={c.id} onClose={() => setAssistOpen(false)} /> : null}
      {followupOpen ? <FollowupModal caseId={c.id} onClose={() => setFollowupOpen(false)} /> : null}
      {uploadOpen ? <AttachmentModal caseId={c.id} onClose={() => setUploadOpen(false)} /> : null}
    </div>
  );
}
