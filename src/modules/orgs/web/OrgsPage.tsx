/**
 * 组织架构 (/orgs, /orgs/:id): the tree on the left, the selected org on the right. The URL holds
 * the selection; selecting anything (tree, search, breadcrumb, table) opens the tree along its path.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Result, Row } from 'antd';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Loading } from '../../../web/components/QueryState.tsx';
import { useMe } from '../../auth/web/auth.api.ts';
import type { OrgDetail } from '../orgs.contract.ts';
import { useLazyOrgTree, useOrg } from './orgs.api.ts';
import { OrgTreePanel } from './OrgTreePanel.tsx';
import { OrgDetailPanel } from './OrgDetailPanel.tsx';

export function OrgsPage() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const params = useParams();
  const { data: me } = useMe();
  const routeId = params.id && /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  const selectedId = routeId ?? me?.org.id;
  const tree = useLazyOrgTree();
  const detail = useOrg(selectedId);
  const [expanded, setExpanded] = useState<number[]>([]);
  const openedFor = useRef<number | null>(null);
  const { load, loadMany } = tree;

  const expand = useCallback(
    (ids: number[]) => {
      if (ids.length === 0) return;
      loadMany(ids);
      setExpanded((prev) => [...new Set([...prev, ...ids])]);
    },
    [loadMany],
  );

  // The top of the tree starts open.
  const rootId = tree.roots[0]?.id;
  useEffect(() => {
    if (rootId !== undefined && tree.roots[0]!.childCount > 0) {
      void load(rootId);
      setExpanded((prev) => (prev.includes(rootId) ? prev : [...prev, rootId]));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rootId]);

  // Open the tree along the selected org's path, once per selection.
  useEffect(() => {
    const d = detail.data;
    if (!d || d.id !== selectedId || openedFor.current === selectedId) return;
    openedFor.current = selectedId;
    expand(d.trail.slice(0, -1).map((x) => x.id));
  }, [detail.data, selectedId, expand]);

  const open = useCallback((id: number) => navigate(`/orgs/${id}`), [navigate]);

  const onChanged = (what: 'created' | 'moved', o: OrgDetail) => {
    if (what === 'created' && selectedId) expand([selectedId]);
    if (what === 'moved') {
      openedFor.current = null;
      expand(o.trail.slice(0, -1).map((x) => x.id));
    }
  };

  let right: React.ReactNode;
  if (detail.isLoading || !selectedId)
    right = (
      <Card variant="borderless">
        <Loading />
      </Card>
    );
  else if (detail.error)
    right = (
      <Card variant="borderless">
        <Result
          status={detail.error instanceof ApiError && detail.error.status === 404 ? '404' : 'error'}
          title={detail.error instanceof ApiError ? tx(detail.error.message) : t('加载失败，请稍后重试')}
          extra={
            <Button type="primary" onClick={() => navigate('/orgs')}>
              {t('回到本级组织')}
            </Button>
          }
        />
      </Card>
    );
  else if (detail.data) right = <OrgDetailPanel org={detail.data} onOpen={open} onChanged={onChanged} />;

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="360px" style={{ minWidth: 0, position: 'sticky', top: 72 }}>
        <OrgTreePanel tree={tree} selectedId={selectedId} expanded={expanded} onExpand={setExpanded} onSelect={open} />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {right}
      </Col>
    </Row>
  );
}
