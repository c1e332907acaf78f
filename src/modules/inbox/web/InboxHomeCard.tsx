/** The home page's 待办 card: how many of each kind wait for this account, each a link into the inbox. */
import { useNavigate } from 'react-router-dom';
import { Card, Col, Row, Statistic } from 'antd';
import { useI18n } from './i18n.ts';
import { useInbox } from './inbox.api.ts';

export function InboxHomeCard() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const { data } = useInbox();
  // An account that may act on nothing the inbox lists sees no card.
  if (!data || data.groups.length === 0) return null;
  return (
    <Card
      variant="borderless"
      title={t('待办')}
      style={{ marginBottom: 16 }}
      data-testid="home-inbox"
      extra={<a onClick={() => navigate('/inbox')}>{t('共 {n} 项', { n: data.total })}</a>}
    >
      <Row gutter={[16, 16]}>
        {data.groups.map((g) => (
          <Col key={g.kind} xs={12} md={8} xl={4}>
            <Card
              size="small"
              className="nj-link-card"
              onClick={() => navigate(`/inbox?kind=${encodeURIComponent(g.kind)}`)}
              data-testid={`home-inbox-${g.kind}`}
            >
              <Statistic title={tx(g.label)} value={g.total} valueStyle={g.total > 0 ? { color: '#d4380d' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
