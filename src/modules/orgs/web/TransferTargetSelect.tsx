/**
 * Picks the receiving union of a transfer (转入工会、调入工会) in one of two ways:
 * - 按名称查找: every union of the tree, not only the caller's — a worker who changes jobs may
 *   move to another city (GET /api/orgs/transfer-targets: name, short name, pinyin, initials or
 *   credit code). Each hit shows the federations above it, so two 环卫工会 can be told apart.
 * - 本级组织树: the caller's own subtree, browsed as a tree (OrgTreeSelect), as before.
 * `onPick` tells the dialog whether the union lies inside the caller's subtree, which decides
 * between a 调转 at once and a 会籍转出 the other union must accept.
 */
import { useRef, useState } from 'react';
import { Flex, Segmented, Select, Tag, Typography } from 'antd';
import { ORG_TYPE_LABELS, TRANSFER_QUERY_MIN, type TransferTarget } from '../orgs.contract.ts';
import { useI18n } from './i18n.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useTransferTargets } from './orgs.api.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';

/** The union picked; `name` and `ancestors` are known only when it was found by name. */
export interface PickedUnion {
  id: number;
  inScope: boolean;
  name?: string;
  ancestors?: string[];
}

type Mode = 'search' | 'tree';

interface Props {
  id?: string;
  value?: number;
  onChange?: (value: number | undefined) => void;
  onPick?: (union: PickedUnion | undefined) => void;
  /** The union the person belongs to now: listed, but not selectable. */
  currentOrgId?: number;
  defaultMode?: Mode;
  placeholder?: string;
}

export function TransferTargetSelect({ id, value, onChange, onPick, currentOrgId, defaultMode = 'search', placeholder }: Props) {
  const { t, tx } = useI18n();
  const [mode, setMode] = useState<Mode>(defaultMode);
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 300);
  const enough = q.length >= TRANSFER_QUERY_MIN;
  const list = useTransferTargets(enough ? q : '');
  const found = enough ? (list.data ?? []) : [];
  // The chosen union stays an option after the search moves on, so its name keeps showing.
  const picked = useRef<TransferTarget | undefined>(undefined);
  const chosen = picked.current && picked.current.id === value ? picked.current : undefined;
  const options = chosen && !found.some((o) => o.id === chosen.id) ? [chosen, ...found] : found;

  const pick = (union: PickedUnion | undefined) => {
    onPick?.(union);
    onChange?.(union?.id);
  };
  const switchMode = (m: Mode) => {
    setMode(m);
    picked.current = undefined;
    if (value !== undefined) pick(undefined);
  };
  const trail = (names: string[]) => names.map((n) => tx(n)).join(' / ');

  return (
    <Flex vertical gap={8} data-testid="transfer-target">
      <Segmented<Mode>
        size="small"
        style={{ alignSelf: 'flex-start' }}
        value={mode}
        onChange={switchMode}
        options={[
          { value: 'search', label: t('按名称查找（全部地区）') },
          { value: 'tree', label: t('本级组织树') },
        ]}
      />
      {mode === 'tree' ? (
        <OrgTreeSelect
          id={id}
          value={value}
          onChange={(v) => pick(v === undefined ? undefined : { id: v, inScope: true })}
          placeholder={placeholder}
          disabledNode={(n) => n.id === currentOrgId}
          style={{ width: '100%' }}
        />
      ) : (
        <>
          <Select<number>
            id={id}
            value={value}
            showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
            onChange={(v) => {
              const o = options.find((x) => x.id === v);
              picked.current = o;
              pick(o);
            }}
            placeholder={placeholder ?? t('输入工会名称、简称或拼音查找')}
            notFoundContent={
              !enough
                ? t('请输入至少 {n} 个字：工会名称、简称、拼音首字母或统一社会信用代码', { n: TRANSFER_QUERY_MIN })
                : list.isFetching
                  ? t('查找中…')
                  : t('没有找到匹配的工会')
            }
            loading={list.isFetching}
            allowClear
            style={{ width: '100%' }}
            listHeight={320}
            optionLabelProp="label"
            options={options.map((o) => ({ value: o.id, label: tx(o.name), disabled: o.id === currentOrgId, union: o }))}
            optionRender={(opt) => {
              const o = (opt.data as { union: TransferTarget }).union;
              return (
                <Flex vertical style={{ minWidth: 0 }} data-testid="transfer-target-option">
                  <Flex gap={8} align="center" justify="space-between">
                    <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                      {tx(o.name)}
                    </Typography.Text>
                    <Flex gap={4} style={{ flex: 'none' }}>
                      {o.id === currentOrgId && <Tag bordered={false}>{t('当前所属')}</Tag>}
                      {o.inScope && (
                        <Tag color="blue" bordered={false}>
                          {t('本级管辖')}
                        </Tag>
                      )}
                      <Tag bordered={false}>{t(ORG_TYPE_LABELS[o.type])}</Tag>
                    </Flex>
                  </Flex>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                    {trail(o.ancestors)}
                  </Typography.Text>
                </Flex>
              );
            }}
          />
          {chosen && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="transfer-target-trail">
              {t('上级：{trail}', { trail: trail(chosen.ancestors) })}
            </Typography.Text>
          )}
        </>
      )}
    </Flex>
  );
}
