/**
 * 我的资料: my record as the union holds it (ID number and phone masked), my correction requests
 * and their outcome, my consents to optional uses, and the download of my data. Status in words.
 */
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, List, SpinLoading, Switch, Toast } from 'antd-mobile';
import { CORRECTABLE_FIELD_LABELS, CORRECTION_STATUS_LABELS } from '../../corrections.contract.ts';
import { CONSENT_LABELS } from '../../profile.contract.ts';
import { useI18n } from './i18n.ts';
import { downloadMyData, useConsents, useProfile, useSetConsents } from './profile.api.ts';

const card = { background: '#fff', borderRadius: 12, padding: '4px 0', marginBottom: 12, overflow: 'hidden' } as const;

function Consents() {
  const { t } = useI18n();
  const q = useConsents();
  const set = useSetConsents();
  if (!q.data) return null;
  return (
    <section style={card} aria-labelledby="consents-title">
      <h2 id="consents-title" style={{ fontSize: '1.1em', margin: '12px 16px 4px' }}>
        {t('个人信息授权')}
      </h2>
      <List>
        {q.data.items.map((c) => (
          <List.Item
            key={c.purpose}
            description={t(CONSENT_LABELS[c.purpose].description)}
            extra={
              <Switch
                checked={c.granted}
                loading={set.isPending}
                aria-label={t(CONSENT_LABELS[c.purpose].title)}
                onChange={(v) => set.mutate({ [c.purpose]: v }, { onSuccess: () => Toast.show(v ? t('已同意') : t('已撤回')) })}
              />
            }
          >
            <span data-testid={`consent-${c.purpose}`}>
              {t(CONSENT_LABELS[c.purpose].title)}：<strong>{c.granted ? t('已同意') : t('已撤回')}</strong>
            </span>
          </List.Item>
        ))}
      </List>
    </section>
  );
}

export function ProfilePage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const q = useProfile();
  if (q.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} />
      </div>
    );
  if (q.isError || !q.data) return <ErrorBlock status="default" title={t('资料加载失败')} />;
  const p = q.data;
  const rows: [string, string | null | undefined][] = [
    ['姓名', p.name],
    ['性别', t(p.sex)],
    ['出生日期', date(p.birthDate)],
    ['证件号码', p.idMasked],
    ['手机号', p.phoneMasked],
    ['民族', p.ethnicity && tx(p.ethnicity)],
    ['住址', p.address && tx(p.address)],
    ['户口类型', p.hukouType && t(p.hukouType)],
    ['政治面貌', p.politicalStatus && t(p.politicalStatus)],
    ['文化程度', p.education && t(p.education)],
    ['所属工会', tx(p.orgName)],
    ['工作单位', p.employerName && tx(p.employerName)],
    ['职业', p.occupation && tx(p.occupation)],
    ['用工形式', p.employmentForm && t(p.employmentForm)],
    ['工作状态', p.workStatus && t(p.workStatus)],
    ['会员编号', p.membership?.memberNo],
    ['入会日期', p.membership && date(p.membership.joinedOn)],
    ['会籍状态', p.membership ? t(p.membership.state) : t('非会员')],
    ['标签', p.tags.map((x) => tx(x)).join('、')],
  ];
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('我的资料')}</h1>
      <p style={{ color: '#555', marginTop: 0 }}>{t('以下是工会保存的您的信息，证件号码和手机号已部分隐去。')}</p>
      <section style={card} aria-label={t('我的资料')}>
        <List>
          {rows.map(([label, value]) => (
            <List.Item key={label} extra={<span data-testid={`profile-${label}`}>{value || t('未填写')}</span>}>
              {t(label)}
            </List.Item>
          ))}
        </List>
      </section>
      <Button block size="large" color="primary" style={{ marginBottom: 12 }} onClick={() => void navigate('/profile/correct')}>
        {t('申请更正信息')}
      </Button>
      {p.corrections.length > 0 && (
        <section style={card} aria-labelledby="corrections-title">
          <h2 id="corrections-title" style={{ fontSize: '1.1em', margin: '12px 16px 4px' }}>
            {t('我的更正申请')}
          </h2>
          <List>
            {p.corrections.map((c) => (
              <List.Item
                key={c.id}
                data-testid="my-correction"
                description={
                  <>
                    {date(c.createdAt)}
                    {c.reason && ` · ${t('原因')}：${tx(c.reason)}`}
                  </>
                }
                extra={<strong data-testid="my-correction-status">{t(CORRECTION_STATUS_LABELS[c.status])}</strong>}
              >
                {t(CORRECTABLE_FIELD_LABELS[c.field])} → {tx(c.proposed)}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      <Consents />
      <section style={{ ...card, padding: 16 }} aria-labelledby="export-title">
        <h2 id="export-title" style={{ fontSize: '1.1em', margin: '0 0 4px' }}>
          {t('下载我的个人信息')}
        </h2>
        <p style={{ margin: '0 0 12px', color: '#555' }}>{t('包括档案、会籍、慰问和帮扶记录、消息等，下载会被记录。')}</p>
        <Button block size="large" onClick={() => void downloadMyData().then(() => Toast.show(t('已下载')))}>
          {t('下载个人信息副本')}
        </Button>
      </section>
    </div>
  );
}
