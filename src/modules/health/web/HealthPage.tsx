/**
 * 健康守护 for union staff: the programmes (new one with its target rule), and for the one picked:
 * hospitals, packages and the slot generator; bookings with bulk booking and attendance; the
 * hospitals' results import (row problems, abnormal counts); coverage and abnormal findings.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import type { ButtonProps } from 'antd';
import { InboxOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { ImportCheckPanel } from '../../../web/components/ImportCheckPanel.tsx';
import { EChart } from '../../../web/components/EChart.tsx';
import { useFormErrors } from '../../../web/components/forms.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { RuleBuilder, cleanRule } from '../../people/web/RuleBuilder.tsx';
import { chinaToday } from '../../../shared/dates.ts';
import {
  BOOKING_SOURCE_LABELS,
  BOOKING_STATUS_LABELS,
  PACKAGE_GROUPS,
  PACKAGE_GROUP_LABELS,
  PROGRAMME_STATUS_LABELS,
  type BookingRow,
  type ProgrammeView,
  type ResultImportResult,
} from '../health.contract.ts';
import {
  useAddHospital,
  useAddPackage,
  useAttendance,
  useBookings,
  useBulkBook,
  useCancelBooking,
  useCreateProgramme,
  useGenerateSlots,
  useImportResults,
  useProgramme,
  useProgrammeStatus,
  useProgrammes,
  useStats,
} from './health.api.ts';
import { useI18n } from './i18n.ts';

export function HealthPage() {
  const { t, tx } = useI18n();
  const { has } = usePermissions();
  const list = useProgrammes();
  const [picked, setPicked] = useState<number>();
  const [creating, setCreating] = useState(false);
  const id = picked ?? list.data?.items[0]?.id;
  const programme = useProgramme(id);
  return (
    <Page
      title={t('健康守护')}
      subTitle={t('体检项目、预约、结果和异常随访')}
      extra={
        <Space>
          {has('health:results') ? <Link to="/health/followups">{t('异常随访')}</Link> : null}
          {has('health:manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="health-new">
              {t('新建体检项目')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {list.isError ? <LoadError error={list.error} /> : null}
      <Select
        style={{ minWidth: 360, marginBottom: 16 }}
        value={id}
        onChange={setPicked}
        placeholder={t('选择体检项目')}
        options={(list.data?.items ?? []).map((g) => ({ value: g.id, label: `${tx(g.title)}（${tx(PROGRAMME_STATUS_LABELS[g.status])}）` }))}
        data-testid="health-programme"
      />
      {!list.isPending && !list.data?.items.length ? <Empty description={t('暂无体检项目')} /> : null}
      {programme.data ? <ProgrammeTabs g={programme.data} /> : null}
      {creating ? <CreateProgramme onClose={(newId) => (setCreating(false), newId && setPicked(newId))} /> : null}
    </Page>
  );
}

function CreateProgramme({ onClose }: { onClose: (id?: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const create = useCreateProgramme();
  const { showServerError } = useFormErrors();
  const onError = (e: unknown) => showServerError(e, form);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const g = await create.mutateAsync({ orgId: v.orgId, year: v.year, title: v.title, description: v.description ?? null, audience: cleanRule(v.audience) });
      onClose(g.id);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <Modal open title={t('新建体检项目')} onOk={submit} onCancel={() => onClose()} confirmLoading={create.isPending} width={760} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year: Number(chinaToday().slice(0, 4)) }}>
        <Form.Item name="orgId" label={t('主办单位')} rules={[{ required: true, message: t('请选择主办单位') }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="title" label={t('项目名称')} rules={[{ required: true, message: t('请填写项目名称') }]}>
              <Input maxLength={60} data-testid="health-title" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="year" label={t('年度')}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('说明')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Card size="small" title={t('体检对象条件')}>
          <RuleBuilder name={['audience']} compact />
        </Card>
      </Form>
    </Modal>
  );
}

function ProgrammeTabs({ g }: { g: ProgrammeView }) {
  const { t, tx } = useI18n();
  const status = useProgrammeStatus(g.id);
  return (
    <Card
      title={tx(g.title)}
      extra={
        <Space>
          <Tag color={g.status === 'open' ? 'green' : undefined}>{tx(PROGRAMME_STATUS_LABELS[g.status])}</Tag>
          {g.can.manage && g.status !== 'open' ? (
            <Button onClick={() => status.mutate('open')} loading={status.isPending} data-testid="health-open">
              {t('开放预约')}
            </Button>
          ) : null}
          {g.can.manage && g.status === 'open' ? <Button onClick={() => status.mutate('closed')}>{t('结束')}</Button> : null}
        </Space>
      }
    >
      {status.error ? <Alert type="error" showIcon title={(status.error as Error).message} /> : null}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title={t('体检对象')} value={g.reach} suffix={t('人')} />
        </Col>
        <Col span={6}>
          <Statistic title={t('已预约')} value={g.booked} suffix={t('人')} />
        </Col>
        <Col span={6}>
          <Statistic title={t('已到检')} value={g.attended} suffix={t('人')} />
        </Col>
        <Col span={6}>
          <Statistic title={t('总名额')} value={g.capacity} />
        </Col>
      </Row>
      <Tabs
        items={[
          { key: 'setup', label: t('医院与时段'), children: <Setup g={g} /> },
          { key: 'bookings', label: t('预约名单'), children: <Bookings g={g} /> },
          ...(g.can.results ? [{ key: 'results', label: t('结果导入'), children: <ResultsImport g={g} /> }] : []),
          { key: 'stats', label: t('统计'), children: <Stats g={g} /> },
        ]}
      />
    </Card>
  );
}

function Setup({ g }: { g: ProgrammeView }) {
  const { t, tx } = useI18n();
  const addHospital = useAddHospital(g.id);
  const addPackage = useAddPackage(g.id);
  const generate = useGenerateSlots(g.id);
  const [hForm] = Form.useForm();
  const [pForm] = Form.useForm();
  const [sForm] = Form.useForm();
  const { showServerError } = useFormErrors();
  const hErr = (e: unknown) => showServerError(e, hForm);
  const pErr = (e: unknown) => showServerError(e, pForm);
  const sErr = (e: unknown) => showServerError(e, sForm);
  const hospitalName = (id: number) => tx(g.hospitals.find((h) => h.id === id)?.name);
  const hospitals = g.hospitals.map((h) => ({ value: h.id, label: tx(h.name) }));
  return (
    <Flex vertical gap={16}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={g.packages}
        columns={[
          { title: t('医院'), dataIndex: 'hospitalId', render: hospitalName },
          { title: t('套餐'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('适用人群'), dataIndex: 'group', render: (v: keyof typeof PACKAGE_GROUP_LABELS) => tx(PACKAGE_GROUP_LABELS[v]) },
          { title: t('检查项目'), dataIndex: 'examItems', render: (v: string) => tx(v) },
        ]}
        locale={{ emptyText: t('暂无套餐') }}
      />
      {g.can.manage ? (
        <Row gutter={16}>
          <Col span={8}>
            <Card size="small" title={t('添加合作医院')}>
              <Form form={hForm} layout="vertical" onFinish={(v) => addHospital.mutateAsync(v).then(() => void hForm.resetFields(), hErr)}>
                <Form.Item name="name" label={t('医院名称')} rules={[{ required: true, message: t('请填写医院名称') }]}>
                  <Input data-testid="health-hospital-name" />
                </Form.Item>
                <Form.Item name="address" label={t('地址')}>
                  <Input />
                </Form.Item>
                <Button htmlType="submit" loading={addHospital.isPending}>
                  {t('添加')}
                </Button>
              </Form>
            </Card>
          </Col>
          <Col span={8}>
            <Card size="small" title={t('添加套餐')}>
              <Form form={pForm} layout="vertical" onFinish={(v) => addPackage.mutateAsync(v).then(() => void pForm.resetFields(), pErr)}>
                <Form.Item name="hospitalId" label={t('医院')} rules={[{ required: true, message: t('请选择医院') }]}>
                  <Select options={hospitals} />
                </Form.Item>
                <Form.Item name="group" label={t('适用人群')} rules={[{ required: true, message: t('请选择适用人群') }]}>
                  <Select options={PACKAGE_GROUPS.map((v) => ({ value: v, label: tx(PACKAGE_GROUP_LABELS[v]) }))} />
                </Form.Item>
                <Form.Item name="name" label={t('套餐名称')} rules={[{ required: true, message: t('请填写套餐名称') }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="examItems" label={t('检查项目')} rules={[{ required: true, message: t('请填写检查项目') }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Button htmlType="submit" loading={addPackage.isPending}>
                  {t('添加')}
                </Button>
              </Form>
            </Card>
          </Col>
          <Col span={8}>
            <Card size="small" title={t('生成预约时段')}>
              <Form
                form={sForm}
                layout="vertical"
                initialValues={{ capacity: 50, weekdays: [1, 2, 3, 4, 5] }}
                onFinish={(v: { hospitalId: number; range: [Dayjs, Dayjs]; capacity: number; weekdays: number[] }) =>
                  generate
                    .mutateAsync({
                      hospitalId: v.hospitalId,
                      from: v.range[0].format('YYYY-MM-DD'),
                      to: v.range[1].format('YYYY-MM-DD'),
                      capacity: v.capacity,
                      weekdays: v.weekdays,
                    })
                    .then(() => undefined, sErr)
                }
              >
                <Form.Item name="hospitalId" label={t('医院')} rules={[{ required: true, message: t('请选择医院') }]}>
                  <Select options={hospitals} />
                </Form.Item>
                <Form.Item name="range" label={t('日期范围')} rules={[{ required: true, message: t('请选择日期范围') }]}>
                  <DatePicker.RangePicker />
                </Form.Item>
                <Form.Item name="capacity" label={t('每日名额')}>
                  <InputNumber min={1} max={10000} />
                </Form.Item>
                <Form.Item name="weekdays" label={t('星期')}>
                  <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`周${'一二三四五六日'[d - 1]}`) }))} />
                </Form.Item>
                <Button htmlType="submit" loading={generate.isPending}>
                  {t('生成')}
                </Button>
              </Form>
            </Card>
          </Col>
        </Row>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        dataSource={g.slots}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t('日期'), dataIndex: 'day' },
          { title: t('医院'), dataIndex: 'hospitalId', render: hospitalName },
          { title: t('名额'), dataIndex: 'capacity' },
          { title: t('已预约'), dataIndex: 'booked' },
          { title: t('剩余'), key: 'left', render: (_: unknown, s) => s.capacity - s.booked },
        ]}
        locale={{ emptyText: t('暂无时段') }}
        data-testid="health-slots"
      />
    </Flex>
  );
}

function Bookings({ g }: { g: ProgrammeView }) {
  const { t, tx } = useI18n();
  const [page, setPage] = useState(1);
  const list = useBookings(g.id, page);
  const attend = useAttendance();
  const cancel = useCancelBooking();
  const [cancelling, setCancelling] = useState<BookingRow>();
  const [reason, setReason] = useState('');
  const book = useBulkBook(g.id);
  const [form] = Form.useForm();
  const { showServerError } = useFormErrors();
  const onError = (e: unknown) => showServerError(e, form);
  const [done, setDone] = useState<string>();
  const hospitalName = (id: number) => tx(g.hospitals.find((h) => h.id === id)?.name);
  const canManage = useMemo(() => g.status === 'open', [g.status]);
  return (
    <Flex vertical gap={16}>
      {canManage ? (
        <Card size="small" title={t('代为预约')}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { slotId: number; personIds?: number[]; byRule?: boolean; consentBasis: string }) =>
              book
                .mutateAsync({ slotId: v.slotId, personIds: v.personIds ?? [], byRule: !!v.byRule, consentBasis: v.consentBasis })
                .then((r) => void setDone(t('已预约 {n} 人，该时段还剩 {left} 个名额', { n: r.booked, left: r.placesLeft })), onError)
            }
          >
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="slotId" label={t('时段')} rules={[{ required: true, message: t('请选择时段') }]}>
                  <Select
                    data-testid="health-book-slot"
                    options={g.slots
                      .filter((s) => s.day >= chinaToday())
                      .map((s) => ({ value: s.id, label: `${s.day} ${hospitalName(s.hospitalId)}（${t('剩余')} ${s.capacity - s.booked}）` }))}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="personIds" label={t('职工')}>
                  <PeoplePicker />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="byRule" valuePropName="checked" label=" ">
                  <Checkbox>{t('按对象条件预约未预约的职工')}</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="consentBasis"
              label={t('同意依据')}
              rules={[{ required: true, message: t('请填写同意依据') }]}
              tooltip={t('体检信息属敏感个人信息，代为预约须写明依据谁的同意')}
            >
              <Input placeholder={t('例：职工本人书面同意，由工会统一预约')} data-testid="health-consent" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={book.isPending} data-testid="health-book">
              {t('预约')}
            </Button>
            {done ? <Alert type="success" showIcon title={done} style={{ marginTop: 12 }} /> : null}
          </Form>
        </Card>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('身份证号'), dataIndex: 'idMasked' },
          { title: t('所属工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('医院'), dataIndex: 'hospitalName', render: (v: string) => tx(v) },
          { title: t('日期'), dataIndex: 'day' },
          { title: t('来源'), dataIndex: 'source', render: (v: keyof typeof BOOKING_SOURCE_LABELS) => tx(BOOKING_SOURCE_LABELS[v]) },
          { title: t('状态'), dataIndex: 'status', render: (v: keyof typeof BOOKING_STATUS_LABELS) => tx(BOOKING_STATUS_LABELS[v]) },
          { title: t('结果'), dataIndex: 'hasResults', render: (v: boolean) => (v ? t('已出') : '—') },
          {
            title: t('操作'),
            key: 'op',
            render: (_: unknown, b) =>
              g.can.manage || canManage ? (
                <Space>
                  <Button size="small" onClick={() => attend.mutate({ id: b.id, attended: b.status !== 'attended' })} disabled={b.hasResults}>
                    {b.status === 'attended' ? t('撤销到检') : t('到检')}
                  </Button>
                  {b.status === 'booked' && b.day >= chinaToday() ? (
                    <Button size="small" danger onClick={() => (cancel.reset(), setReason(''), setCancelling(b))} data-testid="health-booking-cancel">
                      {t('取消预约')}
                    </Button>
                  ) : null}
                </Space>
              ) : null,
          },
        ]}
        data-testid="health-bookings"
      />
      <Modal
        open={!!cancelling}
        title={cancelling ? t('取消{name}的预约（{day}）', { name: tx(cancelling.name), day: cancelling.day }) : ''}
        onCancel={() => setCancelling(undefined)}
        okText={t('取消预约')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'health-booking-cancel-ok' } as ButtonProps}
        cancelText={t('返回')}
        confirmLoading={cancel.isPending}
        onOk={() =>
          cancelling &&
          cancel.mutateAsync({ id: cancelling.id, reason }).then(
            () => setCancelling(undefined),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        <Input.TextArea
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('取消原因（记入操作日志）')}
          data-testid="health-booking-cancel-reason"
        />
        {cancel.isError ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={tx((cancel.error as Error).message)} /> : null}
      </Modal>
    </Flex>
  );
}

function ResultsImport({ g }: { g: ProgrammeView }) {
  const { t, tx } = useI18n();
  const importer = useImportResults(g.id);
  const [file, setFile] = useState<File>();
  const [checked, setChecked] = useState<ResultImportResult>();
  const [error, setError] = useState<string>();
  const run = (mode: 'check' | 'apply') => {
    if (!file) return;
    setError(undefined);
    importer.mutateAsync({ file, mode }).then(setChecked, (e: Error) => setError(e.message));
  };
  return (
    <Flex vertical gap={12}>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        beforeUpload={(f) => (setFile(f), setChecked(undefined), false)}
        onRemove={() => (setFile(undefined), setChecked(undefined))}
        data-testid="health-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('点击或拖入医院的体检结果 .xlsx 文件')}</p>
        <p className="ant-upload-hint">{t('列：身份证号、姓名、检查项目、结果、单位、参考范围、异常标志')}</p>
      </Upload.Dragger>
      <Flex gap={8} justify="end">
        <Button disabled={!file} onClick={() => run('check')} loading={importer.isPending} data-testid="health-import-check">
          {t('检查')}
        </Button>
        <Button
          type="primary"
          disabled={!file || !checked || checked.errors.length > 0 || checked.applied}
          onClick={() => run('apply')}
          data-testid="health-import-apply"
        >
          {t('导入')}
        </Button>
      </Flex>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {checked ? (
        <ImportCheckPanel
          counts={[
            { label: t('数据行'), value: checked.rows },
            { label: t('异常项目'), value: checked.abnormal },
            { label: t('新建随访'), value: checked.followUps },
          ]}
          errors={checked.errors}
          errorsTitle={t('发现 {n} 处问题，请修改文件后重新检查；本次未导入任何数据', { n: checked.errors.length })}
          outcome={
            checked.applied
              ? { ready: true, title: t('已导入 {n} 行，异常 {a} 项，新建随访 {f} 个', { n: checked.rows, a: checked.abnormal, f: checked.followUps }) }
              : { ready: true, title: t('检查通过，可以导入 {n} 行', { n: checked.rows }) }
          }
          tx={tx}
          data-testid="health-import-result"
          errorsTestId="health-import-errors"
        />
      ) : null}
    </Flex>
  );
}

function Stats({ g }: { g: ProgrammeView }) {
  const { t } = useI18n();
  const stats = useStats(g.id);
  const s = stats.data;
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');
  if (!s) return stats.isError ? <LoadError error={stats.error} /> : null;
  const option = {
    tooltip: { trigger: 'axis' },
    legend: {},
    grid: { left: 40, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: s.byOccupation.map((r) => t(r.label)) },
    yAxis: { type: 'value', minInterval: 1, name: t('人') },
    series: [
      { type: 'bar', name: t('体检对象'), data: s.byOccupation.map((r) => r.audience) },
      { type: 'bar', name: t('已体检'), data: s.byOccupation.map((r) => r.done) },
      { type: 'bar', name: t('有异常'), data: s.byOccupation.map((r) => r.abnormal) },
    ],
  };
  const columns = [
    { title: t('分组'), dataIndex: 'label', render: (v: string) => t(v) },
    { title: t('体检对象'), dataIndex: 'audience' },
    { title: t('已预约'), dataIndex: 'booked' },
    { title: t('已体检'), dataIndex: 'done' },
    { title: t('覆盖率'), key: 'cov', render: (_: unknown, r: { done: number; audience: number }) => pct(r.done, r.audience) },
    { title: t('有异常'), dataIndex: 'abnormal' },
    { title: t('异常率'), key: 'ab', render: (_: unknown, r: { abnormal: number; done: number }) => pct(r.abnormal, r.done) },
    { title: t('已随访'), dataIndex: 'followedUp' },
  ];
  return (
    <Flex vertical gap={16} data-testid="health-stats">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('覆盖率')} value={pct(s.total.done, s.total.audience)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('异常率')} value={pct(s.total.abnormal, s.total.done)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('已随访')} value={s.total.followedUp} suffix={`/ ${s.total.abnormal}`} />
        </Col>
      </Row>
      {s.byOccupation.length ? <EChart option={option} /> : <Empty description={t('暂无数据')} />}
      <Table size="small" rowKey="key" pagination={false} title={() => t('按职业')} dataSource={s.byOccupation} columns={columns} />
      <Table size="small" rowKey="key" pagination={false} title={() => t('按下级工会')} dataSource={s.byOrg} columns={columns} />
    </Flex>
  );
}

/** Several registry people for a bulk booking: pick one at a time, each shown as a tag. */
function PeoplePicker({ value = [], onChange }: { value?: number[]; onChange?: (ids: number[]) => void }) {
  const [names, setNames] = useState<Record<number, string>>({});
  return (
    <Flex vertical gap={8}>
      <PersonPicker
        value={undefined}
        exclude={value}
        onChange={(id, person) => {
          if (!id || value.includes(id)) return;
          setNames((n) => ({ ...n, [id]: person?.name ?? String(id) }));
          onChange?.([...value, id]);
        }}
      />
      <Flex wrap gap={4}>
        {value.map((id) => (
          <Tag key={id} closable onClose={() => onChange?.(value.filter((x) => x !== id))}>
            {names[id] ?? id}
          </Tag>
        ))}
      </Flex>
    </Flex>
  );
}
