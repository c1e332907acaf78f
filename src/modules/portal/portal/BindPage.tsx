import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Form, Input, Result } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../web/m/http.ts';
import { useWorker } from '../../../web/m/session.ts';
import { useT } from './i18n.ts';
import { bindIdentity } from './signin.api.ts';

/** 核验身份: link the signed-in phone to the worker's registry record by name and ID number. */
export function BindPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useWorker();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me?.worker.person) {
    return (
      <div className="nj-page">
        <h1 className="nj-title" style={{ margin: '12px 4px' }}>
          {t('核验身份')}
        </h1>
        <Result
          status="success"
          title={t('您的手机号已关联职工档案')}
          description={t('已关联：{name} · {org}', { name: me.worker.person.name, org: me.worker.person.org.name })}
        />
        <Button block color="primary" size="large" onClick={() => navigate('/')} style={{ marginTop: 16 }}>
          {t('返回首页')}
        </Button>
      </div>
    );
  }

  const submit = async () => {
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      await bindIdentity(name, idNumber);
      await queryClient.invalidateQueries({ queryKey: ['m'] });
    } catch (e) {
      if (e instanceof ApiError) {
        const byField: Record<string, string> = {};
        for (const f of e.fields) byField[f.field] = f.message;
        setErrors(byField);
        setMessage(e.message);
      } else setMessage(String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nj-page">
      <h1 className="nj-title" style={{ margin: '12px 4px' }}>
        {t('核验身份')}
      </h1>
      <p style={{ margin: '4px 4px 12px', color: '#333' }}>{t('填写姓名和身份证号，关联您在工会的职工档案。')}</p>
      <Form layout="vertical" style={{ borderRadius: 10, overflow: 'hidden' }}>
        <Form.Item label={t('姓名')}>
          <Input aria-label={t('姓名')} autoComplete="name" placeholder={t('请输入姓名')} value={name} onChange={setName} maxLength={50} />
        </Form.Item>
        <Form.Item label={t('身份证号')}>
          <Input aria-label={t('身份证号')} placeholder={t('请输入 18 位身份证号')} value={idNumber} onChange={setIdNumber} maxLength={20} />
        </Form.Item>
      </Form>
      {[...new Set([message, ...Object.values(errors)])]
        .filter((m): m is string => !!m)
        .map((m) => (
          <p key={m} role="alert" style={{ color: '#a8071a', margin: '8px 4px' }}>
            {m}
          </p>
        ))}
      <Button block color="primary" size="large" loading={busy} disabled={!name || !idNumber} onClick={() => void submit()} style={{ marginTop: 12 }}>
        {t('核验并关联')}
      </Button>
      <p style={{ margin: '16px 4px', color: '#333' }}>
        {t('档案中没有您的记录？')}{' '}
        <a href="/m/join" onClick={(e) => (e.preventDefault(), void navigate('/join'))}>
          {t('申请入会')}
        </a>
      </p>
    </div>
  );
}
