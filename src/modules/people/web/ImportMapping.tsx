/**
 * 对应列: for each field of the registry, which column of the uploaded file holds it (suggested
 * by the server from the usual Chinese headers), with the file's first values as a preview.
 */
import { Alert, Descriptions, Select, Table, Tag, Typography } from 'antd';
import { PERSON_IMPORT_FIELDS, type ImportUpload, type PersonImportField } from '../people-import.contract.ts';
import { useI18n } from './i18n.ts';

export type Mapping = Partial<Record<PersonImportField, number | null>>;

/** A, B, … Z, AA, AB: the column letters Excel shows. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

type T = (zh: string, vars?: Record<string, string | number>) => string;

/** What keeps the mapping from being checked: required fields unmapped, a column used twice. */
export function mappingProblems(mapping: Mapping, headers: string[], t: T): string[] {
  const problems: string[] = [];
  for (const f of PERSON_IMPORT_FIELDS) if (f.required && mapping[f.key] == null) problems.push(t('请为“{f}”选择对应的列', { f: t(f.label) }));
  const used = new Map<number, string[]>();
  for (const f of PERSON_IMPORT_FIELDS) {
    const c = mapping[f.key];
    if (c != null) used.set(c, [...(used.get(c) ?? []), t(f.label)]);
  }
  for (const [c, labels] of used) {
    if (labels.length > 1)
      problems.push(t('“{col}”列同时对应了 {fields}，每列只能对应一项', { col: headers[c] || columnLetter(c), fields: labels.join('、') }));
  }
  return problems;
}

interface Props {
  upload: ImportUpload;
  mapping: Mapping;
  onChange: (m: Mapping) => void;
  /** Show the problems (after 下一步 was pressed once). */
  showProblems: boolean;
}

export function ImportMapping({ upload, mapping, onChange, showProblems }: Props) {
  const { t } = useI18n();
  const options = upload.headers.map((h, i) => ({ value: i, label: `${columnLetter(i)} · ${h || t('（无表头）')}` }));
  const used = new Map<number, PersonImportField>();
  for (const f of PERSON_IMPORT_FIELDS) {
    const c = mapping[f.key];
    if (c != null) used.set(c, f.key);
  }
  const problems = mappingProblems(mapping, upload.headers, t);
  const mappedCount = PERSON_IMPORT_FIELDS.filter((f) => mapping[f.key] != null).length;

  const samples = (col: number | null | undefined) => {
    if (col == null) return <Typography.Text type="secondary">—</Typography.Text>;
    const values = upload.sample
      .map((r) => r[col] ?? '')
      .filter((v) => v.trim() !== '')
      .slice(0, 3);
    if (values.length === 0) return <Typography.Text type="secondary">{t('（前几行为空）')}</Typography.Text>;
    return (
      <Typography.Text ellipsis={{ tooltip: values.join('、') }} style={{ maxWidth: 420 }}>
        {values.join('、')}
      </Typography.Text>
    );
  };

  return (
    <div data-testid="import-mapping">
      <Descriptions size="small" column={4} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('文件')}>{upload.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('格式')}>
          {upload.format === 'xlsx' ? 'Excel (.xlsx)' : 'CSV'}
          {upload.encoding ? ` · ${upload.encoding}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('列数')}>{upload.headers.length}</Descriptions.Item>
        <Descriptions.Item label={t('已对应')}>{t('{n} / {m} 项', { n: mappedCount, m: PERSON_IMPORT_FIELDS.length })}</Descriptions.Item>
      </Descriptions>
      {showProblems && problems.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.join('；')} data-testid="mapping-problems" />
      )}
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={[...PERSON_IMPORT_FIELDS]}
        scroll={{ y: 460 }}
        columns={[
          {
            title: t('档案字段'),
            dataIndex: 'label',
            width: 200,
            render: (label: string, f) => (
              <span>
                {f.required && <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>}
                {t(label)}
                {f.required && (
                  <Tag bordered={false} color="red" style={{ marginInlineStart: 8 }}>
                    {t('必填')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('文件中的列'),
            key: 'column',
            width: 280,
            render: (_: unknown, f) => {
              const value = mapping[f.key] ?? undefined;
              const missing = showProblems && f.required && value === undefined;
              return (
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={value}
                  status={missing ? 'error' : undefined}
                  placeholder={f.required ? t('请选择') : t('不导入')}
                  onChange={(v) => onChange({ ...mapping, [f.key]: v ?? null })}
                  options={options.map((o) => {
                    const other = used.get(o.value);
                    return { ...o, label: other && other !== f.key ? `${o.label}（${t('已对应')}）` : o.label };
                  })}
                  style={{ width: '100%' }}
                  aria-label={t(f.label)}
                  data-testid={`map-${f.key}`}
                />
              );
            },
          },
          { title: t('示例数据（前几行）'), key: 'sample', render: (_: unknown, f) => samples(mapping[f.key]) },
        ]}
      />
    </div>
  );
}
