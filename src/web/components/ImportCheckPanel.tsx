/**
 * The result of checking an import file, before anything is written: the counts, then either
 * every problem by row and column (nothing may be imported until the file is corrected) or what
 * importing will do. Used by the imports that check a whole file in one request (组织, 困难职工台账).
 */
import type { ReactNode } from 'react';
import { Alert, Descriptions, Table } from 'antd';
import { useI18n } from '../i18n/index.tsx';

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

interface Props {
  /** The check's figures: 数据行, 将新增, 已存在 … (labels already translated). */
  counts: { label: string; value: ReactNode }[];
  errors: ImportRowError[];
  /** Above the problems, e.g. “发现 3 处问题，请修改文件后重新检查；本次未导入任何数据”. */
  errorsTitle: string;
  /** When there is no problem: ready to import (success), or nothing to import (warning). */
  outcome: { ready: boolean; title: string };
  /** The page's own `tx`: column names and problems are its module's words. */
  tx: (s: string) => string;
  pageSize?: number;
  'data-testid'?: string;
  errorsTestId?: string;
}

export function ImportCheckPanel({ counts, errors, errorsTitle, outcome, tx, pageSize = 10, ...ids }: Props) {
  const { t } = useI18n();
  return (
    <div style={{ marginTop: 16 }} data-testid={ids['data-testid']}>
      <Descriptions size="small" bordered column={counts.length}>
        {counts.map((c) => (
          <Descriptions.Item key={c.label} label={c.label}>
            {c.value}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {errors.length > 0 ? (
        <>
          <Alert type="error" showIcon style={{ margin: '12px 0' }} title={errorsTitle} />
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            dataSource={errors}
            data-testid={ids.errorsTestId}
            pagination={{ pageSize, showSizeChanger: false, showTotal: (n) => t('共 {n} 条', { n }) }}
            columns={[
              { title: t('行'), dataIndex: 'row', width: 70, sorter: (a, b) => a.row - b.row },
              { title: t('列'), dataIndex: 'column', width: 180, render: (v: string) => tx(v) },
              { title: t('问题'), dataIndex: 'message', render: (v: string) => tx(v) },
            ]}
          />
        </>
      ) : (
        <Alert type={outcome.ready ? 'success' : 'warning'} showIcon style={{ marginTop: 12 }} title={outcome.title} />
      )}
    </div>
  );
}
