/**
 * The event's form, for a new event and for an edit: kind, organiser, title, places, who may sign
 * up (the shared 对象条件 builder, with a live count of the people it reaches), the sign-up window
 * and how long an offered place is held. The contract checks it before it is sent; the server's
 * per-field answers land on the same fields.
 */
import { useEffect } from 'react';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors } from '../../../web/components/forms.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';
import { RuleBuilder, cleanRule, ruleToForm, EMPTY_RULE, type RuleForm } from '../../people/web/RuleBuilder.tsx';
import { EligibilityRule, EVENT_KINDS, EVENT_KIND_LABELS, EventInput, type EventKind } from '../events.contract.ts';
import { useMe } from '../../auth/web/auth.api.ts';
import { useAudienceReach, useCreateEvent, useUpdateEvent, type EventBody, type EventView } from './events.api.ts';
import { useI18n } from './i18n.ts';

interface FormValues {
  kind?: EventKind;
  orgId?: number;
  title?: string;
  description?: string;
  capacity?: number | null;
  workerSignup?: boolean;
  window?: [Dayjs | null, Dayjs | null] | null;
  offerHours?: number;
  useAudience?: boolean;
  audience?: RuleForm;
}

const iso = (d: Dayjs | null | undefined) => (d ? d.second(0).millisecond(0).format('YYYY-MM-DDTHH:mm:ssZ') : null);

function bodyOf(v: FormValues): EventBody {
  return {
    kind: v.kind as EventKind,
    orgId: v.orgId as number,
    title: v.title ?? '',
    description: v.description?.trim() ? v.description : null,
    capacity: v.capacity ?? null,
    workerSignup: v.workerSignup ?? true,
    signupOpensAt: iso(v.window?.[0]),
    signupClosesAt: iso(v.window?.[1]),
    offerHours: v.offerHours ?? 24,
    audience: v.useAudience ? cleanRule(v.audience) : null,
  };
}

function valuesOf(e: EventView | null, orgId?: number): FormValues {
  if (!e) return { orgId, kind: 'lecture', workerSignup: true, offerHours: 24, useAudience: false, audience: EMPTY_RULE, capacity: null };
  return {
    kind: e.kind,
    orgId: e.orgId,
    title: e.title,
    description: e.description ?? '',
    capacity: e.capacity,
    workerSignup: e.workerSignup,
    window: e.signupOpensAt || e.signupClosesAt ? [e.signupOpensAt ? dayjs(e.signupOpensAt) : null, e.signupClosesAt ? dayjs(e.signupClosesAt) : null] : null,
    offerHours: e.offerHours,
    useAudience: e.audience !== null,
    audience: ruleToForm(e.audience),
  };
}

/** The API's field names as the form's (the window is one picker). */
const rename = (f: string) => (f === 'signupOpensAt' || f === 'signupClosesAt' ? 'window' : f);

/** The people the audience reaches now, counted by the server as the form changes. */
function Reach({ orgId, rule }: { orgId?: number; rule: EligibilityRule | null }) {
  const { t } = useI18n();
  const body = useDebounced(orgId && (rule === null || EligibilityRule.safeParse(rule).success) ? { orgId, audience: rule } : null, 400);
  const reach = useAudienceReach(body);
  if (!orgId) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="audience-reach"
      style={{ marginBottom: 16 }}
      message={reach.data ? t('符合条件的职工：{n} 人', { n: reach.data.reach.toLocaleString('zh-CN') }) : t('正在统计符合条件的职工…')}
    />
  );
}

export function EventFormModal({
  open,
  event,
  onClose,
  onSaved,
}: {
  open: boolean;
  event: EventView | null;
  onClose: () => void;
  onSaved: (e: EventView) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const { check, showServerError } = useFormErrors();
  const create = useCreateEvent();
  const update = useUpdateEvent(event?.id ?? 0);
  const busy = create.isPending || update.isPending;
  const useAudience = Form.useWatch('useAudience', form);
  const orgId = Form.useWatch('orgId', form);
  const audience = Form.useWatch('audience', form);
  // A new event is organised by the account's own union unless another is chosen.
  const ownOrg = useMe().data?.org.id;

  useEffect(() => {
    if (open) form.setFieldsValue(valuesOf(event, ownOrg));
  }, [open, event, form, ownOrg]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as FormValues;
    const body = check(EventInput, bodyOf(v), form, { rename });
    if (!body) return;
    try {
      const saved = event ? await update.mutateAsync({ version: event.version, data: bodyOf(v) }) : await create.mutateAsync(bodyOf(v));
      onSaved(saved);
    } catch (err) {
      showServerError(err, form, { rename: (f) => rename(f.replace(/^data\./, '')) });
    }
  };

  return (
    <Modal
      open={open}
      width={880}
      title={event ? t('修改活动') : t('新建活动')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'event-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={valuesOf(event, ownOrg)} data-testid="event-form">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('活动类型')} rules={[{ required: true, message: t('请选择活动类型') }]}>
              <Select options={EVENT_KINDS.map((k) => ({ value: k, label: t(EVENT_KIND_LABELS[k]) }))} data-testid="event-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="orgId" label={t('主办单位')} rules={[{ required: true, message: t('请选择主办单位') }]}>
              <OrgTreeSelect disabled={Boolean(event)} style={{ width: '100%' }} placeholder={t('选择主办单位')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="title" label={t('活动名称')} rules={[{ required: true, message: t('请填写活动名称') }]}>
              <Input maxLength={60} showCount placeholder={t('如：新就业形态劳动者法律宣讲')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('活动说明')}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="capacity" label={t('名额')} tooltip={t('不填为不限名额；满员后报名进入候补')}>
              <InputNumber min={1} max={1_000_000} precision={0} placeholder={t('不限')} suffix={t('人')} style={{ width: '100%' }} aria-label={t('名额')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="offerHours" label={t('递补确认时限')} tooltip={t('有人取消后，名额递补给候补第一人，须在此时限内确认')}>
              <InputNumber min={1} max={720} precision={0} suffix={t('小时')} style={{ width: '100%' }} aria-label={t('递补确认时限')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="workerSignup" label={t('职工自行报名')} valuePropName="checked" tooltip={t('关闭后只能由工会代为报名')}>
              <Switch checkedChildren={t('允许')} unCheckedChildren={t('不允许')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="window" label={t('报名时间')} tooltip={t('不填为开放报名后即可报名，结束报名前均可报名')}>
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY年M月D日 HH:mm"
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                placeholder={[t('报名开始时间'), t('报名截止时间')]}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="useAudience" label={t('报名对象')} valuePropName="checked">
              <Switch checkedChildren={t('按条件限定')} unCheckedChildren={t('主办单位下全部职工')} data-testid="event-use-audience" />
            </Form.Item>
          </Col>
        </Row>
        {useAudience ? (
          <>
            <Typography.Paragraph type="secondary">{t('所设条件须同时满足，同一条件中多选为“任一即可”。')}</Typography.Paragraph>
            <RuleBuilder name={['audience']} />
          </>
        ) : null}
        <Reach orgId={orgId} rule={useAudience ? cleanRule(audience) : null} />
      </Form>
    </Modal>
  );
}
