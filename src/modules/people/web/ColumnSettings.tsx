/**
 * 列设置: which columns a table shows, kept in localStorage per table so each user's choice
 * survives reloads. Written for any table; 职工档案 is its first user.
 */
import { useCallback, useState } from 'react';
import { Button, Checkbox, Divider, Flex, Popover, Tooltip, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';

export interface ColumnOption {
  key: string;
  title: string;
  /** Always shown (the name column): listed but not switchable. */
  fixed?: boolean;
}

function read(storageKey: string, fallback: string[]): string[] {
  try {
    const raw = localStorage.getItem(storageKey);
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* unreadable or private mode: the default */
  }
  return fallback;
}

/** The visible column keys and a setter that also saves them. */
export function useSavedColumns(storageKey: string, defaults: string[]) {
  const [visible, setVisible] = useState<string[]>(() => read(storageKey, defaults));
  const save = useCallback(
    (keys: string[]) => {
      setVisible(keys);
      try {
        localStorage.setItem(storageKey, JSON.stringify(keys));
      } catch {
        /* private mode: kept for this page */
      }
    },
    [storageKey],
  );
  return [visible, save] as const;
}

interface Props {
  columns: ColumnOption[];
  visible: string[];
  defaults: string[];
  onChange: (keys: string[]) => void;
}

export function ColumnSettings({ columns, visible, defaults, onChange }: Props) {
  const { t } = useI18n();
  const switchable = columns.filter((c) => !c.fixed);
  const shown = new Set(visible);
  const allShown = switchable.every((c) => shown.has(c.key));
  const content = (
    <div style={{ width: 200 }} data-testid="column-settings">
      <Flex justify="space-between" align="center">
        <Checkbox
          checked={allShown}
          indeterminate={!allShown && switchable.some((c) => shown.has(c.key))}
          onChange={(e) => onChange(e.target.checked ? columns.map((c) => c.key) : columns.filter((c) => c.fixed).map((c) => c.key))}
        >
          {t('全部')}
        </Checkbox>
        <Typography.Link onClick={() => onChange(defaults)}>{t('恢复默认')}</Typography.Link>
      </Flex>
      <Divider style={{ margin: '8px 0' }} />
      <Flex vertical gap={6}>
        {columns.map((c) => (
          <Checkbox
            key={c.key}
            checked={c.fixed || shown.has(c.key)}
            disabled={c.fixed}
            onChange={(e) => onChange(columns.filter((x) => x.fixed || (x.key === c.key ? e.target.checked : shown.has(x.key))).map((x) => x.key))}
          >
            {c.title}
          </Checkbox>
        ))}
      </Flex>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('显示的列')} content={content}>
      <Tooltip title={t('列设置')}>
        <Button icon={<SettingOutlined />} aria-label={t('列设置')} />
      </Tooltip>
    </Popover>
  );
}
