/** 设置本级值: a value in 元 / % / its unit, from a date on, with the basis for it. */
import { useEffect } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { policyDefinition, policyValueProblem, SetPolicyInput, type PolicyItem } from '../policies.contract.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { formatPolicyValue, inputUnit, toDisplay, toStored } from './policyValues.ts';
import { useSetPolicy } from './policies.api.ts';

interface Values {
  value?: number | null;
  effectiveFrom?: Dayjs | null;
  note?: string;
}

export function SetPolicyModal({ item, org, onClose }: { item: PolicyItem | null; org: { id: number; name: string }; onClose: () => void }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const setPolicy = useSetPolicy();
  const { check, showServerError } = useFormErrors();

  useEffect(() => {
    if (!item) return;
    form.resetFields();
    form.setFieldsValue({
      value: item.effective ? toDisplay(item.kind, item.effective.value) : null,
      effectiveFrom: dayjs(chinaToday()),
    });
  }, [item, form]);

  const def = item ? policyDefinition(item.key) : undefined;
  const kind = item?.kind ?? 'number';

  const submit = () => {
    if (!item) return;
    const v = form.getFieldsValue();
    const value = v.value == null ? undefined : toStored(item.kind, v.value);
    const input = check(
      SetPolicyInput,
      { orgId: org.id, key: item.key, value, effectiveFrom: v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM-DD') : undefined, note: v.note },
      form,
    );
    if (!input) return;
    const problem = def ? policyValueProblem(def, input.value) : null;
    if (problem) {
      form.setFields([{ name: 'value', errors: [tx(problem)] }]);
      return;
    }
    setPolicy.mutate(input, {
      onSuccess: () => {
        message.success(t('已设置「{label}」，自 {d} 起生效', { label: t(item.label), d: date(input.effectiveFrom) }));
        onClose();
      },
      onError: (err) => showServerError(err, form),
    });
  };

  const unit = item ? inputUnit(item.kind, item.unit) : '';
  const min = kind === 'ratio' ? (def?.min ?? 0) * 100 : (def?.min ?? 0);
  const max = def?.max === undefined ? undefined : kind === 'ratio' ? def.max * 100 : def.max;

  return (
    <Modal
      open={Boolean(item)}
      title={t('设置本级值')}
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={setPolicy.isPending}
      width={600}
      forceRender
    >
      {item && (
        <Descriptions size="small" column={1} style={{ margin: '12px 0 16px' }} bordered>
          <Descriptions.Item label={t('组织')}>{tx(org.name)}</Descriptions.Item>
          <Descriptions.Item label={t('参数')}>
            <Typography.Text strong>{t(item.label)}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(item.description)}
              </Typography.Text>
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('当前值')}>
            {item.effective ? (
              <Space size={4} wrap>
                <span>{formatPolicyValue(item.kind, item.effective.value, t(item.unit))}</span>
                <Typography.Text type="secondary">
                  （{item.effective.inherited ? t('继承自 {org}', { org: tx(item.effective.orgName) }) : t('本级设置')}，
                  {t('自 {d} 起', { d: date(item.effective.effectiveFrom) })}）
                </Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('未设置')}</Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form form={form} name="policySet" layout="vertical">
        <Form.Item
          name="value"
          label={t('新值')}
          required
          extra={kind === 'money' ? t('以元为单位，最多两位小数') : kind === 'ratio' ? t('以百分比填写，如 80 表示 80%') : undefined}
        >
          <InputNumber
            style={{ width: 260 }}
            min={min}
            max={max}
            precision={kind === 'integer' ? 0 : kind === 'money' ? 2 : undefined}
            step={kind === 'money' ? 10 : kind === 'number' ? 0.1 : 1}
            suffix={unit ? t(unit) : undefined}
          />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('生效日期')} required extra={t('已生效的值不能改写，只能以新的生效日期录入新值；尚未生效的可以撤回')}>
          <DatePicker format="YYYY-MM-DD" style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="note" label={t('依据或说明')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('如：内民政发〔2025〕12 号')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
