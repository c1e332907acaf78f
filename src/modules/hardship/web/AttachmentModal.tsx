/**
 * 上传材料: one scan (PDF, JPG or PNG, at most 5 MB) with its title. The server checks the type by
 * the file's content; its refusal shows in the dialog.
 */
import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Upload, Button, type ButtonProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { MAX_ATTACHMENT_BYTES } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { validFields } from '../../../web/components/forms.ts';
import { useUploadAttachment } from './hardship.api.ts';

export function AttachmentModal({ caseId, onClose }: { caseId: number; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title?: string }>();
  const upload = useUploadAttachment();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const values = await validFields(form);
    if (!values) return;
    const { title } = values;
    setError(null);
    if (!file) {
      setError(t('请选择要上传的文件'));
      return;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setError(t('单个文件不能超过 5 MB'));
      return;
    }
    try {
      await upload.mutateAsync({ id: caseId, title: title?.trim() ?? '', file });
      message.success(t('已上传证明材料'));
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('上传失败，请稍后重试'));
    }
  };

  return (
    <Modal
      open
      title={t('上传材料')}
      okText={t('上传')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading: upload.isPending, 'data-testid': 'attachment-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="attachment">
        <Form.Item label={t('材料名称')} name="title" extra={t('不填则使用文件名')}>
          <Input maxLength={60} placeholder={t('如：低保证、诊断证明、收入证明')} />
        </Form.Item>
        <Form.Item label={t('文件')} required extra={t('支持 PDF、JPG、PNG，每个不超过 5 MB')}>
          <Upload
            accept=".pdf,.jpg,.jpeg,.png"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="attachment-pick">
              {t('选择文件')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="attachment-error" /> : null}
    </Modal>
  );
}
