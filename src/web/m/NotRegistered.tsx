import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock } from 'antd-mobile';
import { useT } from './i18n.ts';

/** A page that needs a registry record, opened by a worker whose phone is not linked to one yet. */
export function NotRegistered() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <div className="nj-page">
      <ErrorBlock status="empty" title={t('您的手机号尚未关联职工档案')} description={t('核验身份或申请入会后即可使用此项服务。')} />
      <Button block color="primary" size="large" onClick={() => navigate('/bind')} style={{ marginTop: 16 }}>
        {t('核验身份（已是会员）')}
      </Button>
      <Button block size="large" onClick={() => navigate('/join')} style={{ marginTop: 12 }}>
        {t('申请入会')}
      </Button>
    </div>
  );
}
