/** 登录: username and password; in a demo installation, the demo accounts to try with one click. */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginInput } from '../auth.contract.ts';
import type { DemoAccount } from '../../system/system.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { LogoMark } from '../../../web/components/Logo.tsx';
import { LanguageSwitch } from '../../../web/components/LanguageSwitch.tsx';
import { useLogin, useSystemInfo } from './auth.api.ts';

/** Only paths of this app, never another site (an open redirect). */
function safeRedirect(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/login')) return '/';
  return raw;
}

/** The server's Retry-After after too many failures, counted down each second. */
function useWait() {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  const left = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  return {
    left,
    start: (seconds: number | undefined) => {
      setNow(Date.now());
      setUntil(seconds ? Date.now() + seconds * 1000 : null);
    },
  };
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

const FEATURES = ['组织架构逐级管理，数据范围按本级及下级隔离', '政策参数按组织设定、逐级继承、按日生效', '每一次修改都有留痕，审计日志防篡改'];

export function LoginPage() {
  const { t, tx } = useI18n();
  const [form] = Form.useForm<LoginInput>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const info = useSystemInfo();
  const login = useLogin();
  const rule = useZodRule();
  const { check } = useFormErrors();
  const [error, setError] = useState<string | null>(null);
  const wait = useWait();

  const submit = (values: LoginInput) => {
    const input = check(LoginInput, values, form);
    if (!input) return;
    setError(null);
    login.mutate(input, {
      onSuccess: (me) => void navigate(me.account.mustChangePassword ? '/me/password' : safeRedirect(params.get('redirect')), { replace: true }),
      onError: (err) => {
        setError(err instanceof ApiError ? err.message : '登录失败，请稍后重试');
        wait.start(err instanceof ApiError ? err.retryAfterSeconds : undefined);
      },
    });
  };

  // Another name is not held by this name's wait; the server says so again if it still applies.
  const onValuesChange = (changed: Partial<LoginInput>) => {
    if (error) setError(null);
    if ('username' in changed) wait.start(undefined);
  };

  const fill = (a: DemoAccount) => {
    form.setFieldsValue({ username: a.username, password: a.password });
    form.setFields([
      { name: 'username', errors: [] },
      { name: 'password', errors: [] },
    ]);
    setError(null);
    wait.start(undefined);
  };

  const demo = info.data?.demo ? info.data.demoAccounts : [];

  return (
    <Flex style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Flex
        vertical
        justify="space-between"
        style={{
          flex: '0 0 40%',
          maxWidth: 620,
          padding: '48px 56px',
          color: '#fff',
          background: 'linear-gradient(150deg, #c62828 0%, #d9363e 45%, #e8684a 100%)',
        }}
        className="nj-login-brand"
      >
        <Flex align="center" gap={12}>
          <span style={{ background: '#fff', borderRadius: 10, padding: 3 }}>
            <LogoMark size={40} />
          </span>
          <div>
            <div style={{ fontSize: 28, fontWeight: 700, letterSpacing: 4 }}>{t('娘家人')}</div>
            <div style={{ opacity: 0.85 }}>{t('工会职工服务平台')}</div>
          </div>
        </Flex>
        <div>
          <div style={{ fontSize: 30, fontWeight: 600, lineHeight: 1.5, marginBottom: 24 }}>{t('把工会建成职工信赖的“娘家”')}</div>
          {FEATURES.map((f) => (
            <div key={f} style={{ fontSize: 15, opacity: 0.92, marginBottom: 10 }}>
              ·&nbsp;&nbsp;{t(f)}
            </div>
          ))}
        </div>
        <div style={{ opacity: 0.7, fontSize: 12 }}>
          {t('娘家人 · 工会职工服务平台')} {info.data ? `v${info.data.version}` : ''}
        </div>
      </Flex>

      <Flex vertical align="center" className="nj-login-form" style={{ flex: 1, minWidth: 0, padding: '32px 24px', overflow: 'auto' }}>
        <Flex justify="flex-end" style={{ width: '100%' }}>
          <LanguageSwitch />
        </Flex>
        <div style={{ width: '100%', maxWidth: 600, marginTop: demo.length ? 8 : 96 }}>
          <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(0,0,0,.06)' }}>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {t('账号登录')}
            </Typography.Title>
            {error && <Alert type="error" showIcon title={tx(error)} style={{ marginBottom: 16 }} data-testid="login-error" />}
            <Form form={form} name="login" layout="vertical" size="large" onFinish={submit} requiredMark={false} onValuesChange={onValuesChange}>
              <Form.Item name="username" label={t('用户名')} rules={[rule(LoginInput.shape.username)]}>
                <Input prefix={<UserOutlined />} placeholder={t('请输入用户名')} autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item name="password" label={t('密码')} rules={[rule(LoginInput.shape.password)]}>
                <Input.Password prefix={<LockOutlined />} placeholder={t('请输入密码')} autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={login.isPending} disabled={wait.left > 0} data-testid="login-submit">
                {wait.left > 0 ? t('{time} 后可再试', { time: clock(wait.left) }) : t('登录')}
              </Button>
            </Form>
          </Card>

          {demo.length > 0 && (
            <Card
              size="small"
              variant="borderless"
              style={{ marginTop: 16, border: '1px dashed #ffbb96', background: '#fffaf5' }}
              title={
                <Flex align="center" gap={8}>
                  <ExperimentOutlined style={{ color: '#fa541c' }} />
                  <span>{t('演示环境')}</span>
                  <Tag color="volcano">{t('演示数据')}</Tag>
                </Flex>
              }
              data-testid="demo-accounts"
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontSize: 13 }}>
                {t('当前系统载入的是演示数据，点击下列账号即可填入登录信息。')}
              </Typography.Paragraph>
              <Table<DemoAccount>
                size="small"
                rowKey="username"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={demo}
                onRow={(a) => ({ onClick: () => fill(a), className: 'nj-demo-row', title: t('点击填入') })}
                columns={[
                  {
                    title: t('用户名'),
                    dataIndex: 'username',
                    render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span>,
                  },
                  { title: t('角色'), dataIndex: 'role', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{t(v)}</span> },
                  { title: t('所属组织'), dataIndex: 'org', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{tx(v)}</span> },
                  { title: t('密码'), dataIndex: 'password', width: 96, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
                ]}
              />
            </Card>
          )}
        </div>
      </Flex>
    </Flex>
  );
}
