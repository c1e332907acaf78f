/**
 * The pagination of a list page whose page and page size live in the URL: antd Table props
 * showing “共 N 条” and writing the chosen page back.
 */
import type { TablePaginationConfig } from 'antd';
import { formatCount } from '../i18n/format.ts';

type Translate = (zh: string, vars?: Record<string, string | number>) => string;

export function urlPaging(query: { page: number; pageSize: number }, total: number, t: Translate, write: (q: { page: number; pageSize: number }) => void) {
  return {
    pagination: {
      current: query.page,
      pageSize: query.pageSize,
      total,
      showSizeChanger: true,
      showTotal: (n: number) => t('共 {n} 条', { n: formatCount(n) }),
    } satisfies TablePaginationConfig,
    onChange: (p: TablePaginationConfig) => write({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 }),
  };
}
