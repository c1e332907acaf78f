/**
 * 夏令营: a camp with its rules and reserved places per priority group; the applications (children
 * masked); the children registered with their guardians' consent (details only through the audited
 * reveal); the seed published before the draw, the draw, its order, and two checks: the server runs
 * it again, and this browser runs it again from the published seed and numbers alone (Web Crypto).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  DatePicker,
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
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors } from '../../../web/components/forms.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import {
  APPLICATION_STATUS_LABELS,
  CAMP_GROUPS,
  CAMP_GROUP_LABELS,
  CAMP_PHASE_LABELS,
  CONSENT_RELATIONS,
  CONSENT_RELATION_LABELS,
  GRADE_LABELS,
  WON_VIA_LABELS,
  type CampRow,
  type ChildDetails,
  type DrawResult,
} from '../camps.contract.ts';
import { runDraw } from '../camps-draw.contract.ts';
import {
  checkDraw,
  useApplications,
  useApply,
  useCamp,
  useCamps,
  useChildren,
  useCreateCamp,
  useDraw,
  usePublishSeed,
  useRegisterChild,
  useRevealChild,
  useRunDraw,
  useWithdraw,
} from './camps.api.ts';
import { useI18n } from './i18n.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));

/** The draw run again in this browser from what is published: the seed from its source, every key, the order and the places. */
async function rerunInBrowser(d: DrawResult): Promise<{ seedOk: boolean; identical: boolean }> {
  const enc = new TextEncoder();
  const seedOk = hex(await crypto.subtle.digest('SHA-256', enc.encode(d.announcedValue ?? ''))) === d.seed;
  const key = await crypto.subtle.importKey('raw', bytes(d.seed!), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const entries = await Promise.all(
    d.lines.map(async (l) => ({ no: l.no, groups: l.groups, key: hex(await crypto.subtle.sign('HMAC', key, enc.encode(String(l.no)))) })),
  );
  const fresh = runDraw(entries, d.places, d.reserved as Parameters<typeof runDraw>[2]);
  const identical =
    fresh.length === d.lines.length && fresh.every((l, i) => l.no === d.lines[i]!.no && l.key === d.lines[i]!.key && l.outcome === d.lines[i]!.outcome);
  return { seedOk, identical };
}

export function CampsPage() {
  const { t, tx } = useI18n();
  const [params, setParams] = useSearchParams();
  const list = useCamps();
  const id = Number(params.get('id')) || list.data?.items[0]?.id;
  const camp = useCamp(id);
  const [creating, setCreating] = useState(false);
  const children = usePermissions().has('events:children');

  return (
    <Page
      title={t('夏令营')}
      subTitle={t('职工子女报名、优先群体预留名额、公开种子摇号')}
      extra={
        <Space>
          <Select
            style={{ minWidth: 280 }}
            placeholder={t('选择夏令营')}
            aria-label={t('选择夏令营')}
            value={id}
            onChange={(v: number) => setParams({ id: String(v) })}
            options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: `${tx(c.title)}（${tx(c.orgName)}）` }))}
          />
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('新建夏令营')}
          </Button>
        </Space>
      }
    >
      {list.error ? <LoadError error={list.error} /> : null}
      {camp.data ? <CampView camp={camp.data} children={children} /> : list.data && !list.data.items.length ? <Empty description={t('还没有夏令营')} /> : null}
      <CreateCamp open={creating} onClose={() => setCreating(false)} onCreated={(n) => setParams({ id: String(n) })} />
    </Page>
  );
}

