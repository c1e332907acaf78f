/**
 * 登记回访: the due follow-up of an exited case done. If hardship has returned (发现返困) the case
 * re-opens for assistance; otherwise the server schedules the next follow-up.
 */
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Switch, Typography, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { FollowupInput } from '../hardship.contract.ts';
import { useFormErrors, validFields } from '../../../web/components/forms.ts';
import { useI18n } from './i18n.ts';
import { useAddFollowup } from './hardship.api.ts';

interface Values {
  on?: Dayjs;
  result?: string;
  hardshipReturned: boolean;
}

export function FollowupModal({ caseId, onClose }: { caseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddFollowup();
  const [error, setError] = useState<string | null>(null);
  const returned = Form.useWatch('hardshipReturned', form);
  const { check, showServerError } = useFormErrors();

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    setError(null);
    const input = check(FollowupInput, { on: v.on?.format('YYYY-MM-DD'), result: v.result?.trim() ?? '', hardshipReturned: v.hardshipReturned }, form, {
      onMessage: setError,
    });
    if (!input) return;
    try {
      await add.mutateAsync({ id: caseId, ...input });
      message.success(input.hardshipReturned ? t('已登记回访，档案重新进入帮扶') : t('已登记回访，已安排下次回访'));
      onClose();
    } catch (err) {
      showServerError(err, form, { onMessage: setError });
    }
  };

  return (
    <Modal
      open
      title={t('登记回访')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading: add.isPending, 'data-testid': 'followup-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" name="followup" initialValues={{ on: dayjs(), hardshipReturned: false }}>
        <Form.Item label={t('回访日期')} name="on" rules={[{ required: true, message: t('请选择回访日期') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={t('回访情况')} name="result" rules={[{ required: true, whitespace: true, message: t('请填写回访情况') }]}>
          <Input.TextArea rows={3} maxLength={300} showCount placeholder={t('如：已稳定就业，家庭收入高于当地低保标准')} />
        </Form.Item>
        <Form.Item label={t('发现返困')} name="hardshipReturned" valuePropName="checked" extra={t('发现返困时档案将重新进入帮扶，并标记为返困')}>
          <Switch />
        </Form.Item>
      </Form>
      {returned ? <Typography.Paragraph type="warning">{t('保存后档案状态将变为“帮扶中”。')}</Typography.Paragraph> : null}
      {error ? <Alert type="error" showIcon title={error} data-testid="followup-error" /> : null}
    </Modal>
  );
}
