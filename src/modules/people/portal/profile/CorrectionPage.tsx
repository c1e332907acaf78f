/** 申请更正信息: which item is wrong, what it should be, and why — on a page of its own (no pop-up). */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { ApiError } from '../../../../web/m/http.ts';
import { CORRECTABLE_FIELDS, CORRECTABLE_FIELD_LABELS, type CorrectableField } from '../../corrections.contract.ts';
import { EDUCATION_LABELS, EMPLOYMENT_FORM_LABELS, ETHNICITIES, HUKOU_LABELS, POLITICAL_LABELS, WORK_STATUS_LABELS } from '../../people.contract.ts';
import { useI18n } from './i18n.ts';
import { useProfile, useRequestCorrection } from './profile.api.ts';

const CHOICES: Partial<Record<CorrectableField, Record<string, string>>> = {
  ethnicity: Object.fromEntries(ETHNICITIES.map((e) => [e, e])),
  hukouType: HUKOU_LABELS,
  politicalStatus: POLITICAL_LABELS,
  education: EDUCATION_LABELS,
  employmentForm: EMPLOYMENT_FORM_LABELS,
  workStatus: WORK_STATUS_LABELS,
};

const selectStyle = {
  width: '100%',
  minHeight: 'var(--nj-tap, 44px)',
  fontSize: 'inherit',
  padding: '0 8px',
  borderRadius: 8,
  border: '1px solid #999',
  background: '#fff',
};

export function CorrectionPage() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const profile = useProfile();
  const request = useRequestCorrection();
  const [field, setField] = useState<CorrectableField>('address');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const choices = CHOICES[field];

  const submit = () => {
    setErrors({});
    request.mutate(
      { field, value, note: note || null },
      {
        onSuccess: () => {
          Toast.show(t('已提交，工会处理后会通知您'));
          void navigate('/profile', { replace: true });
        },
        onError: (e) => {
          if (e instanceof ApiError) {
            const byField = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
            setErrors(Object.keys(byField).length ? byField : { value: e.message });
          }
        },
      },
    );
  };

  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('申请更正信息')}</h1>
      <p style={{ color: '#555', marginTop: 0 }}>{t('工会核实后更正您的资料，并在“消息”中告诉您结果。证件号码有误请携带证件到工会办理。')}</p>
      <Form layout="vertical" style={{ borderRadius: 12, overflow: 'hidden' }}>
        <Form.Item label={t('要更正的项目')} help={errors.field && tx(errors.field)}>
          <select
            id="correction-field"
            aria-label={t('要更正的项目')}
            value={field}
            style={selectStyle}
            onChange={(e) => {
              setField(e.target.value as CorrectableField);
              setValue('');
            }}
          >
            {CORRECTABLE_FIELDS.map((f) => (
              <option key={f} value={f}>
                {t(CORRECTABLE_FIELD_LABELS[f])}
              </option>
            ))}
          </select>
        </Form.Item>
        {profile.data && field !== 'phone' && (
          <Form.Item label={t('现在的内容')}>
            <span data-testid="correction-current">{tx(currentOf(profile.data, field)) || t('未填写')}</span>
          </Form.Item>
        )}
        <Form.Item label={t('更正后的内容')} help={errors.value && <span role="alert">{tx(errors.value)}</span>}>
          {choices ? (
            <select aria-label={t('更正后的内容')} value={value} style={selectStyle} onChange={(e) => setValue(e.target.value)}>
              <option value="">{t('请选择')}</option>
              {Object.entries(choices).map(([code, label]) => (
                <option key={code} value={code}>
                  {tx(label)}
                </option>
              ))}
            </select>
          ) : (
            <Input aria-label={t('更正后的内容')} value={value} onChange={setValue} clearable maxLength={200} />
          )}
        </Form.Item>
        <Form.Item label={t('说明（选填）')} help={errors.note && tx(errors.note)}>
          {/* A native textarea: antd-mobile's puts aria-label on its wrapper, leaving the field itself unnamed. */}
          <textarea
            aria-label={t('说明（选填）')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={300}
            rows={3}
            style={{ ...selectStyle, resize: 'vertical', fontFamily: 'inherit', padding: 8, boxSizing: 'border-box' }}
          />
        </Form.Item>
      </Form>
      <Button block size="large" color="primary" style={{ marginTop: 16 }} loading={request.isPending} disabled={!value.trim()} onClick={submit}>
        {t('提交更正申请')}
      </Button>
      <Button block size="large" style={{ marginTop: 12 }} onClick={() => void navigate('/profile')}>
        {t('返回我的资料')}
      </Button>
    </div>
  );
}

function currentOf(p: NonNullable<ReturnType<typeof useProfile>['data']>, field: CorrectableField): string {
  const v = (p as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : '';
}
