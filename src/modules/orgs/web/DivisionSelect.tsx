/**
 * Picks a GB/T 2260 division of the level a federation needs (省级 / 地市级 / 县级) inside its
 * parent's division, from GET /api/divisions. Counties directly under a province (北京市 → 密云区)
 * are grouped by their city-level division.
 */
import { useQueries } from '@tanstack/react-query';
import { Input, Select } from 'antd';
import { useI18n } from './i18n.ts';
import { divisionsQuery, useDivisions, type DivisionView } from './orgs.api.ts';

export type DivisionLevel = DivisionView['level'];

export function levelOfCode(code: string): DivisionLevel {
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';
}

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** The division the choice must lie in (the parent federation's); none: all provinces. */
  within: string | null | undefined;
  level: DivisionLevel;
  /** Told which division was picked and the name of its group (the city), to prefill the org name. */
  onPicked?: (d: DivisionView | undefined, group: string | undefined) => void;
  /** Divisions that already have a federation under this parent: shown, not offered. */
  taken?: ReadonlySet<string>;
  status?: 'error' | 'warning' | '';
}

export function DivisionSelect({ id, value, onChange, within, level, onPicked, taken, status }: Props) {
  const { t, tx } = useI18n();
  const withinLevel = within ? levelOfCode(within) : null;
  // Where the list comes from: provinces; the children of `within`; or the grandchildren of a province.
  const direct = level === 'province' ? undefined : (within ?? undefined);
  const grouped = level === 'county' && withinLevel === 'province';
  const supported = level === 'province' || (withinLevel === 'province' && level === 'city') || (withinLevel === 'city' && level === 'county') || grouped;

  const first = useDivisions(direct, supported);
  const groups = useQueries({
    queries: (grouped ? (first.data ?? []) : []).map((c) => divisionsQuery(c.code)),
    combine: (rs) => rs.map((r) => r.data),
  });

  if (!supported) {
    return (
      <Input
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        placeholder={t('6 位行政区划代码，如 150102')}
        maxLength={6}
        status={status}
      />
    );
  }

  const label = (d: DivisionView) => `${tx(d.name)}（${d.code}）${taken?.has(d.code) && d.code !== value ? ` · ${t('已设立')}` : ''}`;
  const option = (d: DivisionView) => ({ label: label(d), value: d.code, disabled: Boolean(taken?.has(d.code)) && d.code !== value });
  const all: { d: DivisionView; group?: string }[] = [];
  let options: { label: string; value?: string; disabled?: boolean; options?: { label: string; value: string; disabled: boolean }[] }[];
  if (grouped) {
    options = (first.data ?? []).map((city, i) => {
      const kids = groups[i] ?? [];
      for (const d of kids) all.push({ d, group: city.name });
      return { label: tx(city.name === '市辖区' || city.name === '县' ? t('市辖区县') : city.name), options: kids.map(option) };
    });
  } else {
    for (const d of first.data ?? []) all.push({ d });
    options = (first.data ?? []).map(option);
  }

  return (
    <Select
      id={id}
      value={value ?? undefined}
      status={status}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={first.isLoading}
      placeholder={t(level === 'province' ? '请选择省级行政区' : level === 'city' ? '请选择地市级行政区' : '请选择县级行政区')}
      options={options}
      onChange={(code?: string) => {
        onChange?.(code);
        const hit = all.find((x) => x.d.code === code);
        onPicked?.(hit?.d, hit?.group);
      }}
      notFoundContent={first.isLoading ? t('加载中…') : t('无匹配的行政区划')}
    />
  );
}
