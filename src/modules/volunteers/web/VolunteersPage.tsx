/**
 * 志愿服务 for union staff: the volunteer roster (register from the registry, certificates), teams,
 * projects with their shifts (the venue's QR poster, who signed up and who is checked in), service
 * time with the back-fills waiting for approval, the 三单制 dispatch board, and the roll-up.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Rate,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useDialogForm, useFormErrors } from '../../../web/components/forms.ts';
import { usePermissions, useMe } from '../../auth/web/auth.api.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { chinaToday, addDays } from '../../../shared/dates.ts';
import {
  AVAILABILITY,
  AVAILABILITY_LABELS,
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  PROJECT_STATUS_LABELS,
  ProjectInput,
  RECORD_SOURCE_LABELS,
  RECORD_STATUS_LABELS,
  SERVICE_KINDS,
  SERVICE_KIND_LABELS,
  SKILLS,
  SKILL_LABELS,
  ShiftInput,
  StaffOrderInput,
  TeamInput,
  VolunteerInput,
  type OrderStatus,
  type OrderView,
  type ProjectView,
  type RecordStatus,
  type RecordView,
  type ShiftView,
  type TeamView,
  type VolunteerView,
} from '../volunteers.contract.ts';
import {
  useAddMember,
  useAddShift,
  useCertificates,
  useCreateProject,
  useCreateTeam,
  useDecline,
  useDispatch,
  useIssueCertificate,
  useOrders,
  useProjectStatus,
  useProjects,
  useRecords,
  useRegisterVolunteer,
  useRemoveMember,
  useReview,
  useRevokeCertificate,
  useRoster,
  useStaffOrder,
  useStaffRate,
  useStaffSignUp,
  useTeams,
  useVolunteerStats,
  useVolunteers,
} from './volunteers.api.ts';
import { useI18n } from './i18n.ts';

const RECORD_COLORS: Record<RecordStatus, string> = { open: 'blue', pending: 'gold', valid: 'green', rejected: 'default' };
const ORDER_COLORS: Record<OrderStatus, string> = {
  ordered: 'gold',
  dispatched: 'blue',
  accepted: 'cyan',
  done: 'purple',
  rated: 'green',
  declined: 'default',
  cancelled: 'default',
};

/** Minutes as 3 小时 5 分钟. */
function useDuration() {
  const { t } = useI18n();
  return (m: number | null) => (m === null ? '—' : t('{h} 小时 {m} 分钟', { h: Math.floor(m / 60), m: m % 60 }));
}

export function VolunteersPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'volunteers';
  return (
    <Page title={t('志愿服务')} subTitle={t('志愿者、服务队、项目与班次、服务时长、点单派单')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'volunteers', label: t('志愿者'), children: <VolunteersTab /> },
          { key: 'teams', label: t('服务队'), children: <TeamsTab /> },
          { key: 'projects', label: t('项目与班次'), children: <ProjectsTab /> },
          { key: 'records', label: t('服务时长'), children: <RecordsTab /> },
          { key: 'orders', label: t('点单派单'), children: <OrdersTab /> },
          { key: 'stats', label: t('统计'), children: <StatsTab /> },
        ]}
      />
    </Page>
  );
}

// ---- volunteers ----

