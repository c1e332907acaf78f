/** What a page shows while its data loads or when loading failed. */
import type { ReactNode } from 'react';
import { Alert, Button, Flex, Spin } from 'antd';
import { ApiError } from '../http.ts';
import { useI18n } from '../i18n/index.tsx';

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, tx } = useI18n();
  const message = error instanceof ApiError ? tx(error.message) : t('加载失败，请稍后重试');
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('重试')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function Loading({ children }: { children?: ReactNode }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 200 }}>
      <Spin />
      {children}
    </Flex>
  );
}
