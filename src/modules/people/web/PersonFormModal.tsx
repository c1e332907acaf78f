/**
 * 新增职工 / 编辑档案. 性别 and 出生日期 are never typed: they are read from the ID number as it
 * is typed (parseIdNumber, the same check the server makes). Editing sends `version`; when
 * someone else saved first, the 409 says so and offers to reload the record.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Col, Divider, Form, Input, Modal, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import {
  COMMON_TAGS,
  CreatePersonInput,
  EDUCATIONS,
  EDUCATION_LABELS,
  EMPLOYMENT_FORMS,
  EMPLOYMENT_FORM_LABELS,
  ETHNICITIES,
  HUKOU_LABELS,
  HUKOU_TYPES,
  ID_TYPE_LABELS,
  personFields,
  POLITICAL_LABELS,
  POLITICAL_STATUSES,
  SEX_LABELS,
  UpdatePersonInput,
  WORK_STATUSES,
  WORK_STATUS_LABELS,
  type PersonView,
} from '../people.contract.ts';
import { parseIdNumber } from '../../../shared/idcard.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { blankToNull, useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useCreatePerson, useOccupations, useUpdatePerson } from './people.api.ts';

interface Values {
  name?: string;
  idNumber?: string;
  phone?: string;
  ethnicity?: string;
  hukouType?: string;
  politicalStatus?: string;
  education?: string;
  orgId?: number;
  employerName?: string;
  employerCreditCode?: string;
  occupation?: string;
  employmentForm?: string;
  workStatus?: string;
  tags?: string[];
  address?: string;
  notes?: string;
}

/** Whole years from a birth date (YYYY-MM-DD) to today. */
export function ageFrom(birthDate: string, today = chinaToday()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

function valuesOf(p: PersonView): Values {
  const v = (x: string | null) => x ?? undefined;
  return {
    name: p.name,
    idNumber: undefined,
    phone: undefined,
    ethnicity: v(p.ethnicity),
    hukouType: v(p.hukouType),
    politicalStatus: v(p.politicalStatus),
    education: v(p.education),
    orgId: p.orgId,
    employerName: v(p.employerName),
    employerCreditCode: v(p.employerCreditCode),
    occupation: v(p.occupation),
    employmentForm: v(p.employmentForm),
    workStatus: v(p.workStatus),
    tags: p.tags,
    address: v(p.address),
    notes: v(p.notes),
  };
}

/** What the ID number typed so far says: sex, birth date, age and kind of document. */
function IdDerived({ value, editing }: { value: string | undefined; editing: boolean }) {
  const { t, date } = useI18n();
  const raw = value?.trim() ?? '';
  const info = raw.length >= 18 ? parseIdNumber(raw, chinaToday()) : null;
  if (info?.ok) {
    return (
      <Space size={6} wrap data-testid="id-derived">
        <Tag color="blue" bordered={false}>
          {t(SEX_LABELS[info.sex])}
        </Tag>
        <span>{t('出生日期 {d}', { d: date(info.birthDate) })}</span>
        <Typography.Text type="secondary">{t('{n} 岁', { n: ageFrom(info.birthDate) })}</Typography.Text>
        <Typography.Text type="secondary">· {t(ID_TYPE_LABELS[info.type])}</Typography.Text>
      </Space>
    );
  }
  return <span>{editing ? t('留空则不修改；性别和出生日期由证件号码自动识别') : t('性别和出生日期由证件号码自动识别，无需填写')}</span>;
}

type Props =
  | { mode: 'create'; open: boolean; defaultOrgId?: number; person?: undefined; onClose: () => void; onReload?: undefined }
  | {
      mode: 'edit';
      open: boolean;
      person: PersonView;
      /** Tags that follow from records (自动): shown apart, never in the editable list. */
      derivedTags?: readonly { tag: string; reason: string }[];
      defaultOrgId?: undefined;
      onClose: () => void;
      onReload: () => Promise<PersonView | undefined>;
    };

export function PersonFormModal(props: Props) {
  const { mode, open, onClose } = props;
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const occupations = useOccupations();
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const idValue = Form.useWatch('idNumber', form);
  const editing = mode === 'edit';
  // The server keeps these whatever the form sends: they go when their record says so.
  const derived = props.mode === 'edit' ? (props.derivedTags ?? []) : [];
  const editable = (p: PersonView): Values => ({ ...valuesOf(p), tags: p.tags.filter((g) => !derived.some((d) => d.tag === g)) });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setConflict(false);
    if (props.mode === 'edit') form.setFieldsValue(editable(props.person));
    else form.setFieldsValue({ orgId: props.defaultOrgId, tags: [] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const idRule = {
    validator: async (_: unknown, value: string | undefined) => {
      const v = value?.trim() ?? '';
      if (!v && editing) return;
      const basic = personFields.idNumber.safeParse(v);
      if (!basic.success) throw new Error(tx(basic.error.issues[0]?.message ?? '请填写证件号码'));
      const parsed = parseIdNumber(v, chinaToday());
      if (!parsed.ok) throw new Error(tx(parsed.message));
    },
  };

  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409 && err.fields.some((f) => f.field === 'version')) {
      setConflict(true);
      return;
    }
    // "该证件号码已登记：王建国（…），同一人只能有一份档案" reads best in full at the field.
    if (err instanceof ApiError && err.status === 409 && err.fields.some((f) => f.field === 'idNumber')) {
      form.setFields([{ name: 'idNumber', errors: [tx(err.message)] }]);
      form.scrollToField('idNumber');
      return;
    }
    showServerError(err, form);
  };

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const values = form.getFieldsValue();
    const data = { ...blankToNull({ ...values }), tags: values.tags ?? [] };
    if (props.mode === 'create') {
      const input = check(CreatePersonInput, data, form);
      if (!input) return;
      create.mutate(input, {
        onSuccess: (p) => {
          message.success(t('已新增职工档案：{name}', { name: tx(p.name) }));
          onClose();
          void navigate(`/people/${p.id}`);
        },
        onError,
      });
    } else {
      const { orgId: _org, idNumber, phone, ...rest } = data;
      const patch = { ...rest, ...(idNumber ? { idNumber } : {}), ...(phone ? { phone } : {}), version: props.person.version };
      const input = check(UpdatePersonInput, patch, form);
      if (!input) return;
      update.mutate(
        { id: props.person.id, data: input },
        {
          onSuccess: () => {
            message.success(t('已保存'));
            onClose();
          },
          onError,
        },
      );
    }
  };

  const reload = async () => {
    if (props.mode !== 'edit') return;
    setReloading(true);
    try {
      const fresh = await props.onReload();
      if (fresh) {
        form.resetFields();
        form.setFieldsValue(editable(fresh));
      }
      setConflict(false);
      message.info(t('已载入最新档案，请重新修改后保存'));
    } catch (err) {
      showServerError(err);
    } finally {
      setReloading(false);
    }
  };

  const enumOptions = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: t(labels[k]) }));
  const section = (title: string) => (
    <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
      <Typography.Text strong>{t(title)}</Typography.Text>
    </Divider>
  );

  return (
    <Modal
      open={open}
      title={
        editing ? (
          <span>
            {t('编辑档案')} <Typography.Text type="secondary">{tx(props.person?.name)}</Typography.Text>
          </span>
        ) : (
          t('新增职工')
        )
      }
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ disabled: conflict }}
      forceRender
      width={980}
      style={{ top: 40 }}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('该档案已被他人修改，请刷新后核对再保存')}
          description={t('重新加载会放弃您在本窗口中的修改，载入对方保存后的最新内容。')}
          action={
            <Button size="small" type="primary" loading={reloading} onClick={reload}>
              {t('重新加载')}
            </Button>
          }
          data-testid="person-conflict"
        />
      )}
      <Form form={form} name="person" layout="vertical" style={{ marginTop: 16 }} requiredMark>
        {section('身份信息')}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label={t('姓名')} required rules={[rule(personFields.name)]}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item
              name="idNumber"
              label={t('证件号码')}
              required={!editing}
              rules={[idRule]}
              validateDebounce={300}
              extra={<IdDerived value={idValue} editing={editing} />}
            >
              <Input
                maxLength={18}
                autoComplete="off"
                style={{ fontFamily: 'monospace' }}
                placeholder={editing ? t('当前：{id}', { id: props.person?.idMasked ?? '' }) : t('18 位居民身份证、港澳台居民居住证或外国人永久居留身份证号码')}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="phone" label={t('手机号')} rules={[rule(personFields.phone)]} extra={editing ? t('留空则不修改') : undefined}>
              <Input
                maxLength={11}
                autoComplete="off"
                placeholder={editing && props.person?.phoneMasked ? t('当前：{id}', { id: props.person.phoneMasked }) : undefined}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ethnicity" label={t('民族')} rules={[rule(personFields.ethnicity)]}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={ETHNICITIES.map((e) => ({ value: e, label: t(e) }))}
                placeholder={t('请选择')}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="hukouType" label={t('户口类型')}>
              <Select allowClear options={enumOptions(HUKOU_TYPES, HUKOU_LABELS)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="politicalStatus" label={t('政治面貌')}>
              <Select allowClear options={enumOptions(POLITICAL_STATUSES, POLITICAL_LABELS)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="education" label={t('文化程度')}>
              <Select allowClear options={enumOptions(EDUCATIONS, EDUCATION_LABELS)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="address" label={t('住址')} rules={[rule(personFields.address)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        {section('工作信息')}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="orgId"
              label={t('所属工会')}
              required
              rules={editing ? [] : [rule(personFields.orgId)]}
              extra={editing ? t('更换所属工会请使用“调转”') : undefined}
            >
              <OrgTreeSelect disabled={editing} placeholder={t('请选择所属工会')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="employerName" label={t('工作单位')} rules={[rule(personFields.employerName)]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="employerCreditCode" label={t('单位统一社会信用代码')} rules={[rule(personFields.employerCreditCode)]}>
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="occupation" label={t('职业')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={occupations.isLoading}
                options={(occupations.data ?? []).map((o) => ({ value: o.code, label: tx(o.label) }))}
                placeholder={t('请选择')}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="employmentForm" label={t('用工形式')}>
              <Select allowClear options={enumOptions(EMPLOYMENT_FORMS, EMPLOYMENT_FORM_LABELS)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="workStatus" label={t('工作状态')}>
              <Select allowClear options={enumOptions(WORK_STATUSES, WORK_STATUS_LABELS)} placeholder={t('请选择')} />
            </Form.Item>
          </Col>
        </Row>
        {section('其他')}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="tags"
              label={t('标签')}
              rules={[rule(personFields.tags)]}
              tooltip={t('可从常用标签中选择，也可输入后回车添加')}
              style={{ marginBottom: 0 }}
              extra={
                derived.length ? (
                  <Space size={4} wrap style={{ marginTop: 4 }} data-testid="form-derived-tags">
                    {t('自动标签')}:
                    {derived.map((d) => (
                      <Tooltip key={d.tag} title={`${tx(d.reason)}。${t('自动标签随档案增减，不能手工删除')}`}>
                        <Tag color="purple" bordered={false}>
                          {tx(d.tag)} · {t('自动')}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Space>
                ) : undefined
              }
            >
              <Select
                mode="tags"
                tokenSeparators={[',', '，', '、']}
                options={COMMON_TAGS.map((g) => ({ value: g, label: t(g) }))}
                placeholder={t('如：劳模、困难职工')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="notes" label={t('备注')} rules={[rule(personFields.notes)]} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
