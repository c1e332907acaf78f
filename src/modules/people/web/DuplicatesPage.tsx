/**
 * 疑似重复: scan the subtree for records that may be one person (same name and birth date, same
 * ID region and last four, same phone, same pinyin and birth date), then review each pair —
 * 不是同一人 (with a reason, never proposed again) or 合并… in the merge screen.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Empty, Flex, Pagination, Row, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { CloseCircleOutlined, MergeCellsOutlined, SearchOutlined } from '@ant-design/icons';
import { DUPLICATE_LEVELS, DUPLICATE_LEVEL_LABELS, type PersonRow } from '../people.contract.ts';
import { text } from '../../../shared/contract.ts';
import { useI18n } from './i18n.ts';
import { ApiError } from '../../../web/http.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { ReasonModal } from './ReasonModal.tsx';
import { MergeDrawer } from './MergeDrawer.tsx';
import { useDismissPair, useDuplicates, useScanDuplicates, type DuplicatePairView, type ScanResultView } from './people.api.ts';
import { MEMBERSHIP_COLORS, membershipLabel, sexLabel } from './personLabels.ts';

type Level = (typeof DUPLICATE_LEVELS)[number];
/** As POST /api/people/duplicates/:id/dismiss checks it. */
const DismissReason = text('原因', { max: 100 });

