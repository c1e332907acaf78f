/**
 * 名额分配: the tree of allocations (root = the organiser). Each row shows the quota and budget it
 * got, what it passed further down, what was spent and how many are on its list; 调整 sets a
 * child's quota and budget, 下达到下级单位 adds an org of the organiser's subtree. The server
 * finds the nearest allocated ancestor and refuses what exceeds it. A union below the organiser sees
 * its own part only: its own line (or, when it got no allocation of its own, what was handed out and
 * listed in it) and the lines below; a union with an allocation of its own (a county) passes it
 * down to its unions from here. Beside each quota: how many people the rules find in the subtree
 * now and, once frozen, how many are on the list, marked where they differ from the quota.
 */
import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, InputNumber, Modal, Table, TreeSelect, Typography, type TableProps } from 'antd';
import { ApartmentOutlined, EditOutlined } from '@ant-design/icons';
import type { OrgTreeNode } from '../../orgs/orgs.contract.ts';
import { treeLevelQuery } from '../../orgs/web/orgs.api.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useAllocations, useSetAllocation, type AllocationNode, type CampaignView } from './campaigns.api.ts';
import { count, money, toFen, toYuan } from '../../../web/components/money.ts';
import { QuotaDifference } from './QuotaCheckPanel.tsx';

type Row = AllocationNode & { children?: Row[] };

