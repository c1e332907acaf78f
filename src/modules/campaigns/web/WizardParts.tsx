/**
 * The wizard's editors: 资金来源 rows with their total, 慰问档次 (tiers in order, goods items, an
 * optional rule each), and the live count panel fed by POST /api/campaigns/eligibility-preview.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { FUND_SOURCES, FUND_SOURCE_LABELS, PACKAGE_KINDS } from '../campaigns.contract.ts';
import { useI18n } from './i18n.ts';
import { ApiError } from '../../../web/http.ts';
import { usePreview } from './campaigns.api.ts';
import { RuleBuilder } from '../../people/web/RuleBuilder.tsx';
import { packageKindLabel } from './labels.ts';
import { count, money, moneyTotal, toFen } from '../../../web/components/money.ts';
import { NEW_TIER, previewOf, tierValueFen, type FundRow, type TierRow, type WizardValues } from './wizardForm.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';

const required = (message: string) => ({ required: true, message });

export function FundsEditor() {
  const { t } = useI18n();
  const funds = (Form.useWatch('funds', { preserve: true }) as FundRow[] | undefined) ?? [];
  const total = funds.reduce((s, f) => s + (toFen(f?.amountYuan) ?? 0), 0);
  return (
    <Form.List name="funds">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} data-testid="funds-editor">
          <Row gutter={12} style={{ color: 'rgba(0,0,0,.45)' }}>
            <Col span={6}>{t('资金来源')}</Col>
            <Col span={6}>{t('金额（元）')}</Col>
            <Col span={10}>{t('说明')}</Col>
          </Row>
          {fields.map((f) => (
            <Row gutter={12} key={f.key} align="top">
              <Col span={6}>
                <Form.Item name={[f.name, 'source']} rules={[required(t('请选择资金来源'))]}>
                  <Select options={FUND_SOURCES.map((s) => ({ value: s, label: t(FUND_SOURCE_LABELS[s]) }))} aria-label={t('资金来源')} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[f.name, 'amountYuan']} rules={[required(t('请填写金额')), { type: 'number', min: 0.01, message: t('金额须大于 0') }]}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} aria-label={t('金额')} data-testid={`fund-amount-${f.name}`} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name={[f.name, 'note']}>
                  <Input maxLength={100} placeholder={t('如：文件号、捐赠单位')} aria-label={t('说明')} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button icon={<DeleteOutlined />} aria-label={t('删除')} onClick={() => remove(f.name)} disabled={fields.length <= 1} />
              </Col>
            </Row>
          ))}
          <Flex justify="space-between" align="center">
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ source: 'own_budget', amountYuan: null, note: '' })}>
              {t('添加资金来源')}
            </Button>
            <Typography.Text strong data-testid="funds-total">
              {t('资金合计（预算）：{v}', { v: money(total) })}
            </Typography.Text>
          </Flex>
        </Flex>
      )}
    </Form.List>
  );
}

function ItemsEditor({ tier }: { tier: number }) {
  const { t } = useI18n();
  return (
    <Form.List name={[tier, 'items']}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={0}>
          {fields.map((f) => (
            <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 8 }}>
              <Form.Item name={[f.name, 'name']} noStyle rules={[required(t('请填写物品名称'))]}>
                <Input placeholder={t('物品名称，如：大米')} style={{ width: '55%' }} maxLength={30} aria-label={t('物品名称')} />
              </Form.Item>
              <Form.Item name={[f.name, 'quantity']} noStyle>
                <InputNumber min={0} placeholder={t('数量')} style={{ width: '20%' }} aria-label={t('数量')} />
              </Form.Item>
              <Form.Item name={[f.name, 'unit']} noStyle>
                <Input placeholder={t('计量单位')} style={{ width: '15%' }} maxLength={6} aria-label={t('计量单位')} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('删除物品')} style={{ width: '10%' }} />
            </Space.Compact>
          ))}
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ name: '', quantity: 1, unit: '份' })}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('添加物品')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

export function PackagesEditor() {
  const { t } = useI18n();
  const tiers = (Form.useWatch('packages', { preserve: true }) as TierRow[] | undefined) ?? [];
  return (
    <Form.List name="packages">
      {(fields, { add, remove, move }) => (
        <Flex vertical gap={12} data-testid="packages-editor">
          <Alert type="info" showIcon title={t('档次按顺序匹配：每人归入第一个符合条件的档次；不设条件的档次领取其余所有人，须放在最后。')} />
          {fields.map((f, i) => {
            const tier = tiers[i] ?? {};
            return (
              <Card
                key={f.key}
                size="small"
                data-testid={`tier-${i}`}
                title={
                  <Space>
                    <Tag color="blue">{t('第 {n} 档', { n: i + 1 })}</Tag>
                    <span>{tier.name || t('未命名档次')}</span>
                  </Space>
                }
                extra={
                  <Space size={4}>
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('上移')} />
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={i === fields.length - 1}
                      onClick={() => move(i, i + 1)}
                      aria-label={t('下移')}
                    />
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                      aria-label={t('删除档次')}
                    />
                  </Space>
                }
              >
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'name']} label={t('档次名称')} rules={[required(t('请填写档次名称'))]}>
                      <Input maxLength={40} placeholder={t('如：困难职工档')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'kind']} label={t('慰问形式')} rules={[required(t('请选择慰问形式'))]}>
                      <Select options={PACKAGE_KINDS.map((k) => ({ value: k, label: t(packageKindLabel(k)) }))} />
                    </Form.Item>
                  </Col>
                  {tier.kind === 'mixed' ? (
                    <>
                      <Col xs={12} md={4}>
                        <Form.Item
                          name={[f.name, 'cashYuan']}
                          label={t('慰问金（元）')}
                          rules={[required(t('请填写慰问金')), { type: 'number', min: 0.01, message: t('慰问金须大于 0') }]}
                        >
                          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={4}>
                        <Form.Item
                          name={[f.name, 'goodsYuan']}
                          label={t('物品价值（元）')}
                          rules={[required(t('请填写物品价值')), { type: 'number', min: 0.01, message: t('物品价值须大于 0') }]}
                          extra={`${t('每份价值')} ${money(tierValueFen(tier) ?? 0)}`}
                        >
                          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </>
                  ) : (
                    <Col xs={24} md={8}>
                      <Form.Item
                        name={[f.name, 'valueYuan']}
                        label={t('每份价值（元）')}
                        rules={[required(t('请填写每份价值')), { type: 'number', min: 0.01, message: t('每份价值须大于 0') }]}
                      >
                        <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
                {(tier.kind === 'goods' || tier.kind === 'mixed') && (
                  <Form.Item label={t('慰问品清单')} required>
                    <ItemsEditor tier={f.name} />
                  </Form.Item>
                )}
                <Form.Item name={[f.name, 'useRule']} valuePropName="checked" label={t('本档条件')} style={{ marginBottom: tier.useRule ? 8 : 0 }}>
                  <Switch checkedChildren={t('按条件')} unCheckedChildren={t('其余所有人')} />
                </Form.Item>
                {tier.useRule && (
                  <Collapse
                    size="small"
                    defaultActiveKey={['rule']}
                    items={[
                      {
                        key: 'rule',
                        label: t('本档条件（在活动条件之内再筛选）'),
                        children: <RuleBuilder name={[f.name, 'rule']} compact />,
                        forceRender: true,
                      },
                    ]}
                  />
                )}
              </Card>
            );
          })}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...NEW_TIER, useRule: true }, 0)} disabled={fields.length >= 10}>
            {t('添加档次（放在最前）')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

export function LivePreview({ values, showTiers, budgetFen }: { values: WizardValues | undefined; showTiers: boolean; budgetFen: number }) {
  const { t, tx } = useI18n();
  const input = useDebounced(previewOf(values), 400);
  const preview = usePreview(input);
  const d = preview.data;
  const priced = (values?.packages ?? []).every((p) => (tierValueFen(p) ?? 0) > 0);
  return (
    <Card
      size="small"
      title={
        <Space>
          <TeamOutlined />
          {t('符合条件的职工')}
        </Space>
      }
      data-testid="live-count"
      loading={!d && preview.isFetching}
    >
      {preview.error ? (
        <Alert type="error" showIcon title={preview.error instanceof ApiError ? tx(preview.error.message) : t('试算失败')} />
      ) : !input ? (
        <Typography.Text type="secondary">{t('请先选择主办单位和活动期间')}</Typography.Text>
      ) : d ? (
        <>
          <Statistic value={d.total} suffix={t('人')} loading={preview.isFetching && !d} styles={{ content: { fontSize: 32 } }} />
          <Typography.Text type="secondary" data-testid="live-total">
            {preview.isFetching ? t('正在重新计算…') : t('共 {n} 人符合条件', { n: d.total })}
          </Typography.Text>
          {d.overlapping > 0 && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('其中 {n} 人本期已在其他慰问活动中', { n: d.overlapping })} />}
          {showTiers && (
            <>
              <Divider style={{ margin: '12px 0' }} />
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => r.name}
                dataSource={d.byPackage}
                columns={[
                  { title: t('档次'), dataIndex: 'name', render: (v: string) => tx(v) },
                  { title: t('人数'), dataIndex: 'persons', align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
                  { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => (priced ? money(v) : '—') },
                ]}
              />
              {priced && (
                <Flex justify="space-between" style={{ marginTop: 8 }}>
                  <Typography.Text>{t('合计 {v}', { v: moneyTotal(d.amountFen) })}</Typography.Text>
                  <Typography.Text type={d.amountFen > budgetFen ? 'danger' : 'secondary'}>{t('预算 {v}', { v: moneyTotal(budgetFen) })}</Typography.Text>
                </Flex>
              )}
            </>
          )}
        </>
      ) : null}
    </Card>
  );
}