function PersonSide({ p, label }: { p: PersonRow; label: string }) {
  const { t, tx, date } = useI18n();
  const row = (k: string, v: React.ReactNode) => (
    <Flex gap={8}>
      <Typography.Text type="secondary" style={{ width: 64, flex: 'none' }}>
        {k}
      </Typography.Text>
      <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{v}</span>
    </Flex>
  );
  return (
    <div style={{ background: '#fafafa', borderRadius: 6, padding: '10px 12px', height: '100%' }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
        <Space size={6}>
          <Typography.Text type="secondary">{label}</Typography.Text>
          <Link to={`/people/${p.id}`} style={{ fontWeight: 600, fontSize: 15 }}>
            {tx(p.name)}
          </Link>
          <Typography.Text type="secondary">
            {t(sexLabel(p.sex))} · {t('{n} 岁', { n: p.age })}
          </Typography.Text>
        </Space>
        {p.membershipState ? (
          <Tag color={MEMBERSHIP_COLORS[p.membershipState]}>{t(membershipLabel(p.membershipState))}</Tag>
        ) : (
          <Tag bordered={false}>{t('非会员')}</Tag>
        )}
      </Flex>
      <Flex vertical gap={2} style={{ fontSize: 13 }}>
        {row(t('证件号码'), <span style={{ fontFamily: 'monospace' }}>{p.idMasked}</span>)}
        {row(t('出生日期'), date(p.birthDate))}
        {row(t('手机号'), p.phoneMasked ? <span style={{ fontFamily: 'monospace' }}>{p.phoneMasked}</span> : '—')}
        {row(t('所属工会'), tx(p.orgName))}
        {row(t('工作单位'), p.employerName ? tx(p.employerName) : '—')}
        {row(t('职业'), p.occupationLabel ? tx(p.occupationLabel) : '—')}
      </Flex>
    </div>
  );
}

function PairCard({ pair, onDismiss, onMerge }: { pair: DuplicatePairView; onDismiss: () => void; onMerge: () => void }) {
  const { t, tx, dateTime } = useI18n();
  const likely = pair.level === 'likely';
  const percent = Math.round(pair.score * 100);
  return (
    <Card
      size="small"
      data-testid="duplicate-pair"
      title={
        <Space size={8} wrap>
          <Tag color={likely ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
            {t(DUPLICATE_LEVEL_LABELS[pair.level])}
          </Tag>
          <Typography.Text strong style={{ color: likely ? '#cf1322' : '#d46b08' }} data-testid="pair-score">
            {t('相似度 {n}%', { n: percent })}
          </Typography.Text>
          {pair.reasons.map((r) => (
            <Tag key={r} bordered={false} color="blue">
              {tx(r)}
            </Tag>
          ))}
        </Space>
      }
      extra={
        <Space size={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
            {t('发现于 {time}', { time: dateTime(pair.foundAt) })}
          </Typography.Text>
          <Button size="small" icon={<CloseCircleOutlined />} onClick={onDismiss}>
            {t('不是同一人')}
          </Button>
          <Button size="small" type="primary" icon={<MergeCellsOutlined />} onClick={onMerge}>
            {t('合并…')}
          </Button>
        </Space>
      }
    >
      <Row gutter={12}>
        <Col span={12}>
          <PersonSide p={pair.a} label={t('记录 A')} />
        </Col>
        <Col span={12}>
          <PersonSide p={pair.b} label={t('记录 B')} />
        </Col>
      </Row>
    </Card>
  );
}

function scanText(t: (s: string, v?: Record<string, string | number>) => string, r: ScanResultView) {
  return t('已检查 {scanned} 人，新发现疑似重复 {found} 对（很可能重复 {likely} 对，可能重复 {possible} 对），用时 {s} 秒', {
    scanned: r.scanned,
    found: r.found,
    likely: r.likely,
    possible: r.possible,
    s: r.seconds.toFixed(1),
  });
}

export function DuplicatesPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [level, setLevel] = useState<Level | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const list = useDuplicates({ level, ...paging });
  const scan = useScanDuplicates();
  const dismiss = useDismissPair();
  const [scanned, setScanned] = useState<ScanResultView | null>(null);
  const [dismissing, setDismissing] = useState<DuplicatePairView | null>(null);
  const [merging, setMerging] = useState<DuplicatePairView | null>(null);

  const runScan = () =>
    scan.mutate(undefined, {
      onSuccess: (r) => {
        setScanned(r);
        setPaging((p) => ({ ...p, page: 1 }));
      },
      onError: (err) => {
        message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试'));
      },
    });

  const data = list.data;

  return (
    <Page
      title={t('疑似重复')}
      subTitle={t('同一人可能被重复建档：逐对核对后合并，或确认不是同一人')}
      extra={
        <Button type="primary" icon={<SearchOutlined />} loading={scan.isPending} onClick={runScan} data-testid="duplicates-scan">
          {t('查找疑似重复')}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        {scan.isPending && <Alert type="info" showIcon icon={<Spin size="small" />} title={t('正在查找本级及下级工会的疑似重复档案…')} />}
        {scanned && !scan.isPending && (
          <Alert
            type={scanned.found ? 'warning' : 'success'}
            showIcon
            closable
            onClose={() => setScanned(null)}
            title={scanText(t, scanned)}
            data-testid="scan-result"
          />
        )}
        <Card variant="borderless">
          <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
            <Segmented<Level | 'all'>
              value={level ?? 'all'}
              onChange={(v) => {
                setLevel(v === 'all' ? undefined : v);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={[{ value: 'all', label: t('全部') }, ...DUPLICATE_LEVELS.map((l) => ({ value: l, label: t(DUPLICATE_LEVEL_LABELS[l]) }))]}
            />
            <Typography.Text type="secondary">{data ? t('待核对 {n} 对', { n: data.total }) : ''}</Typography.Text>
          </Flex>
          {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
          <Spin spinning={list.isFetching}>
            {data && data.items.length === 0 ? (
              <Empty description={level ? t('没有该类疑似重复') : t('没有待核对的疑似重复；可点击“查找疑似重复”重新查找')} style={{ padding: 32 }} />
            ) : (
              <Flex vertical gap={12} data-testid="duplicate-list">
                {(data?.items ?? []).map((pair) => (
                  <PairCard key={pair.id} pair={pair} onDismiss={() => setDismissing(pair)} onMerge={() => setMerging(pair)} />
                ))}
              </Flex>
            )}
          </Spin>
          {data && data.total > 0 && (
            <Flex justify="end" style={{ marginTop: 16 }}>
              <Pagination
                current={paging.page}
                pageSize={paging.pageSize}
                total={data.total}
                showSizeChanger
                pageSizeOptions={[10, 20, 50]}
                showTotal={(n) => t('共 {n} 对', { n })}
                onChange={(page, pageSize) => setPaging({ page, pageSize })}
              />
            </Flex>
          )}
        </Card>
      </Flex>
      <ReasonModal<{ reason: string }>
        name="dismissPair"
        open={Boolean(dismissing)}
        title={t('确认不是同一人')}
        okText={t('确认')}
        reasonSchema={DismissReason}
        presets={['证件号码不同，核实为两人', '同名同生日的不同职工']}
        intro={dismissing ? t('{a} 与 {b} 将不再作为疑似重复提示。', { a: tx(dismissing.a.name), b: tx(dismissing.b.name) }) : undefined}
        onClose={() => setDismissing(null)}
        onSubmit={async ({ reason }) => {
          if (!dismissing) return;
          await dismiss.mutateAsync({ id: dismissing.id, reason });
          message.success(t('已标记为不是同一人'));
        }}
      />
      <MergeDrawer open={Boolean(merging)} aId={merging?.a.id ?? null} bId={merging?.b.id ?? null} pairId={merging?.id} onClose={() => setMerging(null)} />
    </Page>
  );
}
