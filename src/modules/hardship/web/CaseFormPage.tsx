/**
 * 建档申请: staff file a hardship case on behalf of a worker — the applicant from 职工档案, the
 * household members, the household figures the category is computed from, causes, bank account.
 * Money is typed in 元 and sent in fen; the contract checks the form before it is sent and the
 * server's field messages land on the same fields.
 */
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  CaseInput,
  CASE_KINDS,
  CASE_KIND_LABELS,
  CATEGORIES,
  CATEGORY_LABELS,
  CAUSES,
  CAUSE_LABELS,
  HOUSING_LABELS,
  HOUSING_TYPES,
} from '../hardship.contract.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { fenToYuan, useFormErrors } from '../../../web/components/forms.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { usePerson } from '../../people/web/people.api.ts';
import { useCreateCase } from './hardship.api.ts';
import { toFen } from '../../../web/components/money.ts';

interface MemberValues {
  name?: string;
  relationship?: string;
  health?: string;
  monthlyIncomeYuan?: number | null;
  schoolOrEmployer?: string;
}

interface FormValues {
  kind: 'full' | 'temporary';
  personId?: number;
  members?: MemberValues[];
  yearlyIncomeYuan?: number | null;
  hardshipSpendingYuan?: number | null;
  suddenEvent: boolean;
  migrantYears?: number | null;
  housing?: string;
  housingArea?: number | null;
  medicalInsurance: boolean;
  health?: string;
  disability?: string;
  mainCause?: string;
  secondaryCauses?: string[];
  bankName?: string;
  bankAccount?: string;
  assessedOn?: Dayjs;
  overrideCategory?: string | null;
  overrideReason?: string;
}

const blank = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);

function toApi(v: FormValues) {
  return {
    kind: v.kind,
    personId: v.personId,
    members: (v.members ?? []).map((m) => ({
      name: m.name ?? '',
      relationship: m.relationship ?? '',
      health: blank(m.health),
      monthlyIncomeFen: toFen(m.monthlyIncomeYuan) ?? 0,
      schoolOrEmployer: blank(m.schoolOrEmployer),
    })),
    yearlyIncomeFen: toFen(v.yearlyIncomeYuan),
    hardshipSpendingFen: toFen(v.hardshipSpendingYuan) ?? 0,
    suddenEvent: v.suddenEvent,
    migrantYears: v.migrantYears ?? null,
    housing: v.housing,
    housingArea: v.housingArea ?? null,
    medicalInsurance: v.medicalInsurance,
    health: blank(v.health),
    disability: blank(v.disability),
    mainCause: v.mainCause,
    secondaryCauses: v.secondaryCauses ?? [],
    bankName: blank(v.bankName),
    bankAccount: blank(v.bankAccount),
    assessedOn: v.assessedOn ? v.assessedOn.format('YYYY-MM-DD') : undefined,
    overrideCategory: v.overrideCategory ?? null,
    overrideReason: blank(v.overrideReason),
  };
}

/**
 * The applicant: a person search, or — opened from a 主动发现 lead with ?personId= — that person
 * shown by name until 更换 clears it.
 */
function ApplicantField({ value, onChange, presetId }: { value?: number; onChange?: (v: number | undefined) => void; presetId: number | null }) {
  const { t, tx } = useI18n();
  const preset = usePerson(presetId);
  if (presetId && value === presetId) {
    const label = preset.data ? `${tx(preset.data.name)}（${preset.data.idMasked}）` : preset.error ? t('职工档案不存在或不在管辖范围内') : t('加载中…');
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Input id="hardship_personId" readOnly value={label} status={preset.error ? 'error' : undefined} data-testid="preset-applicant" />
        <Button onClick={() => onChange?.(undefined)}>{t('更换')}</Button>
      </Space.Compact>
    );
  }
  return <PersonPicker id="hardship_personId" value={value} onChange={(v) => onChange?.(v)} />;
}

