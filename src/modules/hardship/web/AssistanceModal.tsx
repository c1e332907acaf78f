/**
 * 录入帮扶: one assistance record on an approved case. The yearly caps (医疗救助 per household,
 * 临时救助 per person and per cause) are checked by the server; its refusal shows in the dialog.
 */
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { AssistanceInput, ASSISTANCE_LABELS, ASSISTANCE_TYPES, CAUSES, CAUSE_LABELS, FUND_SOURCES, FUND_SOURCE_LABELS } from '../hardship.contract.ts';
import { fenToYuan, useFormErrors, validFields } from '../../../web/components/forms.ts';
import { useI18n } from './i18n.ts';
import { useAddAssistance } from './hardship.api.ts';
import { money, toFen } from '../../../web/components/money.ts';

interface Values {
  type?: string;
  amountYuan?: number | null;
  on?: Dayjs;
  fundSource?: string;
  cause?: string | null;
  note?: string;
}

export function AssistanceModal({ caseId, onClose }: { caseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddAssistance();
  const [error, setError] = useState<string | null>(null);
  const type = Form.useWatch('type', form);
  const { check, showServerError } = useFormErrors();

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    setError(null);
    const body = {
      type: v.type,
      amountFen: toFen(v.amountYuan),
      on: v.on?.format('YYYY-MM-DD'),
      fundSource: v.fundSource,
      cause: v.type === 'temp_relief' ? (v.cause ?? null) : null,
      note: v.note?.trim() || null,
    };
    const input = check(AssistanceInput, body, form, { rename: fenToYuan, onMessage: setError });
    if (!input) return;
    try {
      await add.mutateAsync({ id: caseId, ...input });
      message.success(t('已录入帮扶 {amount}', { amount: money(input.amountFen) }));
      onClose();
    } catch (err) {
      // A refusal (409, e.g. the yearly cap) says the figures in its message: show it too.
      showServerError(err, form, { rename: fenToYuan, onMessage: setError, alsoRefusal: true });
    }
  };

  return (
    <Modal
      open
      title={t('录入帮扶')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading: add.isPending, 'data-testid': 'assistance-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" name="assistance" initialValues={{ on: dayjs(), fundSource: 'special_fund' }}>
        <Form.Item label={t('帮扶类型')} name="type" rules={[{ required: true, message: t('请选择帮扶类型') }]}>
          <Select options={ASSISTANCE_TYPES.map((a) => ({ value: a, label: t(ASSISTANCE_LABELS[a]) }))} placeholder={t('请选择')} />
        </Form.Item>
        <Form.Item label={t('金额')} name="amountYuan" rules={[{ required: true, message: t('请填写金额') }]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('帮扶日期')} name="on" rules={[{ required: true, message: t('请选择帮扶日期') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('资金来源')} name="fundSource" rules={[{ required: true, message: t('请选择资金来源') }]}>
          <Select options={FUND_SOURCES.map((f) => ({ value: f, label: t(FUND_SOURCE_LABELS[f]) }))} />
        </Form.Item>
        {type === 'temp_relief' ? (
          <Form.Item label={t('救助事由')} name="cause" rules={[{ required: true, message: t('临时救助须选择事由') }]} extra={t('同一事由一年内只能救助一次')}>
            <Select options={CAUSES.map((c) => ({ value: c, label: t(CAUSE_LABELS[c]) }))} />
          </Form.Item>
        ) : null}
        <Form.Item label={t('说明')} name="note">
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="assistance-error" /> : null}
    </Modal>
  );
}
