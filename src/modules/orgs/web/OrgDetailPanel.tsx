/**
 * Right side of 组织架构: the selected org — breadcrumb from `trail`, every field, its children,
 * its policy parameters — and the actions its `can` flags allow.
 */
import { useState } from 'react';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, DragOutlined, EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { ORG_STATUS_LABELS, ORG_TYPE_LABELS, type OrgDetail } from '../orgs.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { PolicyPanel } from '../../policies/web/PolicyPanel.tsx';
import { exportOrgs, useDivisionName, useSetOrgStatus } from './orgs.api.ts';
import { OrgChildrenTable } from './OrgChildrenTable.tsx';
import { OrgFormModal } from './OrgFormModal.tsx';
import { MoveOrgModal } from './MoveOrgModal.tsx';
import { ImportOrgsModal } from './ImportOrgsModal.tsx';

interface Props {
  org: OrgDetail;
  onOpen: (id: number) => void;
  /** Called after a child was added or the org moved, so the tree can open the right branch. */
  onChanged: (what: 'created' | 'moved', org: OrgDetail) => void;
}

export function OrgDetailPanel({ org, onOpen, onChanged }: Props) {
  const { t, tx, date, dateTime } = useI18n();
  const { message } = App.useApp();
  const { has } = usePermissions();
  const divisionName = useDivisionName(org.divisionCode);
  const setStatus = useSetOrgStatus();
  const [dialog, setDialog] = useState<null | 'edit' | 'create' | 'move' | 'import'>(null);
  const [tab, setTab] = useState('info');
  const [exporting, setExporting] = useState(false);
  const inactive = org.status === 'inactive';
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const parent = org.trail.length >= 2 ? org.trail[org.trail.length - 2] : undefined;

  const toggleStatus = () =>
    setStatus.mutateAsync({ id: org.id, status: inactive ? 'active' : 'inactive' }).then(
      (o) => message.success(o.status === 'active' ? t('已启用 {name}', { name: tx(o.name) }) : t('已停用 {name}', { name: tx(o.name) })),
      (err: unknown) => message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试')),
    );

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await exportOrgs(org.id);
      message.success(t('已导出：{name}', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const actions = (
    <Space wrap>
      {org.can.edit && (
        <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
          {t('编辑')}
        </Button>
      )}
      {org.can.addChild && !inactive && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
          {t('新增下级')}
        </Button>
      )}
      {org.can.move && (
        <Button icon={<DragOutlined />} onClick={() => setDialog('move')}>
          {t('移动')}
        </Button>
      )}
      {org.can.setStatus && (
        <Popconfirm
          title={inactive ? t('启用该组织？') : t('停用该组织？')}
          description={inactive ? t('启用后可在其下新增组织、开展业务。') : t('停用后不能在其下新增组织；数据保留，可随时启用。')}
          okText={inactive ? t('启用') : t('停用')}
          cancelText={t('取消')}
          okButtonProps={{ danger: !inactive }}
          onConfirm={toggleStatus}
        >
          <Button icon={inactive ? <CheckCircleOutlined /> : <StopOutlined />} danger={!inactive} loading={setStatus.isPending}>
            {inactive ? t('启用') : t('停用')}
          </Button>
        </Popconfirm>
      )}
      {has('org:write') && (
        <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
          {t('导入')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
        {t('导出')}
      </Button>
    </Space>
  );

  const info = (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, md: 1, lg: 2 }}
      styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
      data-testid="org-descriptions"
    >
      <Descriptions.Item label={t('组织名称')} span={2}>
        {tx(org.name)}
      </Descriptions.Item>
      <Descriptions.Item label={t('简称')}>{org.shortName ? tx(org.shortName) : dash}</Descriptions.Item>
      <Descriptions.Item label={t('组织类型')}>{t(ORG_TYPE_LABELS[org.type])}</Descriptions.Item>
      <Descriptions.Item label={t('上级组织')}>
        {parent ? (
          <Typography.Link onClick={() => onOpen(parent.id)}>{tx(parent.name)}</Typography.Link>
        ) : org.parentId ? (
          <Typography.Text type="secondary">{t('（本级以上）')}</Typography.Text>
        ) : (
          dash
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('行政区划代码')}>
        {org.divisionCode ? (
          <Space size={6}>
            <span style={{ fontFamily: 'monospace' }}>{org.divisionCode}</span>
            {divisionName && <Typography.Text type="secondary">{tx(divisionName)}</Typography.Text>}
          </Space>
        ) : (
          dash
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('统一社会信用代码')}>
        {org.creditCode ? <span style={{ fontFamily: 'monospace' }}>{org.creditCode}</span> : dash}
      </Descriptions.Item>
      <Descriptions.Item label={t('成立日期')}>{org.foundedOn ? date(org.foundedOn) : dash}</Descriptions.Item>
      <Descriptions.Item label={t('地址')} span={2}>
        {org.address ? tx(org.address) : dash}
      </Descriptions.Item>
      <Descriptions.Item label={t('联系人')}>{org.contactName ? tx(org.contactName) : dash}</Descriptions.Item>
      <Descriptions.Item label={t('联系电话')}>{org.contactPhone ?? dash}</Descriptions.Item>
      <Descriptions.Item label={t('状态')}>
        <Tag color={inactive ? 'default' : 'green'}>{t(ORG_STATUS_LABELS[org.status])}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('下级组织')}>{t('直属 {a} 个，共辖 {b} 个', { a: org.childCount, b: org.descendantCount })}</Descriptions.Item>
      <Descriptions.Item label={t('创建时间')}>{dateTime(org.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('最后修改')}>{dateTime(org.updatedAt)}</Descriptions.Item>
    </Descriptions>
  );

  const tabs = [
    { key: 'info', label: t('基本信息'), children: info },
    { key: 'children', label: `${t('下级组织')} (${org.childCount})`, children: <OrgChildrenTable orgId={org.id} onOpen={onOpen} /> },
    ...(has('policy:read') ? [{ key: 'policies', label: t('政策参数'), children: <PolicyPanel orgId={org.id} bordered /> }] : []),
  ];

  return (
    <Card variant="borderless" data-testid="org-detail">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={org.trail.map((x, i) => (i === org.trail.length - 1 ? { title: tx(x.name) } : { title: <a onClick={() => onOpen(x.id)}>{tx(x.name)}</a> }))}
      />
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 8 }}>
        <Space size={8} wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-title">
            {tx(org.name)}
          </Typography.Title>
          <Tag color="blue">{t(ORG_TYPE_LABELS[org.type])}</Tag>
          {inactive && <Tag>{t('已停用')}</Tag>}
        </Space>
        {actions}
      </Flex>
      <Tabs activeKey={tab} onChange={setTab} items={tabs} />

      <OrgFormModal mode="edit" open={dialog === 'edit'} org={org} onClose={() => setDialog(null)} />
      <OrgFormModal mode="create" open={dialog === 'create'} parent={org} onClose={() => setDialog(null)} onSaved={(o) => onChanged('created', o)} />
      <MoveOrgModal open={dialog === 'move'} org={org} onClose={() => setDialog(null)} onMoved={(o) => onChanged('moved', o)} />
      <ImportOrgsModal open={dialog === 'import'} onClose={() => setDialog(null)} />
    </Card>
  );
}
