/**
 * 配额核对, shown in the approval dialog: for each union, the people it pays for itself against
 * its own quota (what it did not pass down). Where a list exceeds its quota the organiser chooses
 * what the freeze does — cut the list at the quota in the stated order, or raise the quota (the
 * extra budget each union would take from its parent is shown) — and approval waits for the choice.
 */
import { useEffect } from 'react';
import { Alert, Flex, Radio, Table, Tag, Typography, type TableProps } from 'antd';
import { QUOTA_CAP_ORDER, QUOTA_RULE_LABELS, QUOTA_RULES } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { count, money } from '../../../web/components/money.ts';
import { useI18n } from './i18n.ts';
import { useQuotaCheck, useSetQuotaRule, type QuotaCheck, type QuotaRule } from './quota.api.ts';

type Line = QuotaCheck['lines'][number];

export function QuotaDifference({ difference }: { difference: number }) {
  const { t } = useI18n();
  if (difference > 0) return <Tag color="red">{t('超出 {n} 人', { n: count(difference) })}</Tag>;
  if (difference < 0) return <Tag color="orange">{t('空余 {n} 人', { n: count(-difference) })}</Tag>;
  return <Tag color="green">{t('与名额一致')}</Tag>;
}

/**
 * `onVersion` hears the campaign's version each check was read at (choosing a rule changes it, and
 * the approval names it): `undefined` while the check or a rule change is on its way, so an approval
 * is not sent with the version from before the rule; `null` when the check could not be read.
 */
export function QuotaCheckPanel({ campaignId, onVersion }: { campaignId: number; onVersion?: (version: number | null | undefined) => void }) {
  const { t, tx } = useI18n();
  const check = useQuotaCheck(campaignId);
  const choose = useSetQuotaRule();
  const settled = !choose.isPending && !check.isFetching;
  const version = settled ? (check.data?.version ?? null) : undefined;
  useEffect(() => {
    onVersion?.(version);
  }, [version, onVersion]);
  if (check.error) return <Alert type="error" title={t('配额核对失败，请稍后重试')} />;
  if (!check.data) return <Typography.Text type="secondary">{t('正在核对各单位名额…')}</Typography.Text>;
  const q = check.data;
  const over = q.lines.filter((l) => l.difference > 0);
  const columns: TableProps<Line>['columns'] = [
    { title: t('单位'), dataIndex: 'orgName', key: 'org', render: (v: string) => tx(v) },
    { title: t('本级名额'), dataIndex: 'ownQuota', key: 'quota', align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
    { title: t('名单人数'), dataIndex: 'listed', key: 'listed', align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
    { title: t('核对'), dataIndex: 'difference', key: 'diff', render: (v: number) => <QuotaDifference difference={v} /> },
    ...(q.quotaRule === 'raise'
      ? [{ title: t('需追加预算'), dataIndex: 'extraBudgetFen', key: 'extra', align: 'right' as const, render: (v: number) => (v ? money(v) : '—') }]
      : []),
  ];
  return (
    <Flex vertical gap={12} style={{ marginTop: 12 }} data-testid="quota-check">
      {over.length === 0 ? (
        <Alert type="success" showIcon title={t('各单位名单均在名额之内')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="quota-warning"
          title={t('{n} 个单位的名单超出名额：{orgs}', { n: over.length, orgs: over.map((l) => tx(l.orgName)).join('、') })}
          description={t('超出名额的人没有名额覆盖，不能发放也不能打印领取卡。请选择审批时的处理方式：')}
        />
      )}
      <Table<Line>
        size="small"
        rowKey="orgId"
        pagination={false}
        columns={columns}
        dataSource={q.lines}
        onRow={(l) => ({ 'data-testid': `quota-line-${l.orgId}` }) as React.HTMLAttributes<HTMLElement>}
      />
      {over.length > 0 && (
        <>
          <Radio.Group
            value={q.quotaRule}
            disabled={!q.canChoose || choose.isPending}
            onChange={(e) => choose.mutate({ id: campaignId, quotaRule: e.target.value as QuotaRule })}
          >
            <Flex vertical gap={4}>
              {QUOTA_RULES.map((r) => (
                <Radio key={r} value={r} data-testid={`quota-rule-${r}`}>
                  {t(QUOTA_RULE_LABELS[r])}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
          {choose.error ? (
            <Typography.Text type="danger">{choose.error instanceof ApiError ? tx(choose.error.message) : t('操作失败，请稍后重试')}</Typography.Text>
          ) : null}
          {q.quotaRule === 'cap' && (
            <div data-testid="quota-cap-order">
              <Typography.Text>{t('按以下顺序保留名额，其余的人以“超出配额”排除（可在名单中查看）：')}</Typography.Text>
              <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {QUOTA_CAP_ORDER.map((o) => (
                  <li key={o}>{t(o)}</li>
                ))}
              </ol>
            </div>
          )}
          {q.quotaRule === 'raise' && (
            <Typography.Text type="secondary">
              {t('超出名额的单位名额调增到名单人数，所需预算从上级可分配预算中追加；上级预算不足时不能审批。')}
            </Typography.Text>
          )}
          {!q.quotaRule && !q.canChoose && <Typography.Text type="secondary">{t('处理方式由主办单位选择。')}</Typography.Text>}
        </>
      )}
    </Flex>
  );
}
