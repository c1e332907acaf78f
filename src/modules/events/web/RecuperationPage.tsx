/**
 * 疗休养: the yearly batches; for the chosen batch its applicants ranked with each score explained
 * line by line (and the stated tie-break), nominations, the masked public notice, objections and
 * their resolution, confirmation of the list, withdrawals with 递补, and the subsidy ledger.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { money, toFen } from '../../../web/components/money.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { APPLICATION_STATUS_LABELS, BATCH_STAGE_LABELS, OBJECTION_OUTCOME_LABELS, SOURCE_LABELS } from '../recuperation.contract.ts';
import {
  downloadLedger,
  useBatches,
  useConfirm,
  useCreateBatch,
  useNominate,
  useNotice,
  useObjections,
  usePublishNotice,
  useRanking,
  useRecordObjection,
  useResolveObjection,
  useWithdraw,
  type ApplicantRow,
  type BatchRow,
} from './recuperation.api.ts';
import { useI18n } from './i18n.ts';

const STATUS_COLORS = { pending: 'default', selected: 'green', reserve: 'gold', withdrawn: 'red' } as const;

export function RecuperationPage() {
  const { t, tx, date } = useI18n();
  const batches = useBatches();
  const [chosen, setChosen] = useState<number | undefined>();
  const [creating, setCreating] = useState(false);
  const canManage = usePermissions().has('events:manage');
  const current = batches.data?.find((b) => b.id === chosen) ?? batches.data?.[0];

  return (
    <Page
      title={t('疗休养')}
      subTitle={t('年度疗休养批次：推荐报名、评分排序、公示、确认入选和补贴台账')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('新建批次')}
          </Button>
        ) : null
      }
    >
      {batches.error ? <LoadError error={batches.error} onRetry={() => void batches.refetch()} /> : null}
      <Table<BatchRow>
        rowKey="id"
        size="small"
        loading={batches.isLoading}
        dataSource={batches.data ?? []}
        pagination={false}
        locale={{ emptyText: t('暂无疗休养批次') }}
        rowClassName={(b) => (b.id === current?.id ? 'ant-table-row-selected' : '')}
        onRow={(b) => ({ onClick: () => setChosen(b.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('批次'), dataIndex: 'title', render: (v: string) => tx(v) },
          { title: t('组织单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('目的地'), dataIndex: 'destination', render: (v: string) => tx(v) },
          { title: t('日期'), render: (_, b) => `${date(b.startsOn)} – ${date(b.endsOn)}` },
          { title: t('名额'), dataIndex: 'places' },
          { title: t('申请人数'), dataIndex: 'applicants' },
          { title: t('状态'), dataIndex: 'stage', render: (s: BatchRow['stage']) => <Tag>{t(BATCH_STAGE_LABELS[s])}</Tag> },
        ]}
      />
      {current ? <BatchDetail key={current.id} batch={current} /> : null}
      <CreateBatchModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => setChosen(id)} />
    </Page>
  );
}

function BatchDetail({ batch }: { batch: BatchRow }) {
  const { t, tx, date } = useI18n();
  const { message, modal } = App.useApp();
  const fail = (e: unknown) => void message.error(tx(e instanceof Error ? e.message : String(e)));
  const notice = usePublishNotice(batch.id);
  const confirm = useConfirm(batch.id);
  const noticed = batch.stage !== 'applying';
  return (
    <Card
      style={{ marginTop: 16 }}
      title={tx(batch.title)}
      extra={
        <Space>
          {batch.canManage && batch.stage === 'applying' ? (
            <Button
              loading={notice.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('公示拟入选名单？'),
                  content: t('公示后排名冻结，不再接受推荐和申请'),
                  onOk: () => notice.mutateAsync(undefined).then(() => void message.success(t('已公示')), fail),
                })
              }
            >
              {t('公示名单')}
            </Button>
          ) : null}
          {batch.canManage && batch.stage === 'noticed' ? (
            <Button
              type="primary"
              loading={confirm.isPending}
              onClick={() =>
                confirm.mutateAsync(undefined).then((r) => void message.success(t('已确认：入选 {s} 人，候补 {r} 人', { s: r.selected, r: r.reserve })), fail)
              }
            >
              {t('确认入选')}
            </Button>
          ) : null}
          {batch.canManage && batch.stage === 'confirmed' ? (
            <Button icon={<DownloadOutlined />} onClick={() => downloadLedger(batch.id).catch(fail)}>
              {t('导出补贴台账')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Descriptions size="small" column={4}>
        <Descriptions.Item label={t('组织单位')}>{tx(batch.orgName)}</Descriptions.Item>
        <Descriptions.Item label={t('目的地')}>{tx(batch.destination)}</Descriptions.Item>
        <Descriptions.Item label={t('名额')}>
          {batch.stage === 'confirmed' ? t('{taken} / {places}（已入选 / 名额）', { taken: batch.taken, places: batch.places }) : batch.places}
        </Descriptions.Item>
        <Descriptions.Item label={t('每人补贴')}>{money(batch.subsidyFen)}</Descriptions.Item>
        <Descriptions.Item label={t('状态')}>{t(BATCH_STAGE_LABELS[batch.stage])}</Descriptions.Item>
        {batch.noticeEndsOn ? <Descriptions.Item label={t('公示期')}>{`${date(batch.noticeStartsOn)} – ${date(batch.noticeEndsOn)}`}</Descriptions.Item> : null}
      </Descriptions>
      <Tabs
        items={[
          { key: 'ranking', label: t('排名与得分'), children: <RankingTab batch={batch} /> },
          ...(noticed ? [{ key: 'notice', label: t('公示名单'), children: <NoticeTab batch={batch} /> }] : []),
          ...(noticed && batch.canManage ? [{ key: 'objections', label: t('异议'), children: <ObjectionsTab batch={batch} /> }] : []),
        ]}
      />
    </Card>
  );
}

function RankingTab({ batch }: { batch: BatchRow }) {
  const { t, tx } = useI18n();
  const { message, modal } = App.useApp();
  const fail = (e: unknown) => void message.error(tx(e instanceof Error ? e.message : String(e)));
  const ranking = useRanking(batch.id);
  const nominate = useNominate(batch.id);
  const withdraw = useWithdraw(batch.id);
  const [personId, setPersonId] = useState<number | undefined>();
  const [health, setHealth] = useState(true);
  const [reason, setReason] = useState('');
  const canManage = usePermissions().has('events:manage');

  const askWithdraw = (a: ApplicantRow) =>
    modal.confirm({
      title: t('{name} 退出疗休养', { name: tx(a.name) }),
      content: <Input aria-label={t('退出原因')} placeholder={t('退出原因')} onChange={(e) => setReason(e.target.value)} />,
      onOk: () =>
        withdraw.mutateAsync({ applicationId: a.id, reason }).then((r) => {
          void message.success(r.pulledUp ? t('已退出，{name} 递补入选', { name: tx(r.pulledUp.name) }) : t('已退出'));
        }, fail),
    });

  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon message={`${t('排序规则')}：${tx(ranking.data?.tieBreak ?? '')}`} />
      {canManage && batch.stage === 'applying' ? (
        <Flex gap={8} align="center" wrap>
          <PersonPicker id="nominee" value={personId} onChange={(v) => setPersonId(v)} placeholder={t('搜索职工姓名或证件号')} style={{ width: 260 }} />
          <Checkbox checked={health} onChange={(e) => setHealth(e.target.checked)}>
            {t('已确认健康声明')}
          </Checkbox>
          <Button
            type="primary"
            disabled={!personId}
            loading={nominate.isPending}
            onClick={() =>
              nominate.mutateAsync({ personId: personId!, healthDeclared: health }).then(() => {
                setPersonId(undefined);
                void message.success(t('已推荐'));
              }, fail)
            }
          >
            {t('推荐')}
          </Button>
        </Flex>
      ) : null}
      {ranking.error ? <LoadError error={ranking.error} /> : null}
      <Table<ApplicantRow>
        data-testid="recuperation-ranking"
        rowKey="id"
        size="small"
        loading={ranking.isLoading}
        dataSource={ranking.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('暂无推荐或申请') }}
        expandable={{
          expandedRowRender: (a) => (
            <Table
              rowKey="factor"
              size="small"
              pagination={false}
              dataSource={a.explanation}
              columns={[
                { title: t('评分项'), dataIndex: 'label', render: (v: string) => tx(v) },
                { title: t('依据'), dataIndex: 'detail', render: (v: string) => tx(v) },
                { title: t('得分'), dataIndex: 'points', align: 'right' },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    {t('合计')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {a.score}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          ),
        }}
        columns={[
          { title: t('名次'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '—' },
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('所属工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('来源'), dataIndex: 'source', render: (s: ApplicantRow['source']) => t(SOURCE_LABELS[s]) },
          { title: t('得分'), dataIndex: 'score', align: 'right' },
          { title: t('会龄'), dataIndex: 'serviceYears', align: 'right', render: (y: number) => t('{n} 年', { n: y }) },
          {
            title: t('结果'),
            render: (_, a) =>
              a.excludedReason ? (
                <Typography.Text type="danger">{tx(a.excludedReason)}</Typography.Text>
              ) : (
                <Space size={4}>
                  <Tag color={STATUS_COLORS[a.status]}>{t(APPLICATION_STATUS_LABELS[a.status])}</Tag>
                  {a.status === 'pending' && a.withinPlaces ? <Tag color="blue">{t('名额内')}</Tag> : null}
                  {a.secondFormDone ? <Tag>{t('已填行前信息')}</Tag> : null}
                </Space>
              ),
          },
          ...(canManage
            ? [
                {
                  title: t('操作'),
                  render: (_: unknown, a: ApplicantRow) =>
                    a.status !== 'withdrawn' ? (
                      <Button size="small" onClick={() => askWithdraw(a)}>
                        {t('退出')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

function NoticeTab({ batch }: { batch: BatchRow }) {
  const { t, tx, date } = useI18n();
  const notice = useNotice(batch.id, true);
  if (notice.error) return <LoadError error={notice.error} />;
  const n = notice.data;
  return (
    <Flex vertical gap={8}>
      {n ? (
        <Typography.Paragraph>
          {t('公示期：{from} 至 {to}。名单按排序规则取前 {n} 名，姓名只显示姓氏。', { from: date(n.noticeStartsOn), to: date(n.noticeEndsOn), n: n.places })}
        </Typography.Paragraph>
      ) : null}
      <Table
        data-testid="recuperation-notice"
        rowKey="rank"
        size="small"
        loading={notice.isLoading}
        pagination={false}
        dataSource={n?.rows ?? []}
        columns={[
          { title: t('名次'), dataIndex: 'rank', width: 70 },
          { title: t('姓名'), dataIndex: 'maskedName', render: (v: string) => tx(v) },
          { title: t('所属工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('得分'), dataIndex: 'score', align: 'right' },
        ]}
      />
    </Flex>
  );
}

function ObjectionsTab({ batch }: { batch: BatchRow }) {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const fail = (e: unknown) => void message.error(tx(e instanceof Error ? e.message : String(e)));
  const objections = useObjections(batch.id, true);
  const ranking = useRanking(batch.id);
  const record = useRecordObjection(batch.id);
  const resolve = useResolveObjection(batch.id);
  const [form] = Form.useForm<{ applicationId: number; text: string }>();
  const [resolving, setResolving] = useState<{ id: number; outcome: 'upheld' | 'dismissed'; reason: string } | null>(null);
  return (
    <Flex vertical gap={12}>
      {batch.stage === 'noticed' ? (
        <Form form={form} layout="inline" onFinish={(v) => record.mutateAsync(v).then(() => form.resetFields(), fail)}>
          <Form.Item name="applicationId" label={t('被异议人员')} rules={[{ required: true, message: t('请选择被异议人员') }]}>
            <Radio.Group
              optionType="button"
              options={(ranking.data?.items ?? []).filter((a) => a.rank !== null).map((a) => ({ value: a.id, label: `${a.rank}. ${tx(a.name)}` }))}
            />
          </Form.Item>
          <Form.Item name="text" label={t('异议内容')} rules={[{ required: true, message: t('请填写异议内容') }]}>
            <Input style={{ width: 280 }} maxLength={500} />
          </Form.Item>
          <Button htmlType="submit" loading={record.isPending}>
            {t('登记异议')}
          </Button>
        </Form>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={objections.isLoading}
        dataSource={objections.data ?? []}
        locale={{ emptyText: t('暂无异议') }}
        columns={[
          { title: t('被异议人员'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('异议内容'), dataIndex: 'text', render: (v: string) => tx(v) },
          { title: t('登记时间'), dataIndex: 'recordedAt', render: (v: string) => dateTime(v) },
          {
            title: t('处理结果'),
            render: (_, o) =>
              o.outcome ? (
                <span>
                  <Tag color={o.outcome === 'upheld' ? 'red' : 'green'}>{t(OBJECTION_OUTCOME_LABELS[o.outcome])}</Tag>
                  {tx(o.resolution)}
                </span>
              ) : batch.stage === 'noticed' ? (
                <Button size="small" onClick={() => setResolving({ id: o.id, outcome: 'dismissed', reason: '' })}>
                  {t('处理')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!resolving}
        title={t('处理异议')}
        onCancel={() => setResolving(null)}
        confirmLoading={resolve.isPending}
        onOk={() =>
          resolving &&
          resolve.mutateAsync({ objectionId: resolving.id, outcome: resolving.outcome, reason: resolving.reason }).then(() => setResolving(null), fail)
        }
      >
        <Flex vertical gap={12}>
          <Radio.Group
            value={resolving?.outcome}
            onChange={(e) => setResolving((r) => r && { ...r, outcome: e.target.value as 'upheld' | 'dismissed' })}
            options={[
              { value: 'dismissed', label: t(OBJECTION_OUTCOME_LABELS.dismissed) },
              { value: 'upheld', label: t('异议成立（移出排名）') },
            ]}
          />
          <Input
            aria-label={t('处理理由')}
            placeholder={t('处理理由')}
            value={resolving?.reason}
            onChange={(e) => setResolving((r) => r && { ...r, reason: e.target.value })}
          />
        </Flex>
      </Modal>
    </Flex>
  );
}

interface CreateForm {
  orgId: number;
  title: string;
  destination: string;
  period: [Dayjs, Dayjs];
  places: number;
  subsidyYuan: number | null;
}

function CreateBatchModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const create = useCreateBatch();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const b = await create.mutateAsync({
        orgId: v.orgId,
        title: v.title,
        year: v.period[0].year(),
        destination: v.destination,
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        places: v.places,
        subsidyFen: v.subsidyYuan == null ? null : toFen(v.subsidyYuan),
      });
      form.resetFields();
      onCreated(b.id);
      onClose();
    } catch (e) {
      void message.error(tx(e instanceof Error ? e.message : String(e)));
    }
  };
  return (
    <Modal open={open} title={t('新建疗休养批次')} onCancel={onClose} onOk={() => void submit()} confirmLoading={create.isPending} forceRender>
      <Form form={form} layout="vertical">
        <Form.Item name="orgId" label={t('组织单位')} rules={[{ required: true, message: t('请选择组织单位') }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="title" label={t('批次名称')} rules={[{ required: true, message: t('请填写批次名称') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="destination" label={t('目的地')} rules={[{ required: true, message: t('请填写目的地') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="period" label={t('日期')} rules={[{ required: true, message: t('请选择出发和返回日期') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Form.Item name="places" label={t('名额')} rules={[{ required: true, message: t('请填写名额') }]}>
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="subsidyYuan" label={t('每人补贴（元，不填按政策参数）')}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
