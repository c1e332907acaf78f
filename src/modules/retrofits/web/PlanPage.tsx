/**
 * 改造方案 (一户一策): one household's retrofit from the home assessment to settlement — the items and
 * their budgets, approval by someone other than the planner, the build's progress and cost against
 * the budget (a cost above it needs an approved change), acceptance with photos and the recipient's
 * signature, and the audit and settlement.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { money } from '../../../web/components/money.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import {
  AcceptInput,
  AssessmentInput,
  BuildInput,
  ChangeInput,
  CHANGE_STATUS_LABELS,
  ITEM_KINDS,
  ITEM_KIND_LABELS,
  ItemsInput,
  PHOTO_KIND_LABELS,
  STAGE_LABELS,
  SettleInput,
  type ItemView,
  type PhotoKind,
  type PlanView,
  type Stage,
} from '../retrofits.contract.ts';
import { useI18n } from './i18n.ts';
import {
  photoUrl,
  useAccept,
  useAssess,
  useCancelPlan,
  usePlan,
  useProgress,
  useRequestChange,
  useReviewChange,
  useReviewPlan,
  useSetItems,
  useSettle,
  useStartBuild,
  useSubmitPlan,
  useUploadPhoto,
} from './retrofits.api.ts';
import { SignaturePad } from './SignaturePad.tsx';
import { STAGE_COLORS } from './RetrofitsPage.tsx';

const FLOW: Stage[] = ['survey', 'design', 'review', 'approved', 'building', 'accepted', 'settled'];
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const fen = (yuan: unknown) => (typeof yuan === 'number' ? Math.round(yuan * 100) : yuan);

function Photos({ plan, kinds, uploadKind }: { plan: PlanView; kinds: PhotoKind[]; uploadKind?: PhotoKind }) {
  const { t } = useI18n();
  const upload = useUploadPhoto(plan.id);
  const { showServerError } = useFormErrors();
  const photos = plan.photos.filter((p) => kinds.includes(p.kind));
  return (
    <Flex vertical gap={8}>
      {photos.length ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {photos.map((p) => (
              <Flex key={p.id} vertical align="center">
                <Image src={photoUrl(plan.id, p.id)} width={96} height={72} style={{ objectFit: 'cover' }} alt={t(PHOTO_KIND_LABELS[p.kind])} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(PHOTO_KIND_LABELS[p.kind])}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : (
        <Typography.Text type="secondary">{t('暂无照片')}</Typography.Text>
      )}
      {uploadKind && plan.can.photo ? (
        <Upload
          accept="image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate({ kind: uploadKind, file }, { onError: (err) => showServerError(err) });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid={`upload-${uploadKind}`}>
            {t('上传{k}', { k: t(PHOTO_KIND_LABELS[uploadKind]) })}
          </Button>
        </Upload>
      ) : null}
    </Flex>
  );
}

function Assessment({ plan }: { plan: PlanView }) {
  const { t, tx, date } = useI18n();
  const [form] = Form.useForm();
  const assess = useAssess(plan.id);
  const { check, showServerError } = useFormErrors();
  const [editing, setEditing] = useState(!plan.assessment);
  const save = async () => {
    const v = form.getFieldsValue() as { assessedOn?: Dayjs; findings?: string; livesAlone?: boolean };
    const body = check(AssessmentInput, { assessedOn: day(v.assessedOn), findings: v.findings, livesAlone: v.livesAlone ?? false }, form);
    if (!body) return;
    try {
      await assess.mutateAsync(body);
      setEditing(false);
    } catch (err) {
      showServerError(err, form);
    }
  };
  return (
    <Card variant="borderless" title={t('入户评估')} data-testid="assessment">
      {plan.can.assess && editing ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            assessedOn: plan.assessment ? dayjs(plan.assessment.assessedOn) : dayjs(),
            findings: plan.assessment?.findings,
            livesAlone: plan.assessment?.livesAlone ?? false,
          }}
        >
          <Form.Item name="assessedOn" label={t('评估日期')} required>
            <DatePicker />
          </Form.Item>
          <Form.Item name="findings" label={t('评估情况')} required>
            <Input.TextArea rows={3} maxLength={1000} placeholder={t('居住情况、安全隐患、老人行动能力和改造需求')} />
          </Form.Item>
          <Form.Item name="livesAlone" label={t('独居')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" onClick={() => void save()} loading={assess.isPending}>
            {t('保存评估')}
          </Button>
        </Form>
      ) : plan.assessment ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('评估日期')}>{date(plan.assessment.assessedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('评估情况')}>{tx(plan.assessment.findings)}</Descriptions.Item>
          <Descriptions.Item label={t('独居')}>{plan.assessment.livesAlone ? t('是') : t('否')}</Descriptions.Item>
          <Descriptions.Item label={t('评估人')}>{tx(plan.assessment.by) || '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('尚未入户评估')} />
      )}
      {plan.can.assess && !editing ? <Button onClick={() => setEditing(true)}>{t('修改评估')}</Button> : null}
      <div style={{ marginTop: 12 }}>
        <Photos plan={plan} kinds={['assessment']} uploadKind="assessment" />
      </div>
    </Card>
  );
}

type ItemRow = { kind?: string; name?: string; budgetYuan?: number; note?: string };

function ItemsEditor({ plan }: { plan: PlanView }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ items: ItemRow[] }>();
  const save = useSetItems(plan.id);
  const submit = useSubmitPlan(plan.id);
  const { check, showServerError } = useFormErrors();
  const rename = (f: string) => f.replace(/^planItems/, 'items').replace(/budgetFen$/, 'budgetYuan');
  const onSave = async () => {
    const items = (form.getFieldValue('items') as ItemRow[] | undefined) ?? [];
    const body = check(
      ItemsInput,
      { planItems: items.map((i) => ({ kind: i.kind, name: i.name || undefined, budgetFen: fen(i.budgetYuan), note: i.note || undefined })) },
      form,
      {
        rename,
      },
    );
    if (!body) return false;
    try {
      await save.mutateAsync(body);
      return true;
    } catch (err) {
      showServerError(err, form, { rename });
      return false;
    }
  };
  return (
    <Form
      form={form}
      initialValues={{
        items: plan.itemList.length
          ? plan.itemList.map((i) => ({
              kind: i.kind,
              name: i.kind === 'other' ? i.name : undefined,
              budgetYuan: i.budgetFen / 100,
              note: i.note ?? undefined,
            }))
          : [{ kind: 'handrail' }],
      }}
    >
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap data-testid="item-row">
                <Form.Item name={[f.name, 'kind']} style={{ width: 150 }}>
                  <Select aria-label={t('改造项')} options={ITEM_KINDS.map((k) => ({ value: k, label: t(ITEM_KIND_LABELS[k]) }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} style={{ width: 140 }}>
                  <Input placeholder={t('名称（其他项必填）')} maxLength={40} />
                </Form.Item>
                <Form.Item name={[f.name, 'budgetYuan']} style={{ width: 150 }}>
                  <InputNumber min={0} precision={2} placeholder={t('预算（元）')} style={{ width: '100%' }} aria-label={t('预算（元）')} />
                </Form.Item>
                <Form.Item name={[f.name, 'note']} style={{ width: 200 }}>
                  <Input placeholder={t('说明')} maxLength={200} />
                </Form.Item>
                <Button onClick={() => remove(f.name)} disabled={fields.length <= 1}>
                  {t('删除')}
                </Button>
              </Space>
            ))}
            <Flex gap={8}>
              <Button onClick={() => add({ kind: 'handrail' })}>{t('添加改造项')}</Button>
              <Button type="primary" onClick={() => void onSave()} loading={save.isPending}>
                {t('保存方案')}
              </Button>
              <Button
                onClick={() => void onSave().then((ok) => (ok ? submit.mutateAsync(undefined).catch((err: unknown) => showServerError(err)) : undefined))}
                loading={submit.isPending}
              >
                {t('保存并提交审批')}
              </Button>
            </Flex>
          </>
        )}
      </Form.List>
    </Form>
  );
}

function ProgressCell({ plan, item }: { plan: PlanView; item: ItemView }) {
  const { t } = useI18n();
  const progress = useProgress(plan.id);
  const { message } = App.useApp();
  const { showServerError } = useFormErrors();
  const [done, setDone] = useState(item.done);
  const [yuan, setYuan] = useState<number | null>(item.actualFen === null ? null : item.actualFen / 100);
  useEffect(() => {
    setDone(item.done);
    setYuan(item.actualFen === null ? null : item.actualFen / 100);
  }, [item.done, item.actualFen]);
  const save = () =>
    progress.mutate(
      { itemId: item.id, done, actualFen: yuan === null ? null : Math.round(yuan * 100) },
      { onSuccess: () => void message.success(t('已保存')), onError: (err) => showServerError(err) },
    );
  return (
    <Space data-testid={`progress-${item.id}`}>
      <Checkbox checked={done} onChange={(e) => setDone(e.target.checked)}>
        {t('完工')}
      </Checkbox>
      <InputNumber min={0} precision={2} value={yuan} onChange={(v) => setYuan(v)} placeholder={t('实际费用（元）')} aria-label={t('实际费用（元）')} />
      <Button size="small" onClick={save} loading={progress.isPending}>
        {t('保存')}
      </Button>
    </Space>
  );
}

function Items({ plan }: { plan: PlanView }) {
  const { t, tx } = useI18n();
  return (
    <Card variant="borderless" title={t('改造方案')} data-testid="items">
      {plan.can.design ? (
        <ItemsEditor plan={plan} />
      ) : plan.itemList.length ? (
        <Table<ItemView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={plan.itemList}
          columns={[
            { title: t('改造项'), dataIndex: 'name', render: (v: string, i) => (i.kind === 'other' ? tx(v) : t(ITEM_KIND_LABELS[i.kind])) },
            { title: t('说明'), dataIndex: 'note', render: (v: string | null) => tx(v) || '—' },
            { title: t('预算'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => money(v) },
            plan.can.progress
              ? { title: t('进度和实际费用'), key: 'progress', render: (_: unknown, i: ItemView) => <ProgressCell plan={plan} item={i} /> }
              : {
                  title: t('实际费用'),
                  key: 'actual',
                  align: 'right' as const,
                  render: (_: unknown, i: ItemView) => (
                    <Space>
                      {i.done ? <Tag color="green">{t('已完工')}</Tag> : null}
                      {money(i.actualFen)}
                    </Space>
                  ),
                },
          ]}
        />
      ) : (
        <Empty description={t('入户评估后设计改造项')} />
      )}
    </Card>
  );
}

function Approval({ plan }: { plan: PlanView }) {
  const { t, tx } = useI18n();
  const review = useReviewPlan(plan.id);
  const { showServerError } = useFormErrors();
  const [note, setNote] = useState('');
  if (plan.stage !== 'review' && !plan.approvedBy && !plan.reviewNote) return null;
  return (
    <Card variant="borderless" title={t('方案审批')} data-testid="approval">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('设计人')}>{tx(plan.plannedBy) || '—'}</Descriptions.Item>
        {plan.approvedBy ? <Descriptions.Item label={t('审批人')}>{tx(plan.approvedBy)}</Descriptions.Item> : null}
        {plan.reviewNote ? <Descriptions.Item label={t('审批意见')}>{tx(plan.reviewNote)}</Descriptions.Item> : null}
      </Descriptions>
      {plan.stage === 'review' && plan.fourEyes ? <Alert type="info" showIcon message={tx(plan.fourEyes)} /> : null}
      {plan.can.approve ? (
        <Flex vertical gap={8}>
          <Typography.Text>
            {t('批准后将从项目预算中安排 {b}，项目剩余可用 {l}', { b: money(plan.budgetFen), l: money(plan.programmeLeftFen) })}
          </Typography.Text>
          <Input.TextArea rows={2} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('审批意见（可不填）')} />
          <Flex gap={8}>
            <Button
              type="primary"
              loading={review.isPending}
              onClick={() => review.mutate({ approve: true, note: note || null }, { onError: (e) => showServerError(e) })}
            >
              {t('批准方案')}
            </Button>
            <Button onClick={() => review.mutate({ approve: false, note: note || null }, { onError: (e) => showServerError(e) })}>{t('退回修改')}</Button>
          </Flex>
        </Flex>
      ) : null}
    </Card>
  );
}

function Build({ plan }: { plan: PlanView }) {
  const { t, tx, date } = useI18n();
  const [form] = Form.useForm();
  const [changeForm] = Form.useForm();
  const start = useStartBuild(plan.id);
  const request = useRequestChange(plan.id);
  const reviewChange = useReviewChange(plan.id);
  const { check, showServerError } = useFormErrors();
  if (!['approved', 'building', 'accepted', 'settled'].includes(plan.stage)) return null;
  const onStart = async () => {
    const v = form.getFieldsValue() as { contractor?: string; startedOn?: Dayjs };
    const body = check(BuildInput, { contractor: v.contractor, startedOn: day(v.startedOn) }, form);
    if (!body) return;
    await start.mutateAsync(body).catch((err: unknown) => showServerError(err, form));
  };
  const onChange = async () => {
    const v = changeForm.getFieldsValue() as { amountYuan?: number; reason?: string };
    const body = check(ChangeInput, { amountFen: fen(v.amountYuan), reason: v.reason }, changeForm, { rename: { amountFen: 'amountYuan' } });
    if (!body) return;
    try {
      await request.mutateAsync(body);
      changeForm.resetFields();
    } catch (err) {
      showServerError(err, changeForm, { rename: { amountFen: 'amountYuan' } });
    }
  };
  return (
    <Card variant="borderless" title={t('施工')} data-testid="build">
      {plan.can.build ? (
        <Form form={form} layout="inline" initialValues={{ startedOn: dayjs() }}>
          <Form.Item name="contractor" label={t('施工单位')} required>
            <Input maxLength={80} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="startedOn" label={t('开工日期')} required>
            <DatePicker />
          </Form.Item>
          <Button type="primary" onClick={() => void onStart()} loading={start.isPending}>
            {t('开工')}
          </Button>
        </Form>
      ) : (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('施工单位')}>{tx(plan.contractor) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('开工日期')}>{date(plan.startedOn) || '—'}</Descriptions.Item>
        </Descriptions>
      )}
      {plan.stage !== 'approved' ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('费用变更')}
          </Typography.Title>
          {plan.changes.length ? (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={plan.changes}
              columns={[
                { title: t('追加金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => money(v) },
                { title: t('变更原因'), dataIndex: 'reason', render: (v: string) => tx(v) },
                { title: t('申请人'), dataIndex: 'requestedBy', render: (v: string | null) => tx(v) || '—' },
                { title: t('状态'), dataIndex: 'status', render: (s: keyof typeof CHANGE_STATUS_LABELS) => t(CHANGE_STATUS_LABELS[s]) },
                {
                  title: t('操作'),
                  key: 'op',
                  render: (_: unknown, c: PlanView['changes'][number]) =>
                    c.can.review ? (
                      <Space>
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => reviewChange.mutate({ changeId: c.id, approve: true, note: null }, { onError: (e) => showServerError(e) })}
                        >
                          {t('批准')}
                        </Button>
                        <Button
                          size="small"
                          onClick={() => reviewChange.mutate({ changeId: c.id, approve: false, note: null }, { onError: (e) => showServerError(e) })}
                        >
                          {t('不批准')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('没有费用变更')}</Typography.Text>
          )}
          {plan.can.change ? (
            <Form form={changeForm} layout="inline" style={{ marginTop: 8 }}>
              <Form.Item name="amountYuan" label={t('追加金额（元）')} required>
                <InputNumber min={0} precision={2} />
              </Form.Item>
              <Form.Item name="reason" label={t('变更原因')} required>
                <Input maxLength={200} style={{ width: 240 }} />
              </Form.Item>
              <Button onClick={() => void onChange()} loading={request.isPending}>
                {t('申请费用变更')}
              </Button>
            </Form>
          ) : null}
          <div style={{ marginTop: 12 }}>
            <Photos plan={plan} kinds={['progress']} uploadKind={plan.stage === 'building' ? 'progress' : undefined} />
          </div>
        </>
      ) : null}
    </Card>
  );
}

function Acceptance({ plan }: { plan: PlanView }) {
  const { t, tx, date } = useI18n();
  const [form] = Form.useForm();
  const accept = useAccept(plan.id);
  const upload = useUploadPhoto(plan.id);
  const { check, showServerError } = useFormErrors();
  const { message } = App.useApp();
  if (!['building', 'accepted', 'settled'].includes(plan.stage)) return null;
  const signed = plan.photos.some((p) => p.kind === 'signature');
  const onAccept = async () => {
    const v = form.getFieldsValue() as { acceptedOn?: Dayjs; note?: string };
    const body = check(AcceptInput, { acceptedOn: day(v.acceptedOn), note: v.note || undefined }, form);
    if (!body) return;
    await accept.mutateAsync(body).catch((err: unknown) => showServerError(err, form));
  };
  return (
    <Card variant="borderless" title={t('验收')} data-testid="acceptance">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('验收照片')}</Typography.Title>
          <Photos plan={plan} kinds={['acceptance']} uploadKind={plan.stage === 'building' ? 'acceptance' : undefined} />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('受益人签字')}</Typography.Title>
          <Photos plan={plan} kinds={['signature']} />
          {plan.can.accept ? (
            <div style={{ marginTop: 8 }}>
              <SignaturePad
                saving={upload.isPending}
                onSave={(png) =>
                  upload
                    .mutateAsync({ kind: 'signature', file: new File([png], 'signature.png', { type: 'image/png' }) })
                    .then(() => void message.success(t('签字已保存')))
                    .catch((err: unknown) => showServerError(err))
                }
              />
              <Upload
                accept="image/jpeg,image/png"
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate({ kind: 'signature', file }, { onError: (err) => showServerError(err) });
                  return false;
                }}
              >
                <Button type="link" style={{ paddingLeft: 0 }}>
                  {t('或上传签字验收单的照片')}
                </Button>
              </Upload>
            </div>
          ) : null}
        </Col>
      </Row>
      {plan.can.accept ? (
        <Form form={form} layout="inline" initialValues={{ acceptedOn: dayjs() }} style={{ marginTop: 16 }}>
          <Form.Item name="acceptedOn" label={t('验收日期')} required>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('验收意见')}>
            <Input maxLength={300} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="signature" style={{ display: 'none' }}>
            <Input />
          </Form.Item>
          <Button type="primary" onClick={() => void onAccept()} loading={accept.isPending} disabled={!signed} data-testid="accept">
            {t('验收通过')}
          </Button>
          {!signed ? <Typography.Text type="secondary">{t('受益人签字后才能验收')}</Typography.Text> : null}
        </Form>
      ) : plan.acceptedOn ? (
        <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('验收日期')}>{date(plan.acceptedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('验收意见')}>{tx(plan.acceptanceNote) || '—'}</Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}

function Settlement({ plan }: { plan: PlanView }) {
  const { t, tx, date } = useI18n();
  const [form] = Form.useForm();
  const settle = useSettle(plan.id);
  const { check, showServerError } = useFormErrors();
  if (!['accepted', 'settled'].includes(plan.stage)) return null;
  const onSettle = async () => {
    const v = form.getFieldsValue() as { settledOn?: Dayjs; note?: string };
    const body = check(SettleInput, { settledOn: day(v.settledOn), note: v.note || undefined }, form);
    if (!body) return;
    await settle.mutateAsync(body).catch((err: unknown) => showServerError(err, form));
  };
  return (
    <Card variant="borderless" title={t('审计结算')} data-testid="settlement">
      {plan.stage === 'accepted' && plan.fourEyes ? <Alert type="info" showIcon message={tx(plan.fourEyes)} style={{ marginBottom: 8 }} /> : null}
      {plan.can.settle ? (
        <Form form={form} layout="inline" initialValues={{ settledOn: dayjs() }}>
          <Form.Item name="settledOn" label={t('结算日期')} required>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('审计意见')}>
            <Input maxLength={300} style={{ width: 260 }} />
          </Form.Item>
          <Button type="primary" onClick={() => void onSettle()} loading={settle.isPending}>
            {t('按实际费用结算')}
          </Button>
        </Form>
      ) : plan.settledOn ? (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('结算日期')}>{date(plan.settledOn)}</Descriptions.Item>
          <Descriptions.Item label={t('审计意见')}>{tx(plan.settlementNote) || '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">{t('等待审计结算')}</Typography.Text>
      )}
    </Card>
  );
}

function CancelButton({ plan }: { plan: PlanView }) {
  const { t } = useI18n();
  const cancel = useCancelPlan(plan.id);
  const { showServerError } = useFormErrors();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!plan.can.cancel) return null;
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('取消方案')}
      </Button>
      <Modal
        title={t('取消改造方案')}
        open={open}
        onCancel={() => setOpen(false)}
        okText={t('取消方案')}
        okButtonProps={{ danger: true }}
        confirmLoading={cancel.isPending}
        onOk={() => cancel.mutate({ reason }, { onSuccess: () => setOpen(false), onError: (e) => showServerError(e) })}
      >
        <Typography.Paragraph>{t('已安排的预算将退回项目。')}</Typography.Paragraph>
        <Input.TextArea rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('取消原因')} />
      </Modal>
    </>
  );
}

function PlanDetail({ plan }: { plan: PlanView }) {
  const { t, tx } = useI18n();
  const step = plan.stage === 'cancelled' ? 0 : FLOW.indexOf(plan.stage);
  const budget = plan.approvedFen || plan.budgetFen;
  return (
    <Page
      title={
        <Space>
          {t('{name}家的适老化改造', { name: tx(plan.person.name) })}
          <Tag color={STAGE_COLORS[plan.stage]} data-testid="plan-stage">
            {t(STAGE_LABELS[plan.stage])}
          </Tag>
        </Space>
      }
      subTitle={
        <>
          <Link to={`/retrofits/programmes/${plan.programme.id}`}>{tx(plan.programme.name)}</Link> · {tx(plan.org.name)} ·{' '}
          <Link to={`/people/${plan.person.id}`}>{t('职工档案')}</Link>
        </>
      }
      extra={<CancelButton plan={plan} />}
    >
      {plan.stage === 'cancelled' ? (
        <Alert type="warning" showIcon message={t('方案已取消：{r}', { r: tx(plan.cancelReason) })} style={{ marginBottom: 16 }} />
      ) : (
        <Steps size="small" current={step} style={{ marginBottom: 16 }} items={FLOW.map((s) => ({ title: t(STAGE_LABELS[s]) }))} />
      )}
      <Row gutter={[16, 16]} data-testid="cost">
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('方案预算')} value={money(plan.budgetFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('已批准（含变更）')} value={money(plan.approvedFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('实际费用')} value={money(plan.actualFen)} valueStyle={budget && plan.actualFen > budget ? { color: '#c62f2f' } : undefined} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card variant="borderless">
            <Statistic title={t('施工进度')} value={plan.progress} suffix="%" />
            <Progress percent={plan.progress} showInfo={false} size="small" />
          </Card>
        </Col>
      </Row>
      <Flex vertical gap={16} style={{ marginTop: 16 }}>
        <Assessment plan={plan} />
        <Items plan={plan} />
        <Approval plan={plan} />
        <Build plan={plan} />
        <Acceptance plan={plan} />
        <Settlement plan={plan} />
      </Flex>
    </Page>
  );
}

export function PlanPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const plan = usePlan(id);
  return (
    <DetailLoader id={id} query={plan} notFound={{ title: t('改造方案不存在或无权访问'), back: { to: '/retrofits', label: t('返回改造看板') } }}>
      {(p) => <PlanDetail key={`${p.id}-${p.stage}`} plan={p} />}
    </DetailLoader>
  );
}
