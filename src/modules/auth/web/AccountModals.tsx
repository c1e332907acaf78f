/** 新增账号 / 编辑账号 / 重置密码 dialogs; roles offered are those the server says may be given. */
import { useEffect } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { CopyOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  ACCOUNT_STATUSES,
  ACCOUNT_STATUS_LABELS,
  CreateAccountInput,
  ResetPasswordInput,
  ROLE_LABELS,
  UpdateAccountInput,
  type AccountView,
  type Role,
} from '../auth.contract.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { generatePassword, useCreateAccount, useMe, useResetPassword, useUpdateAccount } from './auth.api.ts';

function PasswordField({ name, label, formName }: { name: string; label: string; formName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const rule = useZodRule();
  return (
    <Form.Item label={label} htmlFor={`${formName}_${name}`} required extra={t('8–64 位，须同时包含字母和数字；请通过安全渠道告知本人，首次登录须修改')}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={name} noStyle rules={[rule(ResetPasswordInput.shape.password)]}>
          <Input autoComplete="new-password" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Button
          icon={<ThunderboltOutlined />}
          onClick={() => {
            form.setFieldValue(name, generatePassword());
            void form.validateFields([name]);
          }}
        >
          {t('生成')}
        </Button>
        <Button
          icon={<CopyOutlined />}
          aria-label={t('复制')}
          onClick={() => {
            const v = form.getFieldValue(name) as string | undefined;
            if (v) void navigator.clipboard?.writeText(v).then(() => message.success(t('已复制')));
          }}
        />
      </Space.Compact>
    </Form.Item>
  );
}

function useRoleOptions(current: Role[] = []) {
  const { t } = useI18n();
  const { data: me } = useMe();
  const assignable = new Set<Role>(me?.assignableRoles ?? []);
  const roles = [...new Set<Role>([...(me?.assignableRoles ?? []), ...current])];
  return roles.map((r) => ({ value: r, label: t(ROLE_LABELS[r]), disabled: !assignable.has(r) }));
}

export function CreateAccountModal({ open, onClose, defaultOrgId }: { open: boolean; onClose: () => void; defaultOrgId?: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateAccountInput>();
  const create = useCreateAccount();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const roleOptions = useRoleOptions();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ orgId: defaultOrgId, roles: [], password: generatePassword() });
    }
  }, [open, defaultOrgId, form]);

  const submit = async () => {
    const input = check(CreateAccountInput, form.getFieldsValue(), form);
    if (!input) return;
    create.mutate(input, {
      onSuccess: (a) => {
        message.success(t('已新增账号 {u}', { u: a.username }));
        onClose();
      },
      onError: (err) => showServerError(err, form),
    });
  };

  return (
    <Modal
      open={open}
      title={t('新增账号')}
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={create.isPending}
      forceRender
      width={560}
    >
      <Form form={form} name="accountCreate" layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item
          name="username"
          label={t('用户名')}
          required
          rules={[rule(CreateAccountInput.shape.username)]}
          extra={t('以字母开头，3–32 位字母、数字、下划线、点或横线')}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('姓名')} required rules={[rule(CreateAccountInput.shape.displayName)]}>
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label={t('所属组织')} required rules={[rule(CreateAccountInput.shape.orgId)]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="roles" label={t('角色')} required rules={[rule(CreateAccountInput.shape.roles)]}>
          <Select mode="multiple" options={roleOptions} placeholder={t('请选择角色')} />
        </Form.Item>
        <PasswordField name="password" formName="accountCreate" label={t('初始密码')} />
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  orgId: number;
  roles: Role[];
  status: (typeof ACCOUNT_STATUSES)[number];
}

export function EditAccountModal({ account, onClose }: { account: AccountView | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateAccount();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const roleOptions = useRoleOptions(account?.roles);
  const shape = UpdateAccountInput.shape;

  useEffect(() => {
    if (!account) return;
    form.resetFields();
    form.setFieldsValue({ displayName: account.displayName, orgId: account.orgId, roles: account.roles, status: account.status });
  }, [account, form]);

  const submit = () => {
    if (!account) return;
    const input = check(UpdateAccountInput, form.getFieldsValue(), form);
    if (!input) return;
    update.mutate(
      { id: account.id, data: input },
      {
        onSuccess: () => {
          message.success(t('已保存'));
          onClose();
        },
        onError: (err) => showServerError(err, form),
      },
    );
  };

  return (
    <Modal
      open={Boolean(account)}
      title={
        <span>
          {t('编辑账号')} <Typography.Text type="secondary">{account?.username}</Typography.Text>
        </span>
      }
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={update.isPending}
      forceRender
      width={560}
    >
      <Form form={form} name="accountEdit" layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="displayName" label={t('姓名')} required rules={[rule(shape.displayName.unwrap())]}>
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label={t('所属组织')} required rules={[rule(shape.orgId.unwrap())]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="roles" label={t('角色')} required rules={[rule(shape.roles.unwrap())]}>
          <Select mode="multiple" options={roleOptions} />
        </Form.Item>
        <Form.Item name="status" label={t('状态')} required>
          <Select options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(ACCOUNT_STATUS_LABELS[s]) }))} />
        </Form.Item>
        {account && <Typography.Text type="secondary">{t('当前所属：{org}', { org: tx(account.orgName) })}</Typography.Text>}
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ account, onClose }: { account: AccountView | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const { check, showServerError } = useFormErrors();

  useEffect(() => {
    if (!account) return;
    form.resetFields();
    form.setFieldsValue({ password: generatePassword() });
  }, [account, form]);

  const submit = () => {
    if (!account) return;
    const input = check(ResetPasswordInput, form.getFieldsValue(), form);
    if (!input) return;
    reset.mutate(
      { id: account.id, password: input.password },
      {
        onSuccess: () => {
          message.success(t('已重置 {u} 的密码，对方下次登录须修改密码', { u: account.username }));
          onClose();
        },
        onError: (err) => showServerError(err, form),
      },
    );
  };

  return (
    <Modal
      open={Boolean(account)}
      title={t('重置密码')}
      onCancel={onClose}
      onOk={submit}
      okText={t('确认重置')}
      cancelText={t('取消')}
      confirmLoading={reset.isPending}
      forceRender
    >
      {account && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('为 {name}（{u}）设置新密码；同时解除登录限制，并使其现有登录失效。', { name: tx(account.displayName), u: account.username })}
        </Typography.Paragraph>
      )}
      <Form form={form} name="accountReset" layout="vertical">
        <PasswordField name="password" formName="accountReset" label={t('新密码')} />
      </Form>
    </Modal>
  );
}
