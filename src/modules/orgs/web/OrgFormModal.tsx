/**
 * 新增下级 / 编辑 an org. Types offered follow `canContain`; federations pick their division code
 * from the parent's division and get a name suggested ("XX区总工会"). The contract checks the form
 * before it is sent; the server's field messages land on the same fields.
 */
import { useEffect, useRef } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Col, DatePicker, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { canContain, CreateOrgInput, needsDivisionCode, ORG_TYPES, ORG_TYPE_LABELS, UpdateOrgInput, type OrgDetail, type OrgType } from '../orgs.contract.ts';
import { useI18n } from './i18n.ts';
import { blankToNull, useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { DivisionSelect, type DivisionLevel } from './DivisionSelect.tsx';
import { parentDivisionCode, useCreateOrg, useOrg, useTreeLevel, useUpdateOrg, type DivisionView } from './orgs.api.ts';

interface Values {
  name?: string;
  shortName?: string;
  type?: OrgType;
  divisionCode?: string;
  creditCode?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  foundedOn?: Dayjs | null;
}

const LEVEL_OF_TYPE: Partial<Record<OrgType, DivisionLevel>> = { provincial: 'province', city: 'city', county: 'county' };

const toApiDate = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : (v ?? null));

/** "呼和浩特市总工会" → "呼和浩特市": the place a federation's name starts with. */
const placeOf = (orgName: string) => orgName.replace(/(总工会|工会)$/, '');

/** The usual name of a federation for a division: 呼和浩特市新城区总工会, 土默特左旗总工会. */
function suggestName(type: OrgType, d: DivisionView, group: string | undefined, parentName: string): string {
  if (type === 'county' && d.name.endsWith('区') && !d.name.includes('旗')) {
    const place = group && group !== '市辖区' && group !== '县' ? group : placeOf(parentName);
    return `${place}${d.name}总工会`;
  }
  return `${d.name}总工会`;
}

type Props =
  | { mode: 'create'; open: boolean; parent: OrgDetail; org?: undefined; onClose: () => void; onSaved?: (o: OrgDetail) => void }
  | { mode: 'edit'; open: boolean; org: OrgDetail; parent?: undefined; onClose: () => void; onSaved?: (o: OrgDetail) => void };