function treeOf(nodes: AllocationNode[]): Row[] {
  const byId = new Map<number, Row>(nodes.map((n) => [n.orgId, { ...n }]));
  const roots: Row[] = [];
  for (const n of byId.values()) {
    const parent = n.parentOrgId !== null ? byId.get(n.parentOrgId) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

interface PickItem {
  title: string;
  value: number;
  key: number;
  isLeaf: boolean;
  disabled?: boolean;
  children?: PickItem[];
}

/** An org of one subtree (the organiser's), its levels loaded as they are opened. */
function SubtreeOrgSelect({
  root,
  value,
  onChange,
  taken,
  id,
}: {
  root: { id: number; name: string };
  value?: number;
  onChange?: (v: number) => void;
  taken: Set<number>;
  id?: string;
}) {
  const { t, tx } = useI18n();
  const qc = useQueryClient();
  const [levels, setLevels] = useState<Map<number, OrgTreeNode[]>>(new Map());
  const load = async (parentId: number) => {
    if (levels.has(parentId)) return;
    const kids = await qc.fetchQuery(treeLevelQuery(parentId));
    setLevels((m) => new Map(m).set(parentId, kids));
  };
  const build = (parentId: number): PickItem[] | undefined =>
    levels.get(parentId)?.map((n) => ({
      title: tx(n.name),
      value: n.id,
      key: n.id,
      isLeaf: n.childCount === 0,
      disabled: taken.has(n.id),
      children: build(n.id),
    }));
  const treeData: PickItem[] = [{ title: tx(root.name), value: root.id, key: root.id, isLeaf: false, disabled: true, children: build(root.id) }];
  return (
    <TreeSelect<number>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      treeData={treeData}
      loadData={(node) => load(Number(node.value))}
      treeDefaultExpandedKeys={[root.id]}
      onOpenChange={(open) => open && void load(root.id)}
      placeholder={t('选择下级单位')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
      data-testid="allocation-org"
    />
  );
}

interface FormValues {
  orgId?: number;
  quota?: number;
  budgetYuan?: number;
}

export function AllocationEditor({ campaign: c, suggestedQuota }: { campaign: CampaignView; suggestedQuota?: number }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const allocations = useAllocations(c.id);
  const save = useSetAllocation();
  const { showServerError } = useFormErrors();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState<AllocationNode | 'new' | null>(null);
  // The dialog's title outlives `editing` while it fades out.
  const [title, setTitle] = useState('');
  const nodes = useMemo(() => allocations.data ?? [], [allocations.data]);
  const rows = useMemo(() => treeOf(nodes), [nodes]);
  const root = nodes.find((n) => n.orgId === c.orgId);
  // The top of what the actor sees: the organiser, or their own union's line.
  const top = root ?? nodes.find((n) => n.parentOrgId === null);
  const taken = new Set(nodes.map((n) => n.orgId));
  const frozen = c.frozenAt !== null;
  const canAddChild = c.mode === 'cascade' && nodes.some((n) => n.canAllocateBelow) && top !== undefined && top.quota !== null;

  const open = (n: AllocationNode | 'new') => {
    setEditing(n);
    setTitle(n === 'new' ? t('下达名额和预算') : t('调整名额和预算 · {org}', { org: tx(n.orgName) }));
    form.resetFields();
    if (n === 'new') form.setFieldsValue({ quota: undefined, budgetYuan: undefined });
    else
      form.setFieldsValue({
        orgId: n.orgId,
        quota: n.orgId === c.orgId && n.quota === 0 && suggestedQuota ? suggestedQuota : (n.quota ?? undefined),
        budgetYuan: toYuan(n.budgetFen ?? 0),
      });
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const orgId = editing === 'new' ? v.orgId : editing?.orgId;
    try {
      await save.mutateAsync({ id: c.id, orgId: orgId!, quota: v.quota ?? 0, budgetFen: toFen(v.budgetYuan) ?? 0 });
      message.success(t('已保存名额和预算'));
      setEditing(null);
    } catch (err) {
      showServerError(err, form, { rename: { budgetFen: 'budgetYuan' } });
    }
  };

  const columns: TableProps<Row>['columns'] = [
    { title: t('单位'), dataIndex: 'orgName', key: 'org', render: (v: string) => tx(v) },
    {
      title: t('名额'),
      dataIndex: 'quota',
      key: 'quota',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('未单独分配')}</Typography.Text> : `${count(v)}${t('人')}`),
    },
    {
      title: t('预算'),
      dataIndex: 'budgetFen',
      key: 'budget',
      width: 140,
      align: 'right',
      render: (v: number | null) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : money(v)),
    },
    {
      title: t('已下达'),
      key: 'down',
      width: 190,
      align: 'right',
      render: (_: unknown, n) =>
        n.childQuota === null || n.childBudgetFen === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>
            {count(n.childQuota)}
            {t('人')} · {money(n.childBudgetFen)}
          </span>
        ),
    },
    { title: t('本级已发放'), dataIndex: 'spentFen', key: 'spent', width: 130, align: 'right', render: (v: number) => money(v) },
    {
      title: t('符合条件人数'),
      dataIndex: 'eligible',
      key: 'eligible',
      width: 150,
      align: 'right',
      render: (v: number, n) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid={`allocation-eligible-${n.orgId}`}>
          {count(v)}
          {t('人')}
          {!frozen && n.quota !== null && v !== n.quota ? (
            <>
              {' '}
              <QuotaDifference difference={v - n.quota} />
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('名单人数'),
      dataIndex: 'beneficiaries',
      key: 'list',
      width: 150,
      align: 'right',
      render: (v: number, n) =>
        !frozen ? (
          <Typography.Text type="secondary">{t('审批后统计')}</Typography.Text>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }} data-testid={`allocation-list-${n.orgId}`}>
            {count(v)}
            {t('人')}
            {n.quota !== null && v !== n.quota ? (
              <>
                {' '}
                <QuotaDifference difference={v - n.quota} />
              </>
            ) : null}
          </span>
        ),
    },
    {
      title: t('操作'),
      key: 'op',
      width: 90,
      render: (_: unknown, n) =>
        n.editable ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => open(n)} data-testid={`allocation-edit-${n.orgId}`}>
            {t('调整')}
          </Button>
        ) : null,
    },
  ];

  const parentOf = editing && editing !== 'new' ? nodes.find((n) => n.orgId === editing.parentOrgId) : top;

  return (
    <div data-testid="allocation-editor">
      {c.mode === 'single' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('本活动由主办单位直接发放，不向下级单位分配名额。')} />
      ) : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('先设定主办单位的总名额和预算，再逐级下达到下级单位；下级单位可在收到的名额内继续向下分配。')}
        />
      )}
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" data-testid="allocation-summary">
          {!top
            ? ''
            : top.quota === null || top.budgetFen === null
              ? t('{org}未单独分配名额和预算，由上级统一安排发放', { org: tx(top.orgName) })
              : root
                ? t('总名额 {q} 人，总预算 {b}', { q: count(top.quota), b: money(top.budgetFen) })
                : t('{org}获分配名额 {q} 人，预算 {b}', { org: tx(top.orgName), q: count(top.quota), b: money(top.budgetFen) })}
        </Typography.Text>
        {canAddChild && (
          <Button icon={<ApartmentOutlined />} onClick={() => open('new')} data-testid="allocation-add">
            {t('下达到下级单位')}
          </Button>
        )}
      </Flex>
      {allocations.error ? <LoadError error={allocations.error} onRetry={() => allocations.refetch()} /> : null}
      <Table<Row>
        rowKey="orgId"
        columns={columns}
        dataSource={rows}
        loading={allocations.isFetching}
        pagination={false}
        size="middle"
        expandable={{ defaultExpandAllRows: true }}
        key={rows.length}
        scroll={{ x: 1100 }}
        data-testid="allocation-table"
      />
      <Modal
        open={editing !== null}
        title={title}
        okText={t('保存')}
        cancelText={t('取消')}
        onOk={submit}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical" name="allocation" style={{ marginTop: 16 }}>
          {editing === 'new' && (
            <Form.Item name="orgId" label={t('下达单位')} rules={[{ required: true, message: t('请选择下达单位') }]}>
              <SubtreeOrgSelect root={top ? { id: top.orgId, name: top.orgName } : { id: c.orgId, name: c.orgName }} taken={taken} />
            </Form.Item>
          )}
          {parentOf && parentOf.quota !== null && editing !== null && (editing === 'new' || editing.parentOrgId !== null) && (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={t('上级（{org}）尚可分配：{q} 人，{b}', {
                org: tx(parentOf.orgName),
                q: count(parentOf.quota - (parentOf.childQuota ?? 0)),
                b: money((parentOf.budgetFen ?? 0) - (parentOf.childBudgetFen ?? 0) - parentOf.spentFen),
              })}
            />
          )}
          <Form.Item name="quota" label={t('名额（人）')} rules={[{ required: true, message: t('请填写名额') }]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix={t('人')} />
          </Form.Item>
          <Form.Item name="budgetYuan" label={t('预算（元）')} rules={[{ required: true, message: t('请填写预算') }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