function VolunteersTab() {
  const { t, tx } = useI18n();
  const { has: can } = usePermissions();
  const duration = useDuration();
  const [q, setQ] = useState<{ q?: string; skill?: (typeof SKILLS)[number]; page: number }>({ page: 1 });
  const list = useVolunteers({ ...q, pageSize: 20 });
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<VolunteerView | null>(null);
  return (
    <Card>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('姓名或拼音')} style={{ width: 220 }} onSearch={(v) => setQ({ ...q, q: v || undefined, page: 1 })} />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('服务技能')}
          value={q.skill}
          onChange={(v) => setQ({ ...q, skill: v, page: 1 })}
          options={SKILLS.map((s) => ({ value: s, label: t(SKILL_LABELS[s]) }))}
        />
        {can('volunteers:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="volunteer-add">
            {t('登记志愿者')}
          </Button>
        ) : null}
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<VolunteerView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('暂无志愿者') }}
        data-testid="volunteers-table"
        pagination={{ current: q.page, pageSize: 20, total: list.data?.total ?? 0, onChange: (page) => setQ({ ...q, page }), showSizeChanger: false }}
        columns={[
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('所属工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
          { title: t('服务技能'), dataIndex: 'skills', render: (s: VolunteerView['skills']) => s.map((x) => t(SKILL_LABELS[x])).join('、') },
          { title: t('服务队'), dataIndex: 'teams', render: (s: VolunteerView['teams']) => s.map((x) => tx(x.name)).join('、') },
          { title: t('累计服务时长'), dataIndex: 'minutes', align: 'right', render: (m: number) => duration(m) },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (s: VolunteerView['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(s === 'active' ? '在册' : '已退出')}</Tag>,
          },
          {
            title: t('操作'),
            render: (_: unknown, v) => (
              <Button size="small" onClick={() => setOpen(v)}>
                {t('服务证明')}
              </Button>
            ),
          },
        ]}
      />
      <RegisterVolunteerModal open={adding} onClose={() => setAdding(false)} />
      <CertificatesModal volunteer={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

function RegisterVolunteerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ skills: [], availability: [] }),
    schema: VolunteerInput,
    save: useRegisterVolunteer(),
    onClose,
  });
  return (
    <Modal open={open} title={t('登记志愿者')} okText={t('登记')} onOk={submit} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('职工')} rules={[{ required: true, message: t('请选择职工') }]}>
          <PersonPicker />
        </Form.Item>
        <Form.Item name="skills" label={t('服务技能')}>
          <Checkbox.Group options={SKILLS.map((s) => ({ value: s, label: t(SKILL_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="availability" label={t('可服务时间')}>
          <Checkbox.Group options={AVAILABILITY.map((s) => ({ value: s, label: t(AVAILABILITY_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="intro" label={t('个人简介')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CertificatesModal({ volunteer, onClose }: { volunteer: VolunteerView | null; onClose: () => void }) {
  const { t, tx, date } = useI18n();
  const duration = useDuration();
  const { has: can } = usePermissions();
  const list = useCertificates(volunteer?.id ?? null);
  const issue = useIssueCertificate();
  const revoke = useRevokeCertificate();
  const { showServerError } = useFormErrors();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(addDays(chinaToday(), -365)), dayjs(chinaToday())]);
  const [reason, setReason] = useState('');
  return (
    <Modal open={volunteer !== null} title={t('志愿服务记录证明')} footer={null} onCancel={onClose} width={720} destroyOnHidden>
      {volunteer ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {tx(volunteer.name)} · {t('累计服务时长')} {duration(volunteer.minutes)}
          </Typography.Text>
          {can('volunteers:manage') ? (
            <Flex gap={8} wrap align="center">
              <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
              <Button
                type="primary"
                data-testid="certificate-issue"
                loading={issue.isPending}
                onClick={() =>
                  issue
                    .mutateAsync({ volunteerId: volunteer.id, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })
                    .catch((e: unknown) => showServerError(e))
                }
              >
                {t('出具证明')}
              </Button>
            </Flex>
          ) : null}
          <List
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('尚未出具证明') }}
            renderItem={(c) => (
              <List.Item
                actions={
                  c.revokedAt
                    ? [<Tag key="r">{t('已作废')}</Tag>]
                    : [
                        <Button key="p" size="small" href={`/api/volunteers/certificates/${c.id}/certificate.pdf`} target="_blank">
                          {t('打印')}
                        </Button>,
                        can('volunteers:manage') ? (
                          <Button
                            key="v"
                            size="small"
                            danger
                            onClick={() =>
                              Modal.confirm({
                                title: t('作废证明'),
                                content: <Input placeholder={t('作废原因')} onChange={(e) => setReason(e.target.value)} />,
                                onOk: () => revoke.mutateAsync({ id: c.id, reason }).catch((e: unknown) => showServerError(e)),
                              })
                            }
                          >
                            {t('作废')}
                          </Button>
                        ) : null,
                      ]
                }
              >
                <List.Item.Meta
                  title={
                    <span data-testid="certificate-code" translate="no">
                      {c.code}
                    </span>
                  }
                  description={`${date(c.from)} – ${date(c.to)} · ${duration(c.minutes)} · ${tx(c.org.name)} · ${date(c.issuedAt)}`}
                />
              </List.Item>
            )}
          />
        </Space>
      ) : null}
    </Modal>
  );
}

// ---- teams ----

function TeamsTab() {
  const { t, tx } = useI18n();
  const { has: can } = usePermissions();
  const duration = useDuration();
  const teams = useTeams();
  const volunteers = useVolunteers({ pageSize: 200, status: 'active' });
  const addMember = useAddMember();
  const removeMember = useRemoveMember();
  const { showServerError } = useFormErrors();
  const [creating, setCreating] = useState(false);
  const [pick, setPick] = useState<Record<number, number | undefined>>({});
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('volunteers:manage') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('组建服务队')}
        </Button>
      ) : null}
      {teams.error ? <LoadError error={teams.error} onRetry={() => teams.refetch()} /> : null}
      {teams.data?.items.length === 0 ? <Empty description={t('暂无服务队')} /> : null}
      <Row gutter={[16, 16]}>
        {(teams.data?.items ?? []).map((team: TeamView) => (
          <Col xs={24} lg={12} key={team.id}>
            <Card title={tx(team.name)} extra={<Typography.Text type="secondary">{tx(team.org.name)}</Typography.Text>}>
              {team.intro ? <Typography.Paragraph>{tx(team.intro)}</Typography.Paragraph> : null}
              <Typography.Paragraph type="secondary">
                {t('{n} 名队员', { n: team.members.length })} · {t('累计服务时长')} {duration(team.minutes)}
              </Typography.Paragraph>
              <Space wrap>
                {team.members.map((m) => (
                  <Tag
                    key={m.volunteerId}
                    color={m.leader ? 'red' : undefined}
                    closable={can('volunteers:manage')}
                    onClose={(e) => {
                      e.preventDefault();
                      removeMember.mutateAsync({ teamId: team.id, volunteerId: m.volunteerId }).catch((err: unknown) => showServerError(err));
                    }}
                  >
                    {tx(m.name)}
                    {m.leader ? ` · ${t('队长')}` : ''}
                  </Tag>
                ))}
              </Space>
              {can('volunteers:manage') ? (
                <Flex gap={8} style={{ marginTop: 12 }}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    style={{ width: 220 }}
                    placeholder={t('选择志愿者')}
                    value={pick[team.id]}
                    onChange={(v) => setPick({ ...pick, [team.id]: v })}
                    options={(volunteers.data?.items ?? [])
                      .filter((v) => !team.members.some((m) => m.volunteerId === v.id))
                      .map((v) => ({ value: v.id, label: tx(v.name) }))}
                  />
                  <Button
                    disabled={!pick[team.id]}
                    onClick={() =>
                      addMember
                        .mutateAsync({ teamId: team.id, volunteerId: pick[team.id]!, leader: false })
                        .then(() => setPick({ ...pick, [team.id]: undefined }))
                        .catch((err: unknown) => showServerError(err))
                    }
                  >
                    {t('加入服务队')}
                  </Button>
                </Flex>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
      <TeamModal open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}

function TeamModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ownOrg = useMe().data?.org.id;
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ name: '', intro: '', orgId: ownOrg }),
    schema: TeamInput,
    save: useCreateTeam(),
    onClose,
  });
  return (
    <Modal open={open} title={t('组建服务队')} okText={t('保存')} onOk={submit} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('服务队名称')} rules={[{ required: true, message: t('请填写服务队名称') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="orgId" label={t('所属工会')} rules={[{ required: true, message: t('请选择所属工会') }]}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="intro" label={t('服务队简介')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- projects and shifts ----

function ProjectsTab() {
  const { t, tx, dateTime } = useI18n();
  const { has: can } = usePermissions();
  const duration = useDuration();
  const projects = useProjects();
  const status = useProjectStatus();
  const { showServerError } = useFormErrors();
  const [creating, setCreating] = useState(false);
  const [shiftFor, setShiftFor] = useState<ProjectView | null>(null);
  const [roster, setRoster] = useState<ShiftView | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('volunteers:manage') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-add">
          {t('发布服务项目')}
        </Button>
      ) : null}
      {projects.error ? <LoadError error={projects.error} onRetry={() => projects.refetch()} /> : null}
      {projects.data?.items.length === 0 ? <Empty description={t('暂无服务项目')} /> : null}
      {(projects.data?.items ?? []).map((p) => (
        <Card
          key={p.id}
          data-testid={`project-${p.id}`}
          title={
            <Space>
              {tx(p.name)}
              <Tag>{t(SERVICE_KIND_LABELS[p.kind])}</Tag>
              <Tag color={p.status === 'open' ? 'green' : 'default'}>{t(PROJECT_STATUS_LABELS[p.status])}</Tag>
            </Space>
          }
          extra={
            can('volunteers:manage') ? (
              <Space>
                {p.status === 'open' ? (
                  <Button size="small" onClick={() => setShiftFor(p)} data-testid={`shift-add-${p.id}`}>
                    {t('添加班次')}
                  </Button>
                ) : null}
                <Button
                  size="small"
                  onClick={() => status.mutateAsync({ id: p.id, status: p.status === 'open' ? 'closed' : 'open' }).catch((e: unknown) => showServerError(e))}
                >
                  {p.status === 'open' ? t('结束项目') : t('重新开始')}
                </Button>
              </Space>
            ) : null
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('主办工会')}>{tx(p.org.name)}</Descriptions.Item>
            <Descriptions.Item label={t('服务地点')}>{tx(p.place)}</Descriptions.Item>
            <Descriptions.Item label={t('服务队')}>{p.team ? tx(p.team.name) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('累计服务时长')}>{duration(p.minutes)}</Descriptions.Item>
          </Descriptions>
          <Table<ShiftView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.shifts}
            locale={{ emptyText: t('还没有班次') }}
            columns={[
              { title: t('班次时间'), render: (_: unknown, s) => `${dateTime(s.startsAt)} – ${dayjs(s.endsAt).format('HH:mm')}` },
              { title: t('集合地点'), dataIndex: 'place', render: (v: string | null) => (v ? tx(v) : '—') },
              { title: t('报名'), render: (_: unknown, s) => `${s.signedUp} / ${s.capacity}` },
              {
                title: t('操作'),
                render: (_: unknown, s) => (
                  <Space size={4}>
                    <Button size="small" onClick={() => setRoster(s)} data-testid={`shift-roster-${s.id}`}>
                      {t('报名与签到')}
                    </Button>
                    <Button size="small" href={`/api/volunteers/shifts/${s.id}/poster.pdf`} target="_blank">
                      {t('签到二维码')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <ProjectModal open={creating} onClose={() => setCreating(false)} />
      <ShiftModal project={shiftFor} onClose={() => setShiftFor(null)} />
      <RosterModal shift={roster} onClose={() => setRoster(null)} />
    </Space>
  );
}

function ProjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  const teams = useTeams();
  const ownOrg = useMe().data?.org.id;
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ name: '', kind: 'legal', orgId: ownOrg, teamId: undefined, place: '', intro: '' }),
    schema: ProjectInput,
    save: useCreateProject(),
    onClose,
  });
  return (
    <Modal
      open={open}
      title={t('发布服务项目')}
      okText={t('保存')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'project-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" data-testid="project-form">
        <Form.Item name="name" label={t('项目名称')} rules={[{ required: true, message: t('请填写项目名称') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="kind" label={t('服务类别')}>
              <Select options={SERVICE_KINDS.map((k) => ({ value: k, label: t(SERVICE_KIND_LABELS[k]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="teamId" label={t('服务队')}>
              <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: tx(x.name) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="orgId" label={t('主办工会')} rules={[{ required: true, message: t('请选择主办工会') }]}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label={t('服务地点')} rules={[{ required: true, message: t('请填写服务地点') }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="intro" label={t('项目介绍')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShiftModal({ project, onClose }: { project: ProjectView | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const add = useAddShift();
  const { form, submit, saving } = useDialogForm({
    open: project !== null,
    initial: () => {
      const start = dayjs().add(1, 'day').hour(9).minute(0).second(0);
      return { range: [start, start.add(3, 'hour')], capacity: 10, place: '' };
    },
    schema: ShiftInput,
    save: { mutateAsync: (body: ShiftInput) => add.mutateAsync({ projectId: project!.id, ...body }), isPending: add.isPending },
    onClose,
    toBody: (v) => {
      const range = v.range as [Dayjs, Dayjs] | undefined;
      return { startsAt: range?.[0]?.format(), endsAt: range?.[1]?.format(), capacity: v.capacity, place: v.place };
    },
    rename: (f) => (f === 'startsAt' || f === 'endsAt' ? 'range' : f),
  });
  return (
    <Modal
      open={project !== null}
      title={`${t('添加班次')} · ${project ? tx(project.name) : ''}`}
      okText={t('保存')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'shift-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" data-testid="shift-form">
        <Form.Item name="range" label={t('班次时间')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="capacity" label={t('招募人数')}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item name="place" label={t('集合地点')}>
          <Input maxLength={120} placeholder={t('不填则为项目的服务地点')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RosterModal({ shift, onClose }: { shift: ShiftView | null; onClose: () => void }) {
  const { t, tx, dateTime } = useI18n();
  const duration = useDuration();
  const { has: can } = usePermissions();
  const roster = useRoster(shift?.id ?? null);
  const volunteers = useVolunteers({ pageSize: 200, status: 'active' });
  const signUp = useStaffSignUp();
  const { showServerError } = useFormErrors();
  const [pick, setPick] = useState<number | undefined>();
  return (
    <Modal
      open={shift !== null}
      title={shift ? `${t('报名与签到')} · ${dateTime(shift.startsAt)}` : ''}
      footer={null}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {can('volunteers:manage') ? (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            placeholder={t('选择志愿者')}
            value={pick}
            onChange={setPick}
            options={(volunteers.data?.items ?? []).map((v) => ({ value: v.id, label: tx(v.name) }))}
          />
          <Button
            disabled={!pick}
            onClick={() =>
              signUp
                .mutateAsync({ shiftId: shift!.id, volunteerId: pick! })
                .then(() => setPick(undefined))
                .catch((e: unknown) => showServerError(e))
            }
          >
            {t('代为报名')}
          </Button>
        </Flex>
      ) : null}
      <Table
        rowKey="volunteerId"
        size="small"
        pagination={false}
        dataSource={roster.data?.signups ?? []}
        locale={{ emptyText: t('还没有人报名') }}
        columns={[
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('签到'), dataIndex: 'checkedIn', render: (v: boolean) => (v ? <Tag color="blue">{t('已签到')}</Tag> : '—') },
          { title: t('本班次服务时长'), dataIndex: 'minutes', render: (m: number) => duration(m) },
        ]}
      />
    </Modal>
  );
}

// ---- service time ----

function RecordsTab() {
  const { t, tx, dateTime } = useI18n();
  const duration = useDuration();
  const [status, setStatus] = useState<RecordStatus | undefined>('pending');
  const [page, setPage] = useState(1);
  const list = useRecords({ status, page, pageSize: 20 });
  const review = useReview();
  const { showServerError } = useFormErrors();
  const [note, setNote] = useState('');
  const decide = (r: RecordView, approve: boolean) =>
    Modal.confirm({
      title: approve ? t('通过这条补录？') : t('不通过这条补录？'),
      content: <Input placeholder={approve ? t('审核意见（可不填）') : t('审核意见（必填）')} onChange={(e) => setNote(e.target.value)} />,
      okText: approve ? t('通过') : t('不通过'),
      onOk: () => review.mutateAsync({ id: r.id, approve, note: note || null }).catch((e: unknown) => showServerError(e)),
    });
  return (
    <Card>
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('全部状态')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['pending', 'valid', 'open', 'rejected'] as const).map((s) => ({ value: s, label: t(RECORD_STATUS_LABELS[s]) }))}
        />
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<RecordView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="records-table"
        locale={{ emptyText: t('暂无记录') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('志愿者'), dataIndex: ['volunteer', 'name'], render: (v: string) => tx(v) },
          { title: t('服务项目'), render: (_: unknown, r) => tx(r.project?.name ?? r.order?.title ?? '') },
          { title: t('时间'), render: (_: unknown, r) => `${dateTime(r.startedAt)} – ${r.endedAt ? dayjs(r.endedAt).format('HH:mm') : t('未签退')}` },
          { title: t('时长'), dataIndex: 'minutes', render: (m: number | null) => duration(m) },
          { title: t('来源'), dataIndex: 'source', render: (s: RecordView['source']) => t(RECORD_SOURCE_LABELS[s]) },
          {
            title: t('状态'),
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={RECORD_COLORS[r.status]}>{t(RECORD_STATUS_LABELS[r.status])}</Tag>
                {r.reason ? <Typography.Text type="secondary">{tx(r.reason)}</Typography.Text> : null}
                {r.reviewNote ? <Typography.Text type="secondary">{tx(r.reviewNote)}</Typography.Text> : null}
              </Space>
            ),
          },
          {
            title: t('操作'),
            render: (_: unknown, r) =>
              r.can.review ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => decide(r, true)}>
                    {t('通过')}
                  </Button>
                  <Button size="small" danger onClick={() => decide(r, false)}>
                    {t('不通过')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

// ---- 三单制 ----

function OrdersTab() {
  const { t, tx, date } = useI18n();
  const { has: can } = usePermissions();
  const duration = useDuration();
  const [status, setStatus] = useState<OrderStatus | undefined>();
  const [page, setPage] = useState(1);
  const list = useOrders({ status, page, pageSize: 20 });
  const teams = useTeams();
  const dispatch = useDispatch();
  const decline = useDecline();
  const rate = useStaffRate();
  const { showServerError } = useFormErrors();
  const [creating, setCreating] = useState(false);
  const [team, setTeam] = useState<Record<number, number | undefined>>({});
  const [reason, setReason] = useState('');
  return (
    <Card>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('全部状态')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(ORDER_STATUS_LABELS[s]) }))}
        />
        {can('volunteers:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('工会代点单')}
          </Button>
        ) : null}
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<OrderView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="orders-table"
        locale={{ emptyText: t('暂无服务需求') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('服务需求'),
            render: (_: unknown, o) => (
              <Space direction="vertical" size={0}>
                <span>{tx(o.title)}</span>
                <Typography.Text type="secondary">
                  {t(SERVICE_KIND_LABELS[o.kind])} · {tx(o.place)} · {t('期望')} {date(o.wantedOn)}
                </Typography.Text>
                {o.detail ? <Typography.Text type="secondary">{tx(o.detail)}</Typography.Text> : null}
              </Space>
            ),
          },
          { title: t('点单'), render: (_: unknown, o) => `${tx(o.orderedBy)} · ${date(o.createdAt)}` },
          {
            title: t('状态'),
            render: (_: unknown, o) => (
              <Space direction="vertical" size={0}>
                <Tag color={ORDER_COLORS[o.status]}>{t(ORDER_STATUS_LABELS[o.status])}</Tag>
                {o.team ? <Typography.Text type="secondary">{tx(o.team.name)}</Typography.Text> : null}
                {o.volunteer ? <Typography.Text type="secondary">{tx(o.volunteer.name)}</Typography.Text> : null}
                {o.minutes !== null ? <Typography.Text type="secondary">{duration(o.minutes)}</Typography.Text> : null}
                {o.rating ? <Rate disabled value={o.rating} style={{ fontSize: 12 }} /> : null}
                {o.comment ? <Typography.Text type="secondary">{tx(o.comment)}</Typography.Text> : null}
                {o.declineReason ? <Typography.Text type="secondary">{tx(o.declineReason)}</Typography.Text> : null}
              </Space>
            ),
          },
          {
            title: t('操作'),
            render: (_: unknown, o) =>
              !can('volunteers:manage') ? null : o.status === 'ordered' || o.status === 'dispatched' ? (
                <Flex gap={4} wrap>
                  <Select
                    size="small"
                    style={{ width: 160 }}
                    placeholder={t('选择服务队')}
                    value={team[o.id]}
                    onChange={(v) => setTeam({ ...team, [o.id]: v })}
                    options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: tx(x.name) }))}
                    data-testid={`order-team-${o.id}`}
                  />
                  <Button
                    size="small"
                    type="primary"
                    disabled={!team[o.id]}
                    data-testid={`order-dispatch-${o.id}`}
                    onClick={() => dispatch.mutateAsync({ id: o.id, teamId: team[o.id]! }).catch((e: unknown) => showServerError(e))}
                  >
                    {o.status === 'ordered' ? t('派单') : t('改派')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      Modal.confirm({
                        title: t('不予受理'),
                        content: <Input placeholder={t('原因')} onChange={(e) => setReason(e.target.value)} />,
                        onOk: () => decline.mutateAsync({ id: o.id, reason }).catch((e: unknown) => showServerError(e)),
                      })
                    }
                  >
                    {t('不予受理')}
                  </Button>
                </Flex>
              ) : o.status === 'done' && o.orderedBy.endsWith('代点单') ? (
                <Rate onChange={(v) => rate.mutateAsync({ id: o.id, rating: v }).catch((e: unknown) => showServerError(e))} />
              ) : null,
          },
        ]}
      />
      <OrderModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

function OrderModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ownOrg = useMe().data?.org.id;
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ kind: 'legal', orgId: ownOrg, title: '', detail: '', place: '', wantedOn: dayjs().add(3, 'day') }),
    schema: StaffOrderInput,
    save: useStaffOrder(),
    onClose,
    toBody: (v) => ({ ...v, wantedOn: (v.wantedOn as Dayjs | undefined)?.format('YYYY-MM-DD') }),
  });
  return (
    <Modal open={open} title={t('工会代点单')} okText={t('保存')} onOk={submit} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('服务需求')} rules={[{ required: true, message: t('请填写服务需求') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="kind" label={t('服务类别')}>
              <Select options={SERVICE_KINDS.map((k) => ({ value: k, label: t(SERVICE_KIND_LABELS[k]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="wantedOn" label={t('期望日期')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="orgId" label={t('受理工会')}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label={t('服务地点')} rules={[{ required: true, message: t('请填写服务地点') }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="detail" label={t('需求说明')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- roll-up ----

function StatsTab() {
  const { t, tx } = useI18n();
  const duration = useDuration();
  const today = chinaToday();
  const [range, setRange] = useState<[string, string]>([`${today.slice(0, 4)}-01-01`, today]);
  const stats = useVolunteerStats({ from: range[0], to: range[1] });
  const s = stats.data;
  const [showAll, setShowAll] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={12} align="center">
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Space>
          <Switch size="small" checked={showAll} onChange={setShowAll} />
          {t('显示没有时长的下级工会')}
        </Space>
      </Flex>
      {stats.error ? <LoadError error={stats.error} onRetry={() => stats.refetch()} /> : null}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('在册志愿者')} value={s?.volunteers ?? 0} suffix={t('人')} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('参与服务')} value={s?.serving ?? 0} suffix={t('人')} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('服务时长')} value={((s?.minutes ?? 0) / 60).toFixed(1)} suffix={t('小时')} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={t('点单完成 / 总数')}
              value={`${s?.orders.done ?? 0} / ${s?.orders.total ?? 0}`}
              suffix={s?.orders.averageRating ? `· ${s.orders.averageRating} ${t('星')}` : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={t('按下级工会')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={(s?.byOrg ?? []).filter((o) => showAll || o.minutes > 0)}
              locale={{ emptyText: t('暂无数据') }}
              columns={[
                { title: t('工会'), dataIndex: 'name', render: (v: string) => tx(v) },
                { title: t('参与服务'), dataIndex: 'volunteers', align: 'right' },
                { title: t('服务时长'), dataIndex: 'minutes', align: 'right', render: (m: number) => duration(m) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('按项目')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={s?.byProject ?? []}
              locale={{ emptyText: t('暂无数据') }}
              columns={[
                { title: t('服务项目'), dataIndex: 'name', render: (v: string) => tx(v) },
                { title: t('服务时长'), dataIndex: 'minutes', align: 'right', render: (m: number) => duration(m) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