export function OrgFormModal(props: Props) {
  const { mode, open, onClose, onSaved } = props;
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const autoName = useRef<string | null>(null);
  const shape = CreateOrgInput.shape;

  // Editing: the parent decides which types fit (out of scope for one's own org: type stays).
  const editParentId = mode === 'edit' && props.org.trail.length >= 2 ? props.org.parentId : null;
  const { data: editParent } = useOrg(open ? editParentId : null);
  const parent = mode === 'create' ? props.parent : editParent;
  const type = Form.useWatch('type', form);
  // Federations already set up under this parent: their divisions are not offered again.
  const { data: siblings } = useTreeLevel(parent?.id ?? null, open && Boolean(parent));
  const taken = new Set((siblings ?? []).filter((n) => needsDivisionCode(n.type) && n.divisionCode && n.id !== props.org?.id).map((n) => n.divisionCode!));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    autoName.current = null;
    if (props.mode === 'edit') {
      const o = props.org;
      form.setFieldsValue({
        name: o.name,
        shortName: o.shortName ?? undefined,
        type: o.type,
        divisionCode: o.divisionCode ?? undefined,
        creditCode: o.creditCode ?? undefined,
        address: o.address ?? undefined,
        contactName: o.contactName ?? undefined,
        contactPhone: o.contactPhone ?? undefined,
        foundedOn: o.foundedOn ? dayjs(o.foundedOn) : null,
      });
    } else {
      const allowed = ORG_TYPES.filter((x) => canContain(props.parent.type, x));
      const first = allowed.includes('grassroots') && !allowed.some((x) => needsDivisionCode(x)) ? 'grassroots' : allowed[0];
      form.setFieldsValue({ type: first, divisionCode: needsDivisionCode(first ?? 'grassroots') ? undefined : (props.parent.divisionCode ?? undefined) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const typeOptions = (() => {
    if (mode === 'edit' && !parent) return [props.org.type];
    return ORG_TYPES.filter((x) => parent && canContain(parent.type, x));
  })();

  const level = type ? LEVEL_OF_TYPE[type] : undefined;
  const needsCode = type ? needsDivisionCode(type) : false;
  const within = parent ? parent.divisionCode : mode === 'edit' && props.org.divisionCode ? parentDivisionCode(props.org.divisionCode) : undefined;

  const onPicked = (d: DivisionView | undefined, group: string | undefined) => {
    if (mode !== 'create' || !d || !type) return;
    const current = form.getFieldValue('name') as string | undefined;
    if (!current || current === autoName.current) {
      const name = suggestName(type, d, group, props.parent.name);
      autoName.current = name;
      form.setFieldValue('name', name);
      void form.validateFields(['name']);
    }
  };

  const submit = () => {
    const values = form.getFieldsValue();
    const data = blankToNull({ ...values, foundedOn: toApiDate(values.foundedOn) });
    if (values.type && needsDivisionCode(values.type) && !values.divisionCode) {
      form.setFields([{ name: 'divisionCode', errors: [tx(`${ORG_TYPE_LABELS[values.type]}须填写行政区划代码`)] }]);
      return;
    }
    if (props.mode === 'create') {
      const input = check(CreateOrgInput, { ...data, parentId: props.parent.id }, form);
      if (!input) return;
      create.mutate(input, {
        onSuccess: (o) => {
          message.success(t('已新增 {name}', { name: tx(o.name) }));
          onSaved?.(o);
          onClose();
        },
        onError: (err) => showServerError(err, form),
      });
    } else {
      const input = check(UpdateOrgInput, data, form);
      if (!input) return;
      update.mutate(
        { id: props.org.id, data: input },
        {
          onSuccess: (o) => {
            message.success(t('已保存'));
            onSaved?.(o);
            onClose();
          },
          onError: (err) => showServerError(err, form),
        },
      );
    }
  };

  const title = mode === 'create' ? t('新增下级组织') : t('编辑组织');

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={create.isPending || update.isPending}
      width={720}
      forceRender
    >
      {mode === 'create' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('上级组织：{name}', { name: tx(props.parent.name) })}
        </Typography.Paragraph>
      )}
      <Form form={form} name={mode === 'create' ? 'orgCreate' : 'orgEdit'} layout="vertical" style={{ marginTop: 8 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="type" label={t('组织类型')} required rules={[rule(shape.type)]}>
              <Select
                disabled={typeOptions.length <= 1 && mode === 'edit'}
                options={typeOptions.map((x) => ({ value: x, label: t(ORG_TYPE_LABELS[x]) }))}
                onChange={(next: OrgType) => {
                  if (mode === 'create') {
                    form.setFieldValue('divisionCode', needsDivisionCode(next) ? undefined : (props.parent.divisionCode ?? undefined));
                    if (form.getFieldValue('name') === autoName.current) form.setFieldValue('name', undefined);
                  }
                }}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="divisionCode"
              label={t('行政区划')}
              required={needsCode}
              rules={[rule(shape.divisionCode)]}
              extra={needsCode ? t('总工会按行政区划设立，须选择本级行政区划') : t('选填：所在地的 6 位行政区划代码')}
            >
              {needsCode && level ? (
                <DivisionSelect within={within} level={level} onPicked={onPicked} taken={taken} />
              ) : (
                <Input placeholder={t('6 位行政区划代码，如 150102')} maxLength={6} allowClear />
              )}
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('组织名称')} required rules={[rule(shape.name)]}>
              <Input placeholder={t('如：呼和浩特市新城区总工会')} maxLength={100} showCount />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="shortName" label={t('简称')} rules={[rule(shape.shortName)]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="creditCode" label={t('统一社会信用代码')} rules={[rule(shape.creditCode)]}>
              <Input maxLength={18} placeholder={t('18 位，选填')} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="foundedOn" label={t('成立日期')} rules={[rule(shape.foundedOn, toApiDate)]}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('地址')} rules={[rule(shape.address)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactName" label={t('联系人')} rules={[rule(shape.contactName)]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactPhone" label={t('联系电话')} rules={[rule(shape.contactPhone)]}>
              <Input placeholder={t('手机号或 0471-1234567')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
