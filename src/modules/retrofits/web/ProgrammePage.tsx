/** 改造项目: the programme's budget use and funds, its plans by stage, and adding a model worker's household. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Form, Modal, Row, Select, Statistic, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { money } from '../../../web/components/money.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { usePeople } from '../../people/web/people.api.ts';
import { FUND_SOURCE_LABELS, MODEL_WORKER_TAG, STAGE_LABELS, STAGES, type PlanSummary, type ProgrammeView, type Stage } from '../retrofits.contract.ts';
import { useI18n } from './i18n.ts';
import { useCreatePlan, usePlans, useProgramme } from './retrofits.api.ts';
import { BudgetBar, STAGE_COLORS } from './RetrofitsPage.tsx';

/** Picks a person of the caller's subtree tagged 劳模. */
function ModelWorkerPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const { t, tx } = useI18n();
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 300);
  const list = usePeople({ q: q || undefined, tag: MODEL_WORKER_TAG, pageSize: 20, page: 1, sort: 'name', order: 'asc' });
  return (
    <Select<number>
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
      placeholder={t('输入姓名或拼音查找劳模')}
      loading={list.isFetching}
      allowClear
      options={(list.data?.items ?? []).map((p) => ({ value: p.id, label: `${tx(p.name)}（${p.idMasked}）` }))}
      notFoundContent={t('没有找到标记为劳模的职工')}
    />
  );
}

function AddPlan({ programme, open, onClose }: { programme: ProgrammeView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ personId?: number }>();
  const create = useCreatePlan();
  const { showServerError } = useFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    const personId = form.getFieldValue('personId') as number | undefined;
    if (!personId) {
      form.setFields([{ name: 'personId', errors: [t('请选择劳模')] }]);
      return;
    }
    try {
      const plan = await create.mutateAsync({ programmeId: programme.id, personId });
      form.resetFields();
      onClose();
      void navigate(`/retrofits/plans/${plan.id}`);
    } catch (err) {
      showServerError(err, form);
    }
  };
  return (
    <Modal
      title={t('列入改造（一户一策）')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('建立改造方案')}
      confirmLoading={create.isPending}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('劳模')} required>
          <ModelWorkerPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProgrammeDetail({ p }: { p: ProgrammeView }) {
  const { t, tx } = useI18n();
  const { has } = usePermissions();
  const [stage, setStage] = useState<Stage | undefined>();
  const plans = usePlans({ programmeId: p.id, stage, pageSize: 200, page: 1 });
  const [open, setOpen] = useState(false);
  return (
    <Page
      title={tx(p.name)}
      subTitle={`${p.year} · ${tx(p.org.name)}`}
      extra={
        has('retrofits:manage') && p.status === 'open' ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('列入改造')}
          </Button>
        ) : null
      }
    >
      <Row gutter={[16, 16]} data-testid="programme-budget">
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('项目预算')} value={money(p.budgetFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('已安排')} value={money(p.committedFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('已结算支出')} value={money(p.spentFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('剩余可用')} value={money(p.budgetFen - p.committedFen)} />
          </Card>
        </Col>
        <Col span={24}>
          <Card variant="borderless">
            <BudgetBar p={p} />
            {p.funds.length ? (
              <Descriptions size="small" style={{ marginTop: 12 }} column={3}>
                {p.funds.map((f) => (
                  <Descriptions.Item key={f.source} label={t(FUND_SOURCE_LABELS[f.source])}>
                    {money(f.amountFen)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : null}
          </Card>
        </Col>
      </Row>
      {p.budgetFen - p.committedFen <= 0 ? (
        <Alert type="warning" showIcon style={{ marginTop: 16 }} message={t('项目预算已全部安排，新的方案无法批准')} />
      ) : null}
      <Card variant="borderless" title={t('改造方案')} style={{ marginTop: 16 }}>
        <Select
          allowClear
          placeholder={t('全部阶段')}
          style={{ width: 200, marginBottom: 12 }}
          value={stage}
          onChange={setStage}
          aria-label={t('阶段')}
          options={STAGES.map((s) => ({ value: s, label: `${t(STAGE_LABELS[s])}（${p.byStage[s] ?? 0}）` }))}
        />
        <Table<PlanSummary>
          rowKey="id"
          size="small"
          loading={plans.isLoading}
          dataSource={plans.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('还没有改造方案') }}
          columns={[
            { title: t('劳模'), dataIndex: ['person', 'name'], render: (v: string, r) => <Link to={`/retrofits/plans/${r.id}`}>{tx(v)}</Link> },
            { title: t('所属工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
            { title: t('阶段'), dataIndex: 'stage', render: (s: Stage) => <Tag color={STAGE_COLORS[s]}>{t(STAGE_LABELS[s])}</Tag> },
            { title: t('进度'), dataIndex: 'progress', align: 'right', render: (v: number, r) => (r.items ? `${v}%` : '—') },
            { title: t('方案预算'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => money(v) },
            { title: t('已批准'), dataIndex: 'approvedFen', align: 'right', render: (v: number) => money(v) },
            { title: t('实际费用'), dataIndex: 'actualFen', align: 'right', render: (v: number) => money(v) },
          ]}
        />
      </Card>
      <AddPlan programme={p} open={open} onClose={() => setOpen(false)} />
    </Page>
  );
}

export function ProgrammePage() {
  const { t } = useI18n();
  const id = useRouteId();
  const programme = useProgramme(id);
  return (
    <DetailLoader
      id={id}
      query={programme}
      notFound={{ title: t('改造项目不存在或无权访问'), back: { to: '/retrofits?tab=programmes', label: t('返回改造项目') } }}
    >
      {(p) => <ProgrammeDetail p={p} />}
    </DetailLoader>
  );
}
