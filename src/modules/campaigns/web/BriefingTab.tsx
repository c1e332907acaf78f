/**
 * 简报: the paragraph the server writes from the records, each figure a link to the tab that lists
 * what it counts, and a button to copy the text for a report.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Flex, Typography } from 'antd';
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { useBriefing, type BriefingView, type CampaignView } from './campaigns.api.ts';

/** The text cut at each figure (in order), the figure itself a link. */
function linked(b: BriefingView, tx: (s: string) => string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const f of b.figures) {
    const i = b.text.indexOf(f.text, at);
    if (i < 0) continue;
    if (i > at) out.push(tx(b.text.slice(at, i)));
    out.push(
      <Link key={`${f.key}-${i}`} to={f.href} data-testid={`figure-${f.key}`} style={{ fontWeight: 600 }}>
        {tx(f.text)}
      </Link>,
    );
    at = i + f.text.length;
  }
  if (at < b.text.length) out.push(tx(b.text.slice(at)));
  return out;
}

export function BriefingTab({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const briefing = useBriefing(c.id);
  if (briefing.error) return <LoadError error={briefing.error} onRetry={() => briefing.refetch()} />;
  if (!briefing.data) return <Loading />;
  const b = briefing.data;
  return (
    <Flex vertical gap={12} data-testid="briefing">
      <Typography.Text type="secondary">{t('简报由系统根据发放记录生成，每个数字均可点击查看来源。')}</Typography.Text>
      <Card size="small" style={{ background: '#fffbe6', borderColor: '#ffe58f' }}>
        {/* The briefing is a Chinese report text written from the records: shown as it is in every language, never machine-translated. */}
        <Typography.Paragraph style={{ fontSize: 16, lineHeight: 2, margin: 0, textIndent: '2em' }} data-testid="briefing-text" translate="no">
          {linked(b, tx)}
        </Typography.Paragraph>
      </Card>
      <Flex gap={8}>
        <Button
          icon={<CopyOutlined />}
          onClick={() =>
            void navigator.clipboard
              .writeText(tx(b.text))
              .then(() => message.success(t('已复制简报')))
              .catch(() => message.error(t('复制失败，请手动选择文字复制')))
          }
        >
          {t('复制文字')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => briefing.refetch()} loading={briefing.isFetching}>
          {t('刷新')}
        </Button>
      </Flex>
    </Flex>
  );
}