export function CaseFormPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const presetRaw = Number(params.get('personId'));
  const presetId = Number.isInteger(presetRaw) && presetRaw > 0 ? presetRaw : null;
  const [form] = Form.useForm<FormValues>();
  const create = useCreateCase();
  const override = Form.useWatch('overrideCategory', form);
  const mainCause = Form.useWatch('mainCause', form);

  const { check, showServerError } = useFormErrors();

  // The contract checks the API body; its messages land on the form's fields (amounts typed in 元).
  const submit = async (values: FormValues) => {
    const body = check(CaseInput, toApi(values), form, { rename: fenToYuan });
    if (!body) return;
    try {
      const created = await create.mutateAsync(body);
      message.success(t('已提交建档申请，档案号 {no}', { no: created.caseNo }));
      void navigate(`/hardship/${created.id}`);
    } catch (err) {
      showServerError(err, form, { rename: fenToYuan });
    }
  };

  const money = (label: string, name: string | (string | number)[], required = false, extra?: string) => (
    <Form.Item label={label} name={name} rules={required ? [{ required: true, message: t('请填写{label}', { label }) }] : []} extra={extra}>
      <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} placeholder={t('元')} />
    </Form.Item>
  );

  return (
    <Page title={t('建档申请')} subTitle={t('由工会工作人员代职工填报，提交后进入初审核查')}>
      <Form<FormValues>
        form={form}
        name="hardship"
        layout="vertical"
        onFinish={submit}
        scrollToFirstError
        initialValues={{
          kind: 'full',
          personId: presetId ?? undefined,
          suddenEvent: false,
          medicalInsurance: true,
          members: [],
          secondaryCauses: [],
          assessedOn: dayjs(),
          housing: 'own',
        }}
      >
        <Card variant="borderless" title={t('申请人')} style={{ marginBottom: 16 }}>
          <Form.Item label={t('档案类型')} name="kind" extra={t('临时救助档案不认定困难类别，之后可转为困难职工档案')}>
            <Radio.Group optionType="button" options={CASE_KINDS.map((k) => ({ value: k, label: t(CASE_KIND_LABELS[k]) }))} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('申请人（户主）')} name="personId" rules={[{ required: true, message: t('请选择申请人') }]}>
                <ApplicantField presetId={presetId} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('本人健康状况')} name="health">
                <Input maxLength={100} placeholder={t('如：健康、慢性病、大病')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('残疾类别和等级')} name="disability">
                <Input maxLength={60} placeholder={t('如：肢体三级')} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('家庭成员（不含申请人）')} style={{ marginBottom: 16 }}>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <Flex vertical gap={4}>
                {fields.map((f) => (
                  <Row key={f.key} gutter={12} align="top">
                    <Col xs={12} md={4}>
                      <Form.Item label={t('姓名')} name={[f.name, 'name']} rules={[{ required: true, message: t('请填写成员姓名') }]}>
                        <Input maxLength={30} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item label={t('与申请人关系')} name={[f.name, 'relationship']} rules={[{ required: true, message: t('请填写关系') }]}>
                        <Input maxLength={10} placeholder={t('如：配偶、子女')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item label={t('健康状况')} name={[f.name, 'health']}>
                        <Input maxLength={60} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      {money(t('月收入'), [f.name, 'monthlyIncomeYuan'])}
                    </Col>
                    <Col xs={20} md={7}>
                      <Form.Item label={t('就读学校或工作单位')} name={[f.name, 'schoolOrEmployer']}>
                        <Input maxLength={60} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2}>
                      <Form.Item label=" ">
                        <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('删除成员')} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ alignSelf: 'flex-start' }} disabled={fields.length >= 15}>
                  {t('添加家庭成员')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Card variant="borderless" title={t('家庭收支与住房')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              {money(t('家庭年可支配收入'), 'yearlyIncomeYuan', true)}
            </Col>
            <Col xs={24} md={8}>
              {money(t('刚性支出（医疗、残疾、教育、求职）'), 'hardshipSpendingYuan', false, t('当年因病、残、学、求职的必要支出'))}
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('遭遇突发事件')} name="suddenEvent" valuePropName="checked" extra={t('灾害、事故或突发重病')}>
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('城镇务工年限')} name="migrantYears" extra={t('仅农民工填写')}>
                <InputNumber min={0} max={60} precision={0} suffix={t('年')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('住房情况')} name="housing" rules={[{ required: true, message: t('请选择住房情况') }]}>
                <Select options={HOUSING_TYPES.map((h) => ({ value: h, label: t(HOUSING_LABELS[h]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('住房面积')} name="housingArea">
                <InputNumber min={0} max={2000} suffix={t('平方米')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label={t('参加医疗保险')} name="medicalInsurance" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('致困原因')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('主要致困原因')} name="mainCause" rules={[{ required: true, message: t('请选择主要致困原因') }]}>
                <Select options={CAUSES.map((c) => ({ value: c, label: t(CAUSE_LABELS[c]) }))} placeholder={t('请选择')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label={t('次要致困原因（最多 3 项）')} name="secondaryCauses">
                <Select
                  mode="multiple"
                  maxCount={3}
                  options={CAUSES.filter((c) => c !== mainCause).map((c) => ({ value: c, label: t(CAUSE_LABELS[c]) }))}
                  placeholder={t('可不选')}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('银行账户与认定')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('开户银行')} name="bankName">
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('银行账号')} name="bankAccount">
                <Input maxLength={30} inputMode="numeric" placeholder={t('12–30 位数字')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('核定日期')} name="assessedOn" rules={[{ required: true, message: t('请选择核定日期') }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('调整困难类别（可选）')} name="overrideCategory" extra={t('默认按家庭收支自动认定')}>
                <Select allowClear options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_LABELS[c]) }))} placeholder={t('按规则自动认定')} />
              </Form.Item>
            </Col>
            {override ? (
              <Col xs={24} md={16}>
                <Form.Item label={t('调整类别的理由')} name="overrideReason" rules={[{ required: true, message: t('调整类别须说明理由') }]}>
                  <Input.TextArea maxLength={200} rows={2} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('人均月收入 =（家庭年可支配收入 − 刚性支出）÷ 12 ÷ 家庭人口；低保标准按申请人所在单位的政策参数。')}
          </Typography.Paragraph>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="hardship-submit">
            {t('提交建档申请')}
          </Button>
          <Button onClick={() => navigate('/hardship')}>{t('取消')}</Button>
        </Space>
      </Form>
    </Page>
  );
}
