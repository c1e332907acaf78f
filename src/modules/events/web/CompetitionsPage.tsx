/**
 * 技能竞赛: the contests of the subtree; one contest's trades with their prize ranges, rounds and
 * judges; entries (a person or a team); the score sheet of a round and trade, where scores are
 * entered judge by judge and the ranking shows results, tie-breaks and judges' disagreement; awards.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors } from '../../../web/components/forms.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { DisqualifyInput, ENTRY_KIND_LABELS, PRIZE_LABELS, RevokeAwardsInput, ROUND_STATUS_LABELS, type Prize } from '../competitions.contract.ts';
import { EVENT_STATUS_LABELS } from '../events.contract.ts';
import { ReasonModal } from '../../people/web/ReasonModal.tsx';
import {
  useAddJudge,
  useAddRound,
  useAddTrade,
  useAward,
  useCloseRound,
  useCompetition,
  useCompetitions,
  useCreateCompetition,
  useDisqualify,
  useEnter,
  useRevokeAwards,
  useScore,
  useScoreSheet,
  type CompetitionView,
  type ScoreSheetView,
} from './competitions.api.ts';
import { useI18n } from './i18n.ts';

const PRIZE_COLORS: Record<Prize, string> = { first: 'gold', second: 'blue', third: 'green', merit: 'default' };

export function CompetitionsPage() {
  const { t, tx } = useI18n();
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('id')) || undefined;
  const list = useCompetitions({ page: 1, pageSize: 100 });
  const contest = useCompetition(id);
  const [creating, setCreating] = useState(false);
  const open = (next: number) => setParams({ id: String(next) });

  return (
    <Page
      title={t('技能竞赛')}
      subTitle={t('工种、轮次、评委评分、排名和获奖')}
      extra={
        <Space>
          <Select
            style={{ width: 280 }}
            placeholder={t('选择竞赛')}
            value={id}
            data-testid="pick-competition"
            onChange={open}
            options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: tx(c.title) }))}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('新建竞赛')}
          </Button>
        </Space>
      }
    >
      {list.error ? <LoadError error={list.error} /> : null}
      {!id ? (
        <Card variant="borderless">
          <Table
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('竞赛名称'), dataIndex: 'title', render: (v: string) => <Typography.Link>{tx(v)}</Typography.Link> },
              { title: t('主办工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
              { title: t('工种'), dataIndex: 'trades', width: 90 },
              { title: t('参赛（队）'), dataIndex: 'entries', width: 110 },
            ]}
          />
        </Card>
      ) : contest.error ? (
        <LoadError error={contest.error} />
      ) : contest.data ? (
        <ContestView c={contest.data} />
      ) : null}
      <CreateModal open={creating} onClose={() => setCreating(false)} onCreated={open} />
    </Page>
  );
}

function CreateModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const create = useCreateCompetition();
  const { showServerError } = useFormErrors();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    create.mutate(
      { orgId: v.orgId, title: v.title, hosts: v.hosts || null, description: null },
      {
        onSuccess: (r) => {
          form.resetFields();
          onClose();
          onCreated(r.id);
        },
        onError: (e) => showServerError(e, form),
      },
    );
  };
  return (
    <Modal title={t('新建竞赛')} open={open} onCancel={onClose} onOk={() => void submit()} okText={t('创建')} confirmLoading={create.isPending}>
      <Form form={form} name="competition" layout="vertical">
        <Form.Item name="orgId" label={t('主办工会')} rules={[{ required: true, message: t('请选择主办工会') }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="title" label={t('竞赛名称')} rules={[{ required: true, message: t('请填写竞赛名称') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="hosts" label={t('主办单位')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContestView({ c }: { c: CompetitionView }) {
  const { t, tx } = useI18n();
  return (
    <Flex vertical gap={16}>
      <Card variant="borderless">
        <Descriptions column={{ xs: 1, md: 3 }} title={tx(c.title)}>
          <Descriptions.Item label={t('主办工会')}>{tx(c.orgName)}</Descriptions.Item>
          <Descriptions.Item label={t('主办单位')}>{tx(c.hosts) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('评分分歧阈值')}>{t('{n} 分', { n: c.spreadPoints })}</Descriptions.Item>
          <Descriptions.Item label={t('状态')}>{t(EVENT_STATUS_LABELS[c.status as keyof typeof EVENT_STATUS_LABELS] ?? c.status)}</Descriptions.Item>
        </Descriptions>
        {c.status === 'finished' ? (
          <Alert type="info" showIcon message={t('竞赛已结束：不能再新增工种、轮次、评委、选手或评分；仍可取消成绩、撤销奖项和重新评定。')} />
        ) : c.status === 'cancelled' ? (
          <Alert type="warning" showIcon message={t('竞赛已取消，不能再作任何更改。')} />
        ) : null}
      </Card>
      <Card variant="borderless">
        <Tabs
          items={[
            { key: 'setup', label: t('工种、轮次和评委'), children: <SetupTab c={c} /> },
            { key: 'entries', label: t('参赛选手'), children: <EntriesTab c={c} /> },
            { key: 'sheet', label: t('评分表'), children: <SheetTab c={c} /> },
            { key: 'awards', label: t('获奖'), children: <AwardsTab c={c} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}

function SetupTab({ c }: { c: CompetitionView }) {
  const { t, tx } = useI18n();
  const { showServerError } = useFormErrors();
  const addTrade = useAddTrade(c.id);
  const addRound = useAddRound(c.id);
  const addJudge = useAddJudge(c.id);
  const [tradeForm] = Form.useForm();
  const [roundForm] = Form.useForm();
  const [judgeForm] = Form.useForm();
  const roundName = (id: number) => c.rounds.find((r) => r.id === id)?.name ?? '';
  const tradeName = (id: number) => c.trades.find((r) => r.id === id)?.name ?? '';
  const manage = c.can.change;

  return (
    <Flex vertical gap={24}>
      <section>
        <Typography.Title level={5}>{t('工种与奖项名额')}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.trades}
          columns={[
            { title: t('工种'), dataIndex: 'name', render: (v: string) => tx(v) },
            { title: t('一等奖'), dataIndex: 'firstPrizes' },
            { title: t('二等奖'), dataIndex: 'secondPrizes' },
            { title: t('三等奖'), dataIndex: 'thirdPrizes' },
            { title: t('优秀奖'), dataIndex: 'meritPrizes' },
          ]}
        />
        {manage ? (
          <Form
            form={tradeForm}
            name="trade"
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            initialValues={{ firstPrizes: 1, secondPrizes: 2, thirdPrizes: 3, meritPrizes: 0 }}
            onFinish={(v) =>
              addTrade.mutate({ ...v, occupation: null }, { onSuccess: () => tradeForm.resetFields(), onError: (e) => showServerError(e, tradeForm) })
            }
          >
            <Form.Item name="name" rules={[{ required: true, message: t('请填写工种') }]}>
              <Input placeholder={t('工种，如 电工')} aria-label={t('工种')} style={{ width: 160 }} />
            </Form.Item>
            {(['firstPrizes', 'secondPrizes', 'thirdPrizes', 'meritPrizes'] as const).map((k, i) => (
              <Form.Item key={k} name={k} label={t(['一等奖', '二等奖', '三等奖', '优秀奖'][i]!)}>
                <InputNumber min={0} max={100} precision={0} style={{ width: 64 }} />
              </Form.Item>
            ))}
            <Button htmlType="submit" icon={<PlusOutlined />} loading={addTrade.isPending}>
              {t('添加工种')}
            </Button>
          </Form>
        ) : null}
      </section>

      <section>
        <Typography.Title level={5}>{t('轮次')}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.rounds}
          columns={[
            { title: t('顺序'), dataIndex: 'seq', width: 70 },
            { title: t('轮次'), dataIndex: 'name', render: (v: string) => tx(v) },
            { title: t('晋级名额'), dataIndex: 'advance', render: (v: number | null) => (v ? t('前 {n} 名', { n: v }) : '—') },
            {
              title: t('状态'),
              dataIndex: 'status',
              render: (v: 'open' | 'closed') => <Tag color={v === 'open' ? 'processing' : 'default'}>{t(ROUND_STATUS_LABELS[v])}</Tag>,
            },
          ]}
        />
        {manage ? (
          <Form
            form={roundForm}
            name="round"
            layout="inline"
            style={{ marginTop: 12 }}
            onFinish={(v) =>
              addRound.mutate(
                { name: v.name, advance: v.advance ?? null },
                { onSuccess: () => roundForm.resetFields(), onError: (e) => showServerError(e, roundForm) },
              )
            }
          >
            <Form.Item name="name" rules={[{ required: true, message: t('请填写轮次名称') }]}>
              <Input placeholder={t('轮次，如 预赛')} aria-label={t('轮次名称')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="advance" label={t('晋级名额')}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 90 }} />
            </Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />} loading={addRound.isPending}>
              {t('添加轮次')}
            </Button>
          </Form>
        ) : null}
      </section>

      <section>
        <Typography.Title level={5}>{t('评委')}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.judges}
          columns={[
            { title: t('轮次'), dataIndex: 'roundId', render: (v: number) => tx(roundName(v)) },
            { title: t('工种'), dataIndex: 'tradeId', render: (v: number) => tx(tradeName(v)) },
            { title: t('评委'), dataIndex: 'name', render: (v: string) => tx(v) },
          ]}
        />
        {manage && c.rounds.length && c.trades.length ? (
          <Form
            form={judgeForm}
            name="judge"
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            onFinish={(v) =>
              addJudge.mutate(
                { roundId: v.roundId, tradeId: v.tradeId, name: v.name, accountId: null },
                { onSuccess: () => judgeForm.setFieldValue('name', undefined), onError: (e) => showServerError(e, judgeForm) },
              )
            }
          >
            <Form.Item name="roundId" rules={[{ required: true, message: t('请选择轮次') }]}>
              <Select
                aria-label={t('轮次')}
                placeholder={t('轮次')}
                style={{ width: 110 }}
                options={c.rounds.map((r) => ({ value: r.id, label: tx(r.name) }))}
              />
            </Form.Item>
            <Form.Item name="tradeId" rules={[{ required: true, message: t('请选择工种') }]}>
              <Select
                aria-label={t('工种')}
                placeholder={t('工种')}
                style={{ width: 140 }}
                options={c.trades.map((r) => ({ value: r.id, label: tx(r.name) }))}
              />
            </Form.Item>
            <Form.Item name="name" rules={[{ required: true, message: t('请填写评委姓名') }]}>
              <Input placeholder={t('评委姓名')} aria-label={t('评委姓名')} style={{ width: 120 }} />
            </Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />} loading={addJudge.isPending}>
              {t('添加评委')}
            </Button>
          </Form>
        ) : null}
      </section>
    </Flex>
  );
}

function EntriesTab({ c }: { c: CompetitionView }) {
  const { t, tx } = useI18n();
  const { showServerError } = useFormErrors();
  const enter = useEnter(c.id);
  const disqualify = useDisqualify(c.id);
  const [disqualifying, setDisqualifying] = useState<CompetitionView['entries'][number] | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) ?? 'individual';
  const [members, setMembers] = useState<(number | undefined)[]>([undefined]);
  const tradeName = (id: number) => c.trades.find((r) => r.id === id)?.name ?? '';

  const submit = (v: { tradeId: number; kind: 'individual' | 'team'; teamName?: string }) => {
    const personIds = members.filter((m): m is number => m !== undefined);
    enter.mutate(
      { tradeId: v.tradeId, kind: v.kind, teamName: v.kind === 'team' ? (v.teamName ?? null) : null, personIds },
      {
        onSuccess: () => {
          form.setFieldValue('teamName', undefined);
          setMembers([undefined]);
        },
        onError: (e) => showServerError(e, form),
      },
    );
  };

  return (
    <Flex vertical gap={16}>
      {c.can.change && c.trades.length ? (
        <Form form={form} name="entry" layout="vertical" initialValues={{ kind: 'individual' }} onFinish={submit} style={{ maxWidth: 640 }}>
          <Flex gap={12} wrap>
            <Form.Item name="tradeId" label={t('工种')} rules={[{ required: true, message: t('请选择工种') }]}>
              <Select style={{ width: 160 }} options={c.trades.map((r) => ({ value: r.id, label: tx(r.name) }))} />
            </Form.Item>
            <Form.Item name="kind" label={t('参赛形式')}>
              <Radio.Group
                onChange={(e) => setMembers(e.target.value === 'team' ? [undefined, undefined] : [undefined])}
                options={(['individual', 'team'] as const).map((k) => ({ value: k, label: t(ENTRY_KIND_LABELS[k]) }))}
              />
            </Form.Item>
            {kind === 'team' ? (
              <Form.Item name="teamName" label={t('队名')}>
                <Input style={{ width: 160 }} maxLength={40} />
              </Form.Item>
            ) : null}
          </Flex>
          <Form.Item label={kind === 'team' ? t('队员') : t('参赛人员')} htmlFor="personIds">
            <Flex vertical gap={8}>
              {members.map((m, i) => (
                <PersonPicker
                  key={i}
                  id={i === 0 ? 'personIds' : undefined}
                  value={m}
                  onChange={(v) => setMembers((all) => all.map((x, j) => (j === i ? v : x)))}
                />
              ))}
              {kind === 'team' ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => setMembers((all) => [...all, undefined])}>
                  {t('添加队员')}
                </Button>
              ) : null}
            </Flex>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={enter.isPending}>
            {t('报名')}
          </Button>
        </Form>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.entries}
        locale={{ emptyText: <Empty description={t('还没有参赛选手')} /> }}
        columns={[
          { title: t('工种'), dataIndex: 'tradeId', render: (v: number) => tx(tradeName(v)) },
          { title: t('参赛形式'), dataIndex: 'kind', render: (v: 'individual' | 'team') => t(ENTRY_KIND_LABELS[v]) },
          { title: t('选手或队名'), dataIndex: 'label', render: (v: string) => tx(v) },
          {
            title: t('人员'),
            dataIndex: 'members',
            render: (ms: CompetitionView['entries'][number]['members']) => ms.map((m) => `${tx(m.name)}（${tx(m.orgName)}）`).join('、'),
          },
          {
            title: t('成绩'),
            key: 'result',
            render: (_: unknown, e: CompetitionView['entries'][number]) => {
              if (e.disqualified)
                return (
                  <Tooltip title={tx(e.disqualified.reason)}>
                    <Tag color="red">{t('已取消成绩')}</Tag>
                  </Tooltip>
                );
              if (!c.can.correct) return '—';
              const awarded = c.trades.find((r) => r.id === e.tradeId)?.awarded;
              return (
                <Tooltip title={awarded ? t('本工种已评定奖项，请先在「获奖」中撤销奖项') : undefined}>
                  <Button size="small" type="link" danger disabled={awarded} onClick={() => setDisqualifying(e)} data-testid={`disqualify-${e.id}`}>
                    {t('取消成绩')}
                  </Button>
                </Tooltip>
              );
            },
          },
        ]}
      />
      <ReasonModal<{ reason: string }>
        name="disqualify"
        open={disqualifying !== null}
        title={t('取消成绩 · {name}', { name: disqualifying ? tx(disqualifying.label) : '' })}
        okText={t('确认取消成绩')}
        danger
        reasonLabel="取消成绩的原因"
        reasonSchema={DisqualifyInput.shape.reason}
        presets={['违反竞赛规则', '冒名顶替参赛']}
        intro={t('取消成绩后，该选手不再参与排名、晋级和评奖；已录入的评分保留，并记入审计日志。')}
        onClose={() => setDisqualifying(null)}
        onSubmit={(v) => disqualify.mutateAsync({ entryId: disqualifying!.id, reason: v.reason })}
      />
    </Flex>
  );
}

function SheetTab({ c }: { c: CompetitionView }) {
  const { t } = useI18n();
  const [roundId, setRoundId] = useState<number | undefined>(c.rounds.find((r) => r.status === 'open')?.id ?? c.rounds[0]?.id);
  const [tradeId, setTradeId] = useState<number | undefined>(c.trades[0]?.id);
  const sheet = useScoreSheet(c.id, roundId, tradeId);
  if (!c.rounds.length || !c.trades.length) return <Empty description={t('请先添加工种和轮次')} />;
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center">
        <Radio.Group
          optionType="button"
          value={roundId}
          onChange={(e) => setRoundId(e.target.value as number)}
          options={c.rounds.map((r) => ({ value: r.id, label: r.name }))}
        />
        <Select
          aria-label={t('工种')}
          style={{ width: 160 }}
          value={tradeId}
          onChange={setTradeId}
          options={c.trades.map((r) => ({ value: r.id, label: r.name }))}
        />
      </Flex>
      {sheet.error ? <LoadError error={sheet.error} /> : null}
      {sheet.data ? <Sheet c={c} s={sheet.data} /> : null}
    </Flex>
  );
}

function Sheet({ c, s }: { c: CompetitionView; s: ScoreSheetView }) {
  const { t, tx } = useI18n();
  const { showServerError } = useFormErrors();
  const score = useScore(c.id);
  const close = useCloseRound(c.id);
  const [form] = Form.useForm();
  const open = s.round.status === 'open';
  const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(2).replace(/\.?0+$/, ''));

  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon message={tx(s.rule)} description={t('评分分歧阈值：{n} 分（政策参数）', { n: s.spreadPoints })} />
      {open && c.can.change && s.judges.length ? (
        <Form
          form={form}
          name="score"
          layout="inline"
          style={{ rowGap: 8 }}
          onFinish={(v) =>
            score.mutate(
              { roundId: s.round.id, judgeId: v.judgeId, entryId: v.entryId, score: v.score },
              {
                onSuccess: () => form.setFieldsValue({ entryId: undefined, score: undefined }),
                onError: (e) => showServerError(e, form, { alsoRefusal: true }),
              },
            )
          }
        >
          <Form.Item name="judgeId" rules={[{ required: true, message: t('请选择评委') }]}>
            <Select aria-label={t('评委')} placeholder={t('评委')} style={{ width: 120 }} options={s.judges.map((j) => ({ value: j.id, label: tx(j.name) }))} />
          </Form.Item>
          <Form.Item name="entryId" rules={[{ required: true, message: t('请选择选手') }]}>
            <Select
              aria-label={t('选手')}
              placeholder={t('选手')}
              style={{ width: 160 }}
              options={s.rows.map((r) => ({ value: r.entryId, label: tx(r.label) }))}
            />
          </Form.Item>
          <Form.Item name="score" rules={[{ required: true, message: t('请填写评分') }]}>
            <InputNumber aria-label={t('评分')} placeholder={t('评分')} min={0} max={100} step={0.1} style={{ width: 100 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={score.isPending}>
            {t('录入评分')}
          </Button>
          <Button
            danger
            loading={close.isPending}
            onClick={() =>
              Modal.confirm({
                title: t('结束「{name}」的评分？', { name: tx(s.round.name) }),
                content: s.round.advance ? t('各工种前 {n} 名晋级下一轮；结束后不能再录入评分。', { n: s.round.advance }) : t('结束后不能再录入评分。'),
                onOk: () => close.mutateAsync(s.round.id).catch((e: unknown) => showServerError(e)),
              })
            }
          >
            {t('结束本轮评分')}
          </Button>
        </Form>
      ) : (
        <Tag>{t(ROUND_STATUS_LABELS[s.round.status])}</Tag>
      )}
      <Table
        rowKey="entryId"
        size="small"
        pagination={false}
        dataSource={s.rows}
        data-testid="score-sheet"
        scroll={{ x: true }}
        columns={[
          { title: t('名次'), dataIndex: 'rank', width: 64, render: (v: number | null) => v ?? '—' },
          { title: t('选手'), dataIndex: 'label', render: (v: string) => tx(v) },
          ...s.judges.map((j, i) => ({
            key: `j${j.id}`,
            title: tx(j.name),
            render: (_: unknown, r: ScoreSheetView['rows'][number]) => fmt(r.scores[i] ?? null),
          })),
          { title: t('最高分'), dataIndex: 'highest', render: fmt },
          { title: t('最低分'), dataIndex: 'lowest', render: fmt },
          { title: t('最后得分'), dataIndex: 'result', render: (v: number | null) => <Typography.Text strong>{fmt(v)}</Typography.Text> },
          { title: t('平均分'), dataIndex: 'mean', render: fmt },
          {
            title: t('状态'),
            key: 'state',
            render: (_: unknown, r: ScoreSheetView['rows'][number]) => (
              <Space size={4} wrap>
                {r.flagged ? (
                  <Tooltip title={t('最高分与最低分相差超过 {n} 分，请复核', { n: s.spreadPoints })}>
                    <Tag color="red" icon={<WarningOutlined />}>
                      {t('评分分歧')}
                    </Tag>
                  </Tooltip>
                ) : null}
                {!r.complete && r.rank !== null ? <Tag color="orange">{t('未评完')}</Tag> : null}
                {r.advanced ? <Tag color="green">{t('晋级')}</Tag> : null}
                {r.award ? <Tag color={PRIZE_COLORS[r.award]}>{t(PRIZE_LABELS[r.award])}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function AwardsTab({ c }: { c: CompetitionView }) {
  const { t, tx } = useI18n();
  const { showServerError } = useFormErrors();
  const award = useAward(c.id);
  const revoke = useRevokeAwards(c.id);
  const { message } = App.useApp();
  const [revoking, setRevoking] = useState<CompetitionView['trades'][number] | null>(null);
  const [honour, setHonour] = useState(true);
  const final = c.rounds[c.rounds.length - 1];
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        {t('奖项按最后一轮（{name}）的排名和各工种的名额评定，并列者同奖。', { name: final ? tx(final.name) : '—' })}
      </Typography.Text>
      {c.trades.map((trade) => {
        const winners = c.entries.filter((e) => e.tradeId === trade.id && e.award).sort((a, b) => a.award!.rank - b.award!.rank);
        return (
          <Card
            key={trade.id}
            size="small"
            title={tx(trade.name)}
            data-testid={`awards-${trade.id}`}
            extra={
              trade.awarded && c.can.correct ? (
                <Button size="small" danger onClick={() => setRevoking(trade)}>
                  {t('撤销奖项')}
                </Button>
              ) : null
            }
          >
            {trade.awarded ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={winners}
                columns={[
                  { title: t('名次'), render: (_: unknown, e) => e.award!.rank },
                  { title: t('奖项'), render: (_: unknown, e) => <Tag color={PRIZE_COLORS[e.award!.prize]}>{t(PRIZE_LABELS[e.award!.prize])}</Tag> },
                  { title: t('选手或队名'), dataIndex: 'label', render: (v: string) => tx(v) },
                  { title: t('人员'), render: (_: unknown, e) => e.members.map((m) => tx(m.name)).join('、') },
                  { title: t('职工档案'), render: (_: unknown, e) => (e.award!.honoured ? <Tag color="gold">{t('已记入荣誉')}</Tag> : '—') },
                ]}
              />
            ) : c.can.correct ? (
              <Space wrap>
                <Checkbox checked={honour} onChange={(e) => setHonour(e.target.checked)}>
                  {t('在获奖职工的档案中记入荣誉「技能竞赛获奖」')}
                </Checkbox>
                <Button
                  type="primary"
                  icon={<TrophyOutlined />}
                  loading={award.isPending}
                  onClick={() => award.mutate({ tradeId: trade.id, honour }, { onError: (e) => showServerError(e) })}
                >
                  {t('评定奖项')}
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('尚未评定')}</Typography.Text>
            )}
          </Card>
        );
      })}
      <ReasonModal<{ reason: string }>
        name="revoke-awards"
        open={revoking !== null}
        title={t('撤销奖项 · {name}', { name: revoking ? tx(revoking.name) : '' })}
        okText={t('确认撤销')}
        danger
        reasonLabel="撤销原因"
        reasonSchema={RevokeAwardsInput.shape.reason}
        presets={['成绩复核有误', '获奖选手违反竞赛规则']}
        intro={t('撤销后可按当前排名重新评定；随奖项记入职工档案的荣誉一并撤销（在其他竞赛获奖者保留）。')}
        onClose={() => setRevoking(null)}
        onSubmit={async (v) => {
          const r = await revoke.mutateAsync({ tradeId: revoking!.id, reason: v.reason });
          message.success(t('已撤销 {n} 个奖项', { n: r.revoked }));
        }}
      />
    </Flex>
  );
}
