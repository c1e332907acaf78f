/**
 * 慰问活动详情: the facts and the state buttons the account may press (概况), then 名单, 名额分配,
 * 发放点, 进度, 台账 and 简报 tabs. The tab lives in the address (?tab=ledger), so the briefing's
 * figures can link to the page that lists them.
 */
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { FUND_SOURCE_LABELS, LIVE_LIST_STATUSES, OVERLAP_POLICY_LABELS, TRANSITION_LABELS } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { useCampaign, useEligibility, useRuleNames, useTransition, type CampaignView, type Transition } from './campaigns.api.ts';
import { kindLabel, MODE_LABELS, packageKindLabel, ruleText, STATUS_COLORS, statusLabel } from './labels.ts';
import { count, money, moneyTotal } from '../../../web/components/money.ts';
import { AllocationEditor } from './AllocationEditor.tsx';
import { BeneficiariesTab } from './BeneficiariesTab.tsx';
import { PointsTab } from './PointsTab.tsx';
import { ProgressTab } from './ProgressTab.tsx';
import { LedgerTab } from './LedgerTab.tsx';
import { BriefingTab } from './BriefingTab.tsx';
import { QuotaCheckPanel } from './QuotaCheckPanel.tsx';

const TABS = ['overview', 'beneficiaries', 'allocation', 'points', 'progress', 'ledger', 'briefing'] as const;
type Tab = (typeof TABS)[number];

export function CampaignDetailPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const campaign = useCampaign(id);
  return (
    <DetailLoader
      id={id}
      query={campaign}
      notFound={{ title: t('没有找到该慰问活动'), subTitle: t('活动不存在，或不在您的管辖范围内。'), back: { to: '/campaigns', label: t('返回慰问活动') } }}
    >
      {(c) => <Detail campaign={c} />}
    </DetailLoader>
  );
}

const CONFIRM: Record<Transition, string> = {
  submit: '提交后活动进入待审批，须由创建人和提交人以外、有审批权限的人员审批；审批前不能再修改。确定提交审批吗？',
  approve: '审批通过后，按当前条件生成的慰问名单将冻结，之后的档案变化不再自动进入名单。确定审批通过吗？',
  start: '开始后，各发放点即可扫码发放。确定开始发放吗？',
  end: '结束后不能再发放。确定结束活动吗？',
  archive: '归档后台账不能再冲正。确定归档吗？',
  reopen: '退回草稿将撤销审批并清除冻结的名单，可重新修改条件后再审批。确定退回吗？',
};

