/** The frame of every page: a title row with actions, then the content. */
import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

export function Page({ title, subTitle, extra, children }: { title: ReactNode; subTitle?: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="nj-page">
      <Flex className="nj-page-head" align="center" justify="space-between" wrap gap={12}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
        </div>
        {extra ? (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </div>
  );
}