function CampView({ camp, children }: { camp: CampRow; children: boolean }) {
  const { t, tx, date } = useI18n();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Descriptions
          column={3}
          size="small"
          title={tx(camp.title)}
          extra={<Tag color={camp.phase === 'drawn' ? 'green' : 'blue'}>{t(CAMP_PHASE_LABELS[camp.phase])}</Tag>}
        >
          <Descriptions.Item label={t('主办工会')}>{tx(camp.orgName)}</Descriptions.Item>
          <Descriptions.Item label={t('营期')}>{`${date(camp.startsOn)} – ${date(camp.endsOn)}`}</Descriptions.Item>
          <Descriptions.Item label={t('营地')}>{tx(camp.place)}</Descriptions.Item>
          <Descriptions.Item label={t('名额')}>{t('{taken} / {places} 人', { taken: camp.taken, places: camp.places })}</Descriptions.Item>
          <Descriptions.Item label={t('年龄（开营日）')}>{t('{min}–{max} 岁', { min: camp.minAge, max: camp.maxAge })}</Descriptions.Item>
          <Descriptions.Item label={t('年级')}>{`${t(GRADE_LABELS[camp.minGrade]!)} – ${t(GRADE_LABELS[camp.maxGrade]!)}`}</Descriptions.Item>
          <Descriptions.Item label={t('预留名额')} span={2}>
            <Space wrap>
              {CAMP_GROUPS.filter((g) => camp.reserved[g]).map((g) => (
                <Tag key={g}>{t('{group} {n} 个', { group: t(CAMP_GROUP_LABELS[g]), n: camp.reserved[g] ?? 0 })}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('有效报名')}>{t('{n} 份', { n: camp.applications })}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        items={[
          { key: 'draw', label: t('摇号'), children: <DrawTab camp={camp} /> },
          ...(children
            ? [
                { key: 'applications', label: t('报名名单'), children: <ApplicationsTab camp={camp} /> },
                { key: 'children', label: t('职工子女'), children: <ChildrenTab /> },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

function DrawTab({ camp }: { camp: CampRow }) {
  const { t, tx, dateTime } = useI18n();
  const draw = useDraw(camp.id);
  const publish = usePublishSeed(camp.id);
  const run = useRunDraw(camp.id);
  const { showServerError } = useFormErrors();
  const [form] = Form.useForm<{ announcedValue: string }>();
  const [check, setCheck] = useState<string | null>(null);
  const [browser, setBrowser] = useState<{ seedOk: boolean; identical: boolean } | null>(null);

  const serverCheck = async () => {
    const r = await checkDraw(camp.id);
    setCheck(
      r.identical
        ? t('服务器复核：按种子重算 {n} 份申请，与公布结果一致', { n: r.checked })
        : t('服务器复核：第 {n} 位与公布结果不一致', { n: r.firstDifference ?? 0 }),
    );
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('摇号规则')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 0 }}>{tx(draw.data?.algorithm)}</Typography.Paragraph>
      </Card>
      {camp.phase === 'open' && camp.can.manage ? (
        <Card size="small" title={t('第一步：公布种子（报名随即截止）')}>
          <Form
            form={form}
            layout="inline"
            onFinish={(v) => publish.mutate(v.announcedValue, { onError: (e) => showServerError(e, form), onSuccess: () => form.resetFields() })}
          >
            <Form.Item name="announcedValue" label={t('公开随机数来源')} rules={[{ required: true, message: t('请填写公开随机数来源') }]}>
              <Input style={{ width: 420 }} placeholder={t('如：某年某月某日 体彩排列五第某期开奖号码')} maxLength={200} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={publish.isPending}>
              {t('公布种子')}
            </Button>
          </Form>
        </Card>
      ) : null}
      {camp.seed ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('公开随机数来源')}>{tx(camp.announcedValue)}</Descriptions.Item>
          <Descriptions.Item label={t('种子')}>
            <Typography.Text code copyable data-testid="camp-seed">
              {camp.seed}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('公布时间')}>{dateTime(camp.publishedAt)}</Descriptions.Item>
          {camp.drawnAt ? <Descriptions.Item label={t('摇号时间')}>{dateTime(camp.drawnAt)}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
      {camp.phase === 'published' && camp.can.manage ? (
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate(undefined, { onError: (e) => showServerError(e) })}>
          {t('第二步：按种子摇号')}
        </Button>
      ) : null}
      {camp.phase === 'drawn' && draw.data ? (
        <>
          <Space wrap>
            <Button icon={<SafetyCertificateOutlined />} onClick={() => void serverCheck()}>
              {t('复核（服务器按种子重算）')}
            </Button>
            <Button onClick={() => void rerunInBrowser(draw.data).then(setBrowser)}>{t('在本浏览器按种子重算')}</Button>
            <Typography.Link href={`/api/public/camps/${camp.id}/draw`} target="_blank">
              {t('公开核验数据（JSON）')}
            </Typography.Link>
          </Space>
          {check ? <Alert role="status" type={check.includes('一致') && !check.includes('不一致') ? 'success' : 'error'} title={check} /> : null}
          {browser ? (
            <Alert
              role="status"
              type={browser.seedOk && browser.identical ? 'success' : 'error'}
              title={browser.seedOk && browser.identical ? t('本浏览器重算：种子与来源相符，摇号顺序和结果与公布一致') : t('本浏览器重算：与公布结果不一致')}
            />
          ) : null}
          <Table
            size="small"
            rowKey="no"
            dataSource={draw.data.lines}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('顺序'), dataIndex: 'rank', width: 70 },
              { title: t('申请编号'), dataIndex: 'no', width: 100 },
              { title: t('排序值（HMAC-SHA-256）'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{`${k.slice(0, 16)}…`}</Typography.Text> },
              {
                title: t('优先群体'),
                dataIndex: 'groups',
                render: (gs: string[]) => gs.map((g) => <Tag key={g}>{t(CAMP_GROUP_LABELS[g as keyof typeof CAMP_GROUP_LABELS])}</Tag>),
              },
              {
                title: t('结果'),
                key: 'outcome',
                render: (_: unknown, l: DrawResult['lines'][number]) =>
                  l.outcome === 'waiting' ? (
                    <Tag>{t('候补第 {n} 位', { n: l.waitingNo ?? 0 })}</Tag>
                  ) : (
                    <Tag color="green">{t('录取（{via}）', { via: t(WON_VIA_LABELS[l.outcome]) })}</Tag>
                  ),
              },
            ]}
          />
        </>
      ) : null}
    </Flex>
  );
}

function ApplicationsTab({ camp }: { camp: CampRow }) {
  const { t, tx } = useI18n();
  const apps = useApplications(camp.id, true);
  const children = useChildren(true);
  const apply = useApply(camp.id);
  const withdraw = useWithdraw(camp.id);
  const { showServerError } = useFormErrors();
  const [form] = Form.useForm<{ childId: number; dualEarner: boolean }>();
  return (
    <Flex vertical gap={12}>
      {camp.phase === 'open' ? (
        <Form form={form} layout="inline" onFinish={(v) => apply.mutate(v, { onError: (e) => showServerError(e, form), onSuccess: () => form.resetFields() })}>
          <Form.Item name="childId" label={t('子女')} rules={[{ required: true, message: t('请选择子女') }]}>
            <Select
              style={{ width: 300 }}
              options={(children.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${tx(c.nameMasked)}（${t(GRADE_LABELS[c.grade]!)}，${t('监护人')} ${tx(c.guardianName)}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="dualEarner" label={t('双职工家庭')} valuePropName="checked" initialValue={false}>
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={apply.isPending}>
            {t('代为报名')}
          </Button>
        </Form>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={apps.isLoading}
        dataSource={apps.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('申请编号'), dataIndex: 'no', width: 90, sorter: (a, b) => a.no - b.no },
          { title: t('子女'), dataIndex: 'childNameMasked', render: (v: string) => tx(v) },
          { title: t('年龄'), dataIndex: 'age', width: 70 },
          { title: t('年级'), dataIndex: 'grade', render: (g: number) => t(GRADE_LABELS[g]!) },
          { title: t('监护人'), dataIndex: 'guardianName', render: (v: string) => tx(v) },
          {
            title: t('优先群体'),
            dataIndex: 'groups',
            render: (gs: string[]) => gs.map((g) => <Tag key={g}>{t(CAMP_GROUP_LABELS[g as keyof typeof CAMP_GROUP_LABELS])}</Tag>),
          },
          {
            title: t('状态'),
            key: 'status',
            render: (_: unknown, a) =>
              a.status === 'waiting'
                ? t('候补第 {n} 位', { n: a.waitingNo ?? 0 })
                : a.status === 'selected' && a.wonVia
                  ? t('录取（{via}）', { via: t(WON_VIA_LABELS[a.wonVia]) })
                  : t(APPLICATION_STATUS_LABELS[a.status]),
          },
          {
            title: t('操作'),
            key: 'actions',
            render: (_: unknown, a) =>
              a.status === 'withdrawn' ? null : (
                <Button
                  size="small"
                  onClick={() =>
                    Modal.confirm({
                      title: t('退出申请 {no}', { no: a.no }),
                      content: t('已录取的名额由候补依次递补。'),
                      onOk: () => withdraw.mutateAsync({ applicationId: a.id, reason: '监护人申请退出' }).catch((e: unknown) => showServerError(e)),
                    })
                  }
                >
                  {t('退出')}
                </Button>
              ),
          },
        ]}
      />
    </Flex>
  );
}

function ChildrenTab() {
  const { t, tx, date } = useI18n();
  const list = useChildren(true);
  const reveal = useRevealChild();
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<ChildDetails | null>(null);
  const { showServerError } = useFormErrors();
  return (
    <Flex vertical gap={12}>
      <Alert type="info" title={t('职工子女信息属于敏感个人信息：登记须有监护人的单独同意，查看完整信息须说明原因并留痕。')} />
      <div>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('登记子女')}
        </Button>
      </div>
      <Table
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('子女'), dataIndex: 'nameMasked', render: (v: string) => tx(v) },
          { title: t('证件号码'), dataIndex: 'idMasked' },
          { title: t('出生年份'), dataIndex: 'birthYear' },
          { title: t('年级'), dataIndex: 'grade', render: (g: number) => t(GRADE_LABELS[g]!) },
          { title: t('监护人'), dataIndex: 'guardianName', render: (v: string) => tx(v) },
          { title: t('同意人 / 日期'), key: 'consent', render: (_: unknown, c) => `${tx(c.consentGivenBy)} ${date(c.consentGivenOn)}` },
          {
            title: t('操作'),
            key: 'reveal',
            render: (_: unknown, c) => (
              <Button
                size="small"
                onClick={() => reveal.mutate({ childId: c.id, reason: '核对夏令营报名材料' }, { onSuccess: setShown, onError: (e) => showServerError(e) })}
              >
                {t('查看完整信息')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={!!shown} title={t('职工子女信息（本次查看已留痕）')} footer={null} onCancel={() => setShown(null)}>
        {shown ? (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('姓名')}>{tx(shown.name)}</Descriptions.Item>
            <Descriptions.Item label={t('证件号码')}>{shown.idNumber}</Descriptions.Item>
            <Descriptions.Item label={t('出生日期')}>{date(shown.birthDate)}</Descriptions.Item>
            <Descriptions.Item label={t('同意人')}>{`${tx(shown.consentGivenBy)}（${t(CONSENT_RELATION_LABELS[shown.consentRelation])}）`}</Descriptions.Item>
            <Descriptions.Item label={t('同意用途')}>{tx(shown.consentPurpose)}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Modal>
      <RegisterChild open={adding} onClose={() => setAdding(false)} />
    </Flex>
  );
}

function RegisterChild({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const register = useRegisterChild();
  const { showServerError } = useFormErrors();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    register.mutate(
      {
        guardianPersonId: v.guardianPersonId,
        name: v.name,
        idNumber: v.idNumber,
        grade: v.grade,
        consent: { givenBy: v.givenBy, relation: v.relation, givenOn: (v.givenOn as Dayjs).format('YYYY-MM-DD'), purpose: v.purpose },
      },
      { onSuccess: () => (form.resetFields(), onClose()), onError: (e) => showServerError(e, form, { rename: (f) => f.replace(/^consent\./, '') }) },
    );
  };
  return (
    <Modal title={t('登记子女')} open={open} onCancel={onClose} onOk={() => void submit()} okText={t('登记')} confirmLoading={register.isPending}>
      <Form form={form} layout="vertical" initialValues={{ relation: 'father', purpose: '报名工会夏令营（审核、摇号、录取和活动组织）' }}>
        <Form.Item name="guardianPersonId" label={t('监护人')} rules={[{ required: true, message: t('请选择监护人') }]}>
          <PersonPicker />
        </Form.Item>
        <Form.Item name="name" label={t('子女姓名')} rules={[{ required: true, message: t('请填写子女姓名') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('子女证件号码')} rules={[{ required: true, message: t('请填写子女证件号码') }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="grade" label={t('年级')} rules={[{ required: true, message: t('请选择年级') }]}>
          <Select options={Object.entries(GRADE_LABELS).map(([v, l]) => ({ value: Number(v), label: t(l) }))} />
        </Form.Item>
        <Typography.Text strong>{t('监护人的单独同意')}</Typography.Text>
        <Form.Item name="givenBy" label={t('同意人姓名')} rules={[{ required: true, message: t('请填写同意人姓名') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="relation" label={t('与子女关系')}>
          <Radio.Group options={CONSENT_RELATIONS.map((r) => ({ value: r, label: t(CONSENT_RELATION_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item name="givenOn" label={t('同意日期')} rules={[{ required: true, message: t('请选择同意日期') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="purpose" label={t('同意用途')} rules={[{ required: true, message: t('请填写同意用途') }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CreateCamp({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const create = useCreateCamp();
  const { showServerError } = useFormErrors();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const [from, to] = v.period as [Dayjs, Dayjs];
    create.mutate(
      {
        orgId: v.orgId,
        title: v.title,
        description: null,
        place: v.place,
        startsOn: from.format('YYYY-MM-DD'),
        endsOn: to.format('YYYY-MM-DD'),
        places: v.places,
        minAge: v.minAge,
        maxAge: v.maxAge,
        minGrade: v.minGrade,
        maxGrade: v.maxGrade,
        reserved: Object.fromEntries(CAMP_GROUPS.map((g) => [g, v[`r_${g}`] ?? 0])),
      },
      {
        onSuccess: (c) => (form.resetFields(), onClose(), onCreated(c.id)),
        onError: (e) =>
          showServerError(e, form, { rename: (f) => (f.startsWith('reserved.') ? `r_${f.slice(9)}` : f === 'startsOn' || f === 'endsOn' ? 'period' : f) }),
      },
    );
  };
  const grades = Object.entries(GRADE_LABELS).map(([v, l]) => ({ value: Number(v), label: t(l) }));
  return (
    <Modal title={t('新建夏令营')} open={open} onCancel={onClose} onOk={() => void submit()} okText={t('创建')} confirmLoading={create.isPending} width={640}>
      <Form form={form} layout="vertical" initialValues={{ places: 50, minAge: 8, maxAge: 14, minGrade: 2, maxGrade: 8 }}>
        <Form.Item name="orgId" label={t('主办工会')} rules={[{ required: true, message: t('请选择主办工会') }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="title" label={t('营期名称')} rules={[{ required: true, message: t('请填写营期名称') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="place" label={t('营地')} rules={[{ required: true, message: t('请填写营地') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="period" label={t('营期')} rules={[{ required: true, message: t('请选择营期') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space wrap>
          <Form.Item name="places" label={t('名额')}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="minAge" label={t('最小年龄')}>
            <InputNumber min={3} max={18} />
          </Form.Item>
          <Form.Item name="maxAge" label={t('最大年龄')}>
            <InputNumber min={3} max={18} />
          </Form.Item>
          <Form.Item name="minGrade" label={t('最低年级')}>
            <Select style={{ width: 110 }} options={grades} />
          </Form.Item>
          <Form.Item name="maxGrade" label={t('最高年级')}>
            <Select style={{ width: 110 }} options={grades} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('预留名额')}</Typography.Text>
        <Space wrap>
          {CAMP_GROUPS.map((g) => (
            <Form.Item key={g} name={`r_${g}`} label={t(CAMP_GROUP_LABELS[g])}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}
