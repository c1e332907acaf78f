/**
 * What a 困难职工档案 knows about the household: the basic facts, the members, the causes, and —
 * revealed for a stated reason, each time audited — the finances, health and bank details.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Table, Tag, Typography, type ButtonProps } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { CAUSE_LABELS, HOUSING_LABELS } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { validFields } from '../../../web/components/forms.ts';
import { money } from '../../../web/components/money.ts';
import { revealFinances, type CaseView, type Finances } from './hardship.api.ts';

/** 基本情况, 家庭成员 and 致困原因; members' health and income show once the finances are revealed. */
export function CaseHousehold({ c, finances }: { c: CaseView; finances: Finances | null }) {
  const { t, tx, date } = useI18n();
  return (
    <>
      <Card variant="borderless" title={t('基本情况')} style={{ marginBottom: 16 }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'id', label: t('身份证号'), children: <span style={{ fontFamily: 'monospace' }}>{c.idMasked}</span> },
            { key: 'org', label: t('单位'), children: tx(c.orgName) },
            { key: 'size', label: t('家庭人口'), children: t('{n} 人', { n: c.householdSize }) },
            {
              key: 'housing',
              label: t('住房情况'),
              children: `${t(HOUSING_LABELS[c.housing])}${c.housingArea != null ? ` · ${c.housingArea}${t('平方米')}` : ''}`,
            },
            { key: 'insurance', label: t('医疗保险'), children: c.medicalInsurance ? t('已参加') : t('未参加') },
            { key: 'assessed', label: t('核定日期'), children: date(c.assessedOn) },
            { key: 'filer', label: t('建档人'), children: c.filedBy ? tx(c.filedBy) : '—' },
            { key: 'verifier', label: t('核查人'), children: c.verifiedBy ? tx(c.verifiedBy) : '—' },
            { key: 'bank', label: t('银行账号'), children: c.bankAccountMasked ?? '—' },
            { key: 'total', label: t('累计帮扶'), children: money(c.assistanceFen) },
          ]}
        />
      </Card>

      <Card variant="borderless" title={t('家庭成员')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={c.members}
          locale={{ emptyText: t('除申请人外无其他家庭成员') }}
          columns={[
            { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
            { title: t('与申请人关系'), dataIndex: 'relationship', render: (v: string) => tx(v) },
            {
              title: t('健康状况'),
              dataIndex: 'health',
              render: (_: unknown, _r: unknown, i: number) => {
                const health = finances?.members[i]?.health;
                return finances ? (health ? tx(health) : '—') : t('需授权查看');
              },
            },
            {
              title: t('月收入'),
              dataIndex: 'monthlyIncomeFen',
              align: 'right',
              // Household incomes are sensitive: shown once the finances were revealed (audited).
              render: (_: unknown, _r: unknown, i: number) => (finances ? money(finances.members[i]?.monthlyIncomeFen ?? 0) : t('需授权查看')),
            },
            { title: t('就读学校或工作单位'), dataIndex: 'schoolOrEmployer', render: (v: string | null) => (v ? tx(v) : '—') },
          ]}
        />
      </Card>

      <Card variant="borderless" title={t('致困原因')} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center" data-testid="case-causes">
          <Typography.Text type="secondary">{t('主要原因')}</Typography.Text>
          <Tag color="red">{t(CAUSE_LABELS[c.mainCause])}</Tag>
          <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
            {t('次要原因')}
          </Typography.Text>
          {c.secondaryCauses.length ? c.secondaryCauses.map((s) => <Tag key={s}>{t(CAUSE_LABELS[s])}</Tag>) : <span>—</span>}
        </Flex>
      </Card>
    </>
  );
}

/** 家庭收支与银行信息: hidden until revealed with a reason (the server records every reveal). */
export function CaseFinances({ c, finances, onRevealed }: { c: CaseView; finances: Finances | null; onRevealed: (f: Finances) => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [revealOpen, setRevealOpen] = useState(false);
  const [revealForm] = Form.useForm<{ reason: string }>();
  const [revealing, setRevealing] = useState(false);

  const reveal = async () => {
    const values = await validFields(revealForm);
    if (!values) return;
    const { reason } = values;
    setRevealing(true);
    try {
      onRevealed(await revealFinances(c.id, reason.trim()));
      setRevealOpen(false);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试'));
    } finally {
      setRevealing(false);
    }
  };

  return (
    <>
      <Card
        variant="borderless"
        title={t('家庭收支与银行信息')}
        style={{ marginBottom: 16 }}
        extra={
          c.can.sensitive && !finances ? (
            <Button icon={<EyeOutlined />} onClick={() => setRevealOpen(true)} data-testid="reveal">
              {t('查看家庭收支与银行信息')}
            </Button>
          ) : null
        }
      >
        {finances ? (
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            data-testid="finances"
            items={[
              { key: 'income', label: t('家庭年可支配收入'), children: money(finances.yearlyIncomeFen) },
              { key: 'spending', label: t('刚性支出'), children: money(finances.hardshipSpendingFen) },
              { key: 'percapita', label: t('人均月收入'), children: money(finances.perCapitaMonthlyFen) },
              { key: 'health', label: t('健康状况'), children: finances.health ? tx(finances.health) : '—' },
              { key: 'disability', label: t('残疾类别和等级'), children: finances.disability ? tx(finances.disability) : '—' },
              { key: 'bankName', label: t('开户银行'), children: finances.bankName ? tx(finances.bankName) : '—' },
              { key: 'bankAccount', label: t('银行账号'), children: <span style={{ fontFamily: 'monospace' }}>{finances.bankAccount ?? '—'}</span> },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">
            {c.can.sensitive ? t('家庭收支、健康和银行账号属敏感信息，查看须说明理由，每次查看都会记录。') : t('您的账号没有查看家庭收支与银行信息的权限。')}
          </Typography.Text>
        )}
      </Card>

      <Modal
        open={revealOpen}
        title={t('查看家庭收支与银行信息')}
        okText={t('查看')}
        cancelText={t('取消')}
        okButtonProps={{ loading: revealing, 'data-testid': 'reveal-ok' } as ButtonProps}
        onOk={reveal}
        onCancel={() => setRevealOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('本次查看将记入审计日志，请说明查看理由。')}</Typography.Paragraph>
        <Form form={revealForm} layout="vertical" name="reveal">
          <Form.Item label={t('查看理由')} name="reason" rules={[{ required: true, whitespace: true, message: t('请填写查看理由') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('如：年度复核、核对帮扶金额')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
