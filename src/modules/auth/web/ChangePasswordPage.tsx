/** 修改密码: current + new + confirm; forced after the first sign-in or a reset. */
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { ChangePasswordInput, password } from '../auth.contract.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { Page } from '../../../web/components/Page.tsx';
import { useChangePassword, useMe } from './auth.api.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { data: me } = useMe();
  const change = useChangePassword();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const forced = Boolean(me?.account.mustChangePassword);

  const submit = (values: Values) => {
    const input = check(ChangePasswordInput, values, form);
    if (!input) return;
    change.mutate(input, {
      onSuccess: () => {
        message.success(t('密码已修改'));
        form.resetFields();
        void navigate('/', { replace: true });
      },
      onError: (err) => showServerError(err, form),
    });
  };

  return (
    <Page title={t('修改密码')} subTitle={me ? t('账号：{u}', { u: me.account.username }) : undefined}>
      <Card variant="borderless" style={{ maxWidth: 560 }}>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 24 }}
            title={t('首次登录或密码被重置，请先修改密码')}
            description={t('为保护账号安全，设置新密码后才能使用其他功能。')}
            data-testid="must-change-password"
          />
        )}
        <Form form={form} name="changePassword" layout="vertical" onFinish={submit}>
          <Form.Item name="currentPassword" label={t('当前密码')} required rules={[rule(ChangePasswordInput.shape.currentPassword)]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('新密码')} required extra={t('8–64 位，须同时包含字母和数字')} rules={[rule(password('新密码'))]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('确认新密码')}
            required
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('请再次填写新密码') },
              ({ getFieldValue }) => ({
                validator: async (_r, v) => {
                  if (v && v !== getFieldValue('newPassword')) throw new Error(t('两次填写的新密码不一致'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {t('确认修改')}
            </Button>
            {!forced && <Button onClick={() => navigate(-1)}>{t('取消')}</Button>}
          </Space>
        </Form>
      </Card>
    </Page>
  );
}
