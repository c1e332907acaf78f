/**
 * A small dialog for an action that must be explained (查看、退会、调转、不是同一人…): a required
 * reason with a few usual ones to click, and any further fields the action needs. The server's
 * field messages land on the form; anything else shows as a toast.
 */
import { useEffect, type ReactNode } from 'react';
import { Form, Input, Modal, Space, Tag, Typography } from 'antd';
import type { z } from 'zod';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';

export interface ReasonModalProps<V extends { reason: string }> {
  open: boolean;
  title: ReactNode;
  okText: string;
  danger?: boolean;
  /** Label of the reason field (原因, 查看原因, 调转原因…). */
  reasonLabel?: string;
  reasonSchema: z.ZodType;
  /** Usual reasons offered as one-click tags (UI text, translated). */
  presets?: string[];
  intro?: ReactNode;
  /** Further Form.Items, above the reason. */
  children?: ReactNode;
  initialValues?: Partial<V>;
  /** Resolves when done (the dialog closes); rejects with the server's error (shown here). */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  name: string;
}

export function ReasonModal<V extends { reason: string }>(props: ReasonModalProps<V>) {
  const { open, title, okText, danger, reasonLabel = '原因', reasonSchema, presets = [], intro, children, initialValues, onSubmit, onClose, name } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const rule = useZodRule();
  const { showServerError } = useFormErrors();

  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues as never);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await onSubmit({ ...values, reason: values.reason.trim() });
      onClose();
    } catch (err) {
      showServerError(err, form);
    }
  };

  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={submit} okText={okText} cancelText={t('取消')} okButtonProps={{ danger }} forceRender width={520}>
      {intro ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {intro}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} name={name} layout="vertical" style={{ marginTop: intro ? 0 : 16 }}>
        {children}
        <Form.Item name="reason" label={t(reasonLabel)} required rules={[rule(reasonSchema)]} style={{ marginBottom: presets.length ? 8 : undefined }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={100} showCount placeholder={t('请说明原因，将记入审计日志')} />
        </Form.Item>
        {presets.length > 0 && (
          <Space size={[4, 8]} wrap>
            <Typography.Text type="secondary">{t('常用：')}</Typography.Text>
            {presets.map((p) => (
              <Tag
                key={p}
                style={{ cursor: 'pointer' }}
                onClick={() => {
                  form.setFieldValue('reason' as never, t(p));
                  void form.validateFields(['reason' as never]);
                }}
              >
                {t(p)}
              </Tag>
            ))}
          </Space>
        )}
      </Form>
    </Modal>
  );
}
