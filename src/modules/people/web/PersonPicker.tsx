/**
 * Picks a person of the user's subtree by searching 职工档案 (name, pinyin, initials, the last four
 * of the ID, a full ID number or phone), showing enough to tell namesakes apart.
 */
import { useState } from 'react';
import { Flex, Select, Tag, Typography } from 'antd';
import type { PersonRow } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { usePeople } from './people.api.ts';
import { sexLabel } from './personLabels.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';

interface Props {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined, person: PersonRow | undefined) => void;
  /** People not to offer (the record being merged itself). */
  exclude?: number[];
  placeholder?: string;
  style?: React.CSSProperties;
}

export function PersonPicker({ id, value, onChange, exclude = [], placeholder, style }: Props) {
  const { t, tx, date } = useI18n();
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 300);
  const list = usePeople({ q, pageSize: 10, page: 1, sort: 'name', order: 'asc' }, q.length > 0);
  const [picked, setPicked] = useState<PersonRow | undefined>();
  const found = (q ? (list.data?.items ?? []) : []).filter((p) => !exclude.includes(p.id));
  // The chosen person stays an option after the search moves on, so its name keeps showing.
  const items = picked && picked.id === value && !found.some((p) => p.id === picked.id) ? [picked, ...found] : found;

  return (
    <Select<number>
      id={id}
      value={value}
      showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
      onChange={(v) => {
        const p = items.find((x) => x.id === v);
        setPicked(p);
        onChange?.(v, p);
      }}
      placeholder={placeholder ?? t('输入姓名、拼音首字母或证件号末四位查找')}
      notFoundContent={q ? (list.isFetching ? t('查找中…') : t('没有找到匹配的职工')) : t('请输入查找条件')}
      loading={list.isFetching}
      allowClear
      style={{ width: '100%', ...style }}
      optionLabelProp="label"
      options={items.map((p) => ({
        value: p.id,
        label: `${tx(p.name)}（${p.idMasked}）`,
        person: p,
      }))}
      optionRender={(o) => {
        const p = (o.data as { person: PersonRow }).person;
        return (
          <Flex vertical>
            <Flex gap={8} align="center">
              <Typography.Text strong>{tx(p.name)}</Typography.Text>
              <Tag bordered={false}>{t(sexLabel(p.sex))}</Tag>
              <Typography.Text type="secondary">{date(p.birthDate)}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span style={{ fontFamily: 'monospace' }}>{p.idMasked}</span> · {tx(p.orgName)}
              {p.employerName ? ` · ${tx(p.employerName)}` : ''}
            </Typography.Text>
          </Flex>
        );
      }}
    />
  );
}
