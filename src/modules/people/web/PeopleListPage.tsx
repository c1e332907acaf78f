/**
 * 职工档案: the people of the user's subtree — search (name, pinyin, initials, ID last four, full
 * ID, phone), filters, sort, paging, saved columns — and, by permission, 新增职工、导入、导出、
 * 疑似重复、待接收转入.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Dropdown, Flex, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownOutlined, DownloadOutlined, MergeCellsOutlined, PlusOutlined, ReloadOutlined, TagsOutlined, UploadOutlined } from '@ant-design/icons';
import { EMPLOYMENT_FORM_LABELS, ListPeopleQuery, WORK_STATUS_LABELS, type MembershipState, type PersonRow } from '../people.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { exportPeople, useCanManageOccupations, usePeople } from './people.api.ts';
import { PeopleFilterBar } from './PeopleFilterBar.tsx';
import { ColumnSettings, useSavedColumns } from './ColumnSettings.tsx';
import { IncomingTransfersButton } from './IncomingTransfers.tsx';
import { PersonFormModal } from './PersonFormModal.tsx';
import { MEMBERSHIP_COLORS, membershipLabel, sexLabel } from './personLabels.ts';

const COLUMNS_KEY = 'niangjia.people.columns';
const DEFAULT_COLUMNS = ['name', 'sex', 'age', 'idMasked', 'phoneMasked', 'orgName', 'employerName', 'occupation', 'employmentForm', 'membershipState', 'tags'];
type SortKey = 'name' | 'birthDate' | 'age';

export function PeopleListPage() {
  const { t, tx, date } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { has, me } = usePermissions();
  const canManageOccupations = useCanManageOccupations();
  // Filters, sort and page live in the address: the back button from a person returns to the same list.
  const { query, filters, active, setFilters, setPaging, reset, paging } = useUrlQuery(ListPeopleQuery);
  const setSort = (sort: ListPeopleQuery['sort'], order: ListPeopleQuery['order']) => setFilters({ sort, order });
  const list = usePeople(query);
  const [visible, setVisible] = useSavedColumns(COLUMNS_KEY, DEFAULT_COLUMNS);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);

  const doExport = async (full: boolean) => {
    setExporting(true);
    try {
      const name = await exportPeople(filters, full);
      message.success(t('已导出：{name}', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const exportFull = () => {
    modal.confirm({
      title: t('导出含完整证件号的名单？'),
      content: t('文件将包含完整的证件号码和手机号，导出操作记入审计日志。请妥善保管，用后及时删除，不得外传。'),
      okText: t('确认导出'),
      cancelText: t('取消'),
      onOk: () => doExport(true),
    });
  };

  /** 年龄 sorts by birth date the other way round: youngest first = latest birth date first. */
  const sortOrder = (key: SortKey): 'ascend' | 'descend' | null => {
    if (key === 'age') {
      if (query.sort !== 'birthDate') return null;
      return query.order === 'asc' ? 'descend' : 'ascend';
    }
    return query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null;
  };

  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const mono = (v: string | null) => (v ? <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span> : dash);

  const allColumns: NonNullable<TableProps<PersonRow>['columns']> = [
    {
      title: t('姓名'),
      dataIndex: 'name',
      key: 'name',
      width: 110,
      fixed: 'start',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (v: string, p) => (
        <Link to={`/people/${p.id}`} style={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
          {tx(v)}
        </Link>
      ),
    },
    { title: t('性别'), dataIndex: 'sex', key: 'sex', width: 64, render: (v: PersonRow['sex']) => t(sexLabel(v)) },
    { title: t('年龄'), dataIndex: 'age', key: 'age', width: 76, sorter: true, sortOrder: sortOrder('age') },
    {
      title: t('出生日期'),
      dataIndex: 'birthDate',
      key: 'birthDate',
      width: 136,
      sorter: true,
      sortOrder: sortOrder('birthDate'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span>,
    },
    { title: t('证件号码'), dataIndex: 'idMasked', key: 'idMasked', width: 176, render: mono },
    { title: t('手机号'), dataIndex: 'phoneMasked', key: 'phoneMasked', width: 116, render: mono },
    { title: t('所属工会'), dataIndex: 'orgName', key: 'orgName', width: 200, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('工作单位'),
      dataIndex: 'employerName',
      key: 'employerName',
      width: 180,
      ellipsis: { showTitle: true },
      render: (v: string | null) => (v ? tx(v) : dash),
    },
    {
      title: t('职业'),
      dataIndex: 'occupationLabel',
      key: 'occupation',
      width: 110,
      ellipsis: true,
      render: (v: string | null, p) => (v || p.occupation ? tx(v ?? p.occupation) : dash),
    },
    {
      title: t('用工形式'),
      dataIndex: 'employmentForm',
      key: 'employmentForm',
      width: 116,
      ellipsis: true,
      render: (v: PersonRow['employmentForm']) => (v ? t(EMPLOYMENT_FORM_LABELS[v]) : dash),
    },
    {
      title: t('工作状态'),
      dataIndex: 'workStatus',
      key: 'workStatus',
      width: 90,
      render: (v: PersonRow['workStatus']) => (v ? t(WORK_STATUS_LABELS[v]) : dash),
    },
    {
      title: t('会籍'),
      dataIndex: 'membershipState',
      key: 'membershipState',
      width: 86,
      render: (v: MembershipState | null) => (v ? <Tag color={MEMBERSHIP_COLORS[v]}>{t(membershipLabel(v))}</Tag> : <Tag bordered={false}>{t('非会员')}</Tag>),
    },
    {
      title: t('标签'),
      dataIndex: 'tags',
      key: 'tags',
      width: 170,
      render: (tags: string[]) =>
        tags.length === 0 ? (
          dash
        ) : (
          <Tooltip title={tags.length > 2 ? tags.map(tx).join('、') : undefined}>
            <Space size={[0, 4]} wrap={false}>
              {tags.slice(0, 2).map((g) => (
                <Tag key={g} color="geekblue" bordered={false}>
                  {tx(g)}
                </Tag>
              ))}
              {tags.length > 2 && <Tag bordered={false}>+{tags.length - 2}</Tag>}
            </Space>
          </Tooltip>
        ),
    },
  ];

  const shown = new Set(['name', ...visible]);
  const columns = allColumns.filter((c) => shown.has(String(c.key)));
  const width = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 120), 0);
  const data = list.data;
  const totalText = data ? (data.totalIsEstimate ? t('超过 10,000 条') : t('共 {n} 条', { n: formatCount(data.total) })) : '';

  return (
    <Page
      title={t('职工档案')}
      subTitle={t('本级及下级工会的职工；证件号码和手机号脱敏显示')}
      extra={
        <>
          {has('person:merge') && (
            <Button icon={<MergeCellsOutlined />} onClick={() => navigate('/people/duplicates')}>
              {t('疑似重复')}
            </Button>
          )}
          <IncomingTransfersButton canSettle={has('person:write')} />
          {has('person:export') &&
            (has('person:reveal') ? (
              <Dropdown
                menu={{
                  items: [
                    { key: 'masked', label: t('导出（证件号脱敏）'), onClick: () => void doExport(false) },
                    { key: 'full', label: t('含完整证件号'), onClick: exportFull },
                  ],
                }}
              >
                <Button icon={<DownloadOutlined />} loading={exporting} data-testid="people-export">
                  {t('导出')} <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            ) : (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport(false)} data-testid="people-export">
                {t('导出')}
              </Button>
            ))}
          {canManageOccupations && (
            <Button icon={<TagsOutlined />} onClick={() => navigate('/people/occupations')}>
              {t('职业代码表')}
            </Button>
          )}
          {has('person:import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/people/import')}>
              {t('导入')}
            </Button>
          )}
          {has('person:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('新增职工')}
            </Button>
          )}
        </>
      }
    >
      <Card variant="borderless">
        <PeopleFilterBar filters={filters} onChange={setFilters} onReset={reset} />
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary" data-testid="people-total">
            {totalText}
            {active > 0 && data ? ` · ${t('已按 {n} 个条件筛选', { n: active })}` : ''}
          </Typography.Text>
          <Space size={8}>
            <Tooltip title={t('刷新')}>
              <Button icon={<ReloadOutlined />} aria-label={t('刷新')} onClick={() => list.refetch()} />
            </Tooltip>
            <ColumnSettings
              columns={allColumns.map((c) => ({ key: String(c.key), title: String(c.title), fixed: c.key === 'name' }))}
              visible={visible}
              defaults={DEFAULT_COLUMNS}
              onChange={setVisible}
            />
          </Space>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<PersonRow>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: width }}
          size="middle"
          data-testid="people-table"
          locale={{ emptyText: active > 0 ? t('没有符合条件的职工') : t('暂无职工档案，可新增或批量导入') }}
          pagination={paging(data?.total ?? 0, t, { pageSizeOptions: [10, 20, 50, 100], showTotal: () => totalText }).pagination}
          onChange={(p, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = (s?.order ? s.columnKey : undefined) as SortKey | undefined;
              if (!key) setSort('name', 'asc');
              else if (key === 'age') setSort('birthDate', s?.order === 'ascend' ? 'desc' : 'asc');
              else setSort(key as ListPeopleQuery['sort'], s?.order === 'descend' ? 'desc' : 'asc');
              return;
            }
            setPaging(p.current ?? 1, p.pageSize ?? 20);
          }}
        />
      </Card>
      <PersonFormModal mode="create" open={creating} defaultOrgId={me?.org.id} onClose={() => setCreating(false)} />
    </Page>
  );
}