function Detail({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, date, dateTime } = useI18n();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tabParam = search.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'overview';
  const transition = useTransition();
  const names = useRuleNames([c.rule, ...c.packages.map((p) => p.rule)]);
  // A draft has no list yet: its figure is the live count of the rule.
  const live = useEligibility(c.id, LIVE_LIST_STATUSES.includes(c.status));
  // The server says which steps this account may take now (四眼原则 included): one button each.
  const actions = c.can.actions;
  // Sending back a campaign waiting for approval needs a reason its author reads.
  const returning = (action: Transition) => action === 'reopen' && c.status === 'submitted';

  const run = (action: Transition) => {
    let reason = '';
    // The version the approver saw: the quota check's, once it is read (choosing a rule there changes it).
    let version = c.version;
    let checking = false;
    let whenChecked: (() => void) | undefined;
    return modal.confirm({
      title: t(returning(action) ? '退回修改' : TRANSITION_LABELS[action]),
      content: returning(action) ? (
        <Flex vertical gap={8}>
          <span>{t('退回后活动回到草稿，创建人按退回原因修改后可再次提交审批。')}</span>
          <Input.TextArea
            rows={3}
            maxLength={200}
            placeholder={t('退回原因')}
            data-testid="return-reason"
            onChange={(e) => {
              reason = e.target.value;
            }}
          />
        </Flex>
      ) : action === 'approve' ? (
        // Approval freezes the list: each union's list is checked against its quota first.
        <>
          {t(CONFIRM[action])}
          <QuotaCheckPanel
            campaignId={c.id}
            onVersion={(v) => {
              checking = v === undefined;
              if (v) version = v;
              if (!checking) whenChecked?.();
            }}
          />
        </>
      ) : (
        t(CONFIRM[action])
      ),
      width: action === 'approve' ? 640 : undefined,
      okText: t('确定'),
      cancelText: t('取消'),
      okButtonProps: { danger: action === 'reopen' },
      onOk: async () => {
        // 确定 right after choosing a rule: the button spins until the rule is saved and the check read again.
        if (checking) await new Promise<void>((resolve) => (whenChecked = resolve));
        try {
          await transition.mutateAsync({ id: c.id, action, version, reason: reason.trim() || null });
          message.success(t('已{action}', { action: t(TRANSITION_LABELS[action]) }));
        } catch (err) {
          const text =
            err instanceof ApiError
              ? tx(err.fields[0]?.message && err.status === 400 ? `${err.message}：${err.fields[0].message}` : err.message)
              : t('操作失败，请稍后重试');
          modal.error({
            title: t('未能{action}', { action: t(TRANSITION_LABELS[action]) }),
            content: <span data-testid="transition-error">{text}</span>,
            okText: t('知道了'),
          });
        }
      },
    });
  };

  const overview = (
    <Flex vertical gap={16}>
      <Flex gap={16} wrap>
        {[
          { k: 'budget', title: t('预算'), value: moneyTotal(c.budgetFen) },
          { k: 'spent', title: t('已发放金额'), value: moneyTotal(c.spentFen) },
          LIVE_LIST_STATUSES.includes(c.status)
            ? { k: 'list', title: t('预计人数（按当前条件）'), value: live.data ? `${count(live.data.total)}${t('人')}` : '…' }
            : { k: 'list', title: t('名单人数'), value: `${count(c.beneficiaries)}${t('人')}` },
          { k: 'persons', title: t('已慰问人数'), value: `${count(c.persons)}${t('人')}` },
          { k: 'times', title: t('发放人次'), value: `${count(c.personTimes)}${t('人次')}` },
        ].map((s) => (
          <Card key={s.k} size="small" style={{ flex: '1 1 170px' }}>
            <Statistic title={s.title} value={s.value} />
          </Card>
        ))}
      </Flex>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        data-testid="campaign-facts"
        items={[
          { key: 'kind', label: t('活动类型'), children: t(kindLabel(c.kind)) },
          { key: 'theme', label: t('活动主题'), children: c.theme ? tx(c.theme) : '—' },
          { key: 'org', label: t('主办单位'), children: tx(c.orgName) },
          { key: 'period', label: t('活动期间'), children: `${date(c.startsOn)} – ${date(c.endsOn)}` },
          { key: 'mode', label: t('组织方式'), children: t(MODE_LABELS[c.mode]) },
          { key: 'times', label: t('每人领取次数'), children: t('{n} 次', { n: c.maxPerPerson }) },
          { key: 'overlap', label: t('重复慰问检查'), children: t(OVERLAP_POLICY_LABELS[c.overlapPolicy]) },
          { key: 'rule', label: t('慰问条件'), children: ruleText(c.rule, t, names) },
          { key: 'created', label: t('创建人'), children: c.createdBy ? tx(c.createdBy) : '—' },
          { key: 'submitted', label: t('提交审批'), children: c.submittedBy ? `${tx(c.submittedBy)}（${dateTime(c.submittedAt)}）` : '—' },
          { key: 'approved', label: t('审批人'), children: c.approvedBy ? `${tx(c.approvedBy)}（${dateTime(c.approvedAt)}）` : '—' },
          { key: 'frozen', label: t('名单冻结时间'), children: c.frozenAt ? dateTime(c.frozenAt) : t('未冻结（名单随条件实时计算）') },
          { key: 'desc', label: t('活动说明'), children: c.description ? tx(c.description) : '—' },
        ]}
      />
      <Row gutter={16}>
        {/* The server sends the funds to the organiser and above only: a union taking part sees its allocation instead. */}
        {(c.funds.length > 0 || c.can.edit) && (
          <Col xs={24} lg={10}>
            <Card size="small" title={t('资金来源')}>
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={c.funds}
                columns={[
                  { title: t('来源'), dataIndex: 'source', render: (v: keyof typeof FUND_SOURCE_LABELS) => t(FUND_SOURCE_LABELS[v]) },
                  { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => money(v) },
                  { title: t('说明'), dataIndex: 'note', render: (v: string | null) => (v ? tx(v) : '—') },
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>{t('合计')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {money(c.funds.reduce((s, f) => s + f.amountFen, 0))}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} />
                  </Table.Summary.Row>
                )}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} lg={14}>
          <Card size="small" title={t('慰问档次（按顺序匹配）')}>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={c.packages}
              columns={[
                { title: t('档次'), dataIndex: 'name', render: (v: string) => tx(v) },
                { title: t('形式'), dataIndex: 'kind', render: (v: CampaignView['packages'][number]['kind']) => t(packageKindLabel(v)) },
                { title: t('每份价值'), dataIndex: 'valueFen', align: 'right', render: (v: number) => money(v) },
                {
                  title: t('慰问品'),
                  dataIndex: 'items',
                  render: (items: CampaignView['packages'][number]['items']) =>
                    items.length ? items.map((i) => `${tx(i.name)} ${i.quantity}${tx(i.unit)}`).join('、') : '—',
                },
                { title: t('条件'), dataIndex: 'rule', render: (r: unknown) => ruleText(r as never, t, names) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );

  const items = [
    { key: 'overview', label: t('概况'), children: overview },
    { key: 'beneficiaries', label: t('名单'), children: <BeneficiariesTab campaign={c} /> },
    { key: 'allocation', label: t('名额分配'), children: <AllocationEditor campaign={c} /> },
    { key: 'points', label: t('发放点'), children: <PointsTab campaign={c} /> },
    { key: 'progress', label: t('进度'), children: <ProgressTab campaign={c} /> },
    { key: 'ledger', label: t('台账'), children: <LedgerTab campaign={c} /> },
    { key: 'briefing', label: t('简报'), children: <BriefingTab campaign={c} /> },
  ];

  return (
    <div className="nj-page">
      <Card variant="borderless" style={{ marginBottom: 16 }} data-testid="campaign-header">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0 }}>
            <Space size={8} align="center" wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="campaign-name">
                {tx(c.name)}
              </Typography.Title>
              <Tag color={STATUS_COLORS[c.status]} data-testid="campaign-status">
                {t(statusLabel(c.status))}
              </Tag>
              <Tag bordered={false}>{t(kindLabel(c.kind))}</Tag>
            </Space>
            <div>
              <Typography.Text type="secondary">
                {tx(c.orgName)} · {date(c.startsOn)} – {date(c.endsOn)}
              </Typography.Text>
            </div>
          </div>
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/campaigns')}>
              {t('返回')}
            </Button>
            {c.can.edit && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/campaigns/${c.id}/edit`)}>
                {t('编辑')}
              </Button>
            )}
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'reopen' ? 'default' : 'primary'}
                danger={a === 'reopen'}
                onClick={() => run(a)}
                loading={transition.isPending}
                data-testid={`transition-${a}`}
              >
                {t(returning(a) ? '退回修改' : TRANSITION_LABELS[a])}
              </Button>
            ))}
          </Space>
        </Flex>
        {c.can.refused.map((r) => (
          <Typography.Paragraph key={r.action} type="warning" style={{ margin: '8px 0 0' }} data-testid={`refused-${r.action}`}>
            {tx(r.reason)}
          </Typography.Paragraph>
        ))}
        {c.returnReason && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="return-reason-note"
            message={t('退回原因：{reason}', { reason: tx(c.returnReason) })}
          />
        )}
      </Card>
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          destroyOnHidden
          onChange={(k) => {
            const next = new URLSearchParams(search);
            if (k === 'overview') next.delete('tab');
            else next.set('tab', k);
            setSearch(next, { replace: true });
          }}
          items={items}
        />
      </Card>
    </div>
  );
}
