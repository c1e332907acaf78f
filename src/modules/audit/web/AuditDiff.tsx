/** Before/after of an audit entry as a field-by-field table, changed fields highlighted. */
import { Table, Typography } from 'antd';
import { ORG_STATUS_LABELS, ORG_TYPE_LABELS } from '../../orgs/orgs.contract.ts';
import { ACCOUNT_STATUS_LABELS, ROLE_LABELS } from '../../auth/auth.contract.ts';
import { policyDefinition } from '../../policies/policies.contract.ts';
import { CAMPAIGN_STATUS_LABELS } from '../../campaigns/campaigns.contract.ts';
import { CASE_STATUS_LABELS } from '../../hardship/hardship.contract.ts';
import { useI18n } from './i18n.ts';
import { money } from '../../../web/components/money.ts';

const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  name: '名称',
  shortName: '简称',
  type: '类型',
  status: '状态',
  parentId: '上级组织编号',
  path: '路径',
  depth: '层级',
  divisionCode: '行政区划代码',
  creditCode: '统一社会信用代码',
  address: '地址',
  contactName: '联系人',
  contactPhone: '联系电话',
  foundedOn: '成立日期',
  orgId: '组织编号',
  key: '参数',
  value: '值',
  effectiveFrom: '生效日期',
  note: '依据或说明',
  createdBy: '录入人编号',
  username: '用户名',
  displayName: '姓名',
  roles: '角色',
  mustChangePassword: '须修改密码',
  lockedUntil: '锁定至',
  reason: '原因',
  ip: 'IP 地址',
  userAgent: '浏览器',
};

/** A record's status in its own words: an account's 已停用 is not a campaign's 已结束. */
const STATUS_LABELS: Record<string, Record<string, string>> = {
  account: ACCOUNT_STATUS_LABELS,
  org: ORG_STATUS_LABELS,
  campaign: CAMPAIGN_STATUS_LABELS,
  hardship_case: CASE_STATUS_LABELS,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Row {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

export function AuditDiff({ entity, before, after }: { entity: string; before: unknown; after: unknown }) {
  const { t, tx } = useI18n();
  const b = isRecord(before) ? before : before == null ? null : { value: before };
  const a = isRecord(after) ? after : after == null ? null : { value: after };
  if (!b && !a) return <Typography.Text type="secondary">{t('此操作没有记录字段变化')}</Typography.Text>;

  const show = (field: string, v: unknown, all: Record<string, unknown> | null): React.ReactNode => {
    if (v === null || v === undefined || v === '') return <Typography.Text type="secondary">—</Typography.Text>;
    if (typeof v === 'boolean') return v ? t('是') : t('否');
    if (field === 'type' && typeof v === 'string' && v in ORG_TYPE_LABELS) return t(ORG_TYPE_LABELS[v as keyof typeof ORG_TYPE_LABELS]);
    if (field === 'status' && typeof v === 'string') {
      const labels: Record<string, string> = STATUS_LABELS[entity] ?? ORG_STATUS_LABELS;
      return t(labels[v] ?? v);
    }
    if (field === 'roles' && Array.isArray(v)) return v.map((r) => t(ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? String(r))).join('、');
    if (field === 'key' && typeof v === 'string') return t(policyDefinition(v)?.label ?? v);
    if (field === 'value' && entity === 'policy' && typeof v === 'number') {
      const def = all && typeof all.key === 'string' ? policyDefinition(all.key) : undefined;
      if (def?.kind === 'money') return `${money(v)}（${v} 分）`;
      if (def?.kind === 'ratio') return `${v * 100}%`;
    }
    if (typeof v === 'string') return tx(v);
    if (typeof v === 'number') return String(v);
    return <code style={{ fontSize: 12 }}>{JSON.stringify(v)}</code>;
  };

  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const rows: Row[] = keys.map((field) => ({ field, before: b?.[field], after: a?.[field], changed: Boolean(b && a) && !same(b?.[field], a?.[field]) }));
  rows.sort((x, y) => Number(y.changed) - Number(x.changed));
  const label = (f: string) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f);

  if (b && a) {
    const changed = rows.filter((r) => r.changed).length;
    return (
      <div>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {changed > 0 ? t('{n} 个字段有变化（已标出）', { n: changed }) : t('字段没有变化')}
        </Typography.Text>
        <Table<Row>
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={rows}
          rowClassName={(r) => (r.changed ? 'nj-diff-changed' : '')}
          columns={[
            {
              title: t('字段'),
              dataIndex: 'field',
              width: 180,
              render: (f: string, r) => (r.changed ? <Typography.Text strong>{label(f)}</Typography.Text> : label(f)),
            },
            {
              title: t('修改前'),
              key: 'before',
              render: (_: unknown, r) =>
                r.changed ? (
                  <Typography.Text delete type="danger">
                    {show(r.field, r.before, b)}
                  </Typography.Text>
                ) : (
                  show(r.field, r.before, b)
                ),
            },
            {
              title: t('修改后'),
              key: 'after',
              render: (_: unknown, r) =>
                r.changed ? (
                  <Typography.Text strong type="success">
                    {show(r.field, r.after, a)}
                  </Typography.Text>
                ) : (
                  show(r.field, r.after, a)
                ),
            },
          ]}
        />
      </div>
    );
  }
  const only = (a ?? b)!;
  return (
    <div>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {a ? t('新记录的内容') : t('删除前的内容')}
      </Typography.Text>
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('字段'), dataIndex: 'field', width: 180, render: (f: string) => label(f) },
          { title: t('值'), key: 'v', render: (_: unknown, r) => show(r.field, a ? r.after : r.before, only) },
        ]}
      />
    </div>
  );
}
