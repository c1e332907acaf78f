/** A person's tags; one that follows from a record (自动) says so, with why, and cannot be removed by hand. */
import { Tag, Tooltip } from 'antd';
import type { PersonRecordView } from '../people.contract.ts';
import { useI18n } from './i18n.ts';

export function PersonTags({ tags, derived }: { tags: readonly string[]; derived: PersonRecordView['derivedTags'] }) {
  const { t, tx } = useI18n();
  const why = new Map(derived.map((d) => [d.tag, d.reason]));
  return (
    <>
      {tags.map((g) =>
        why.has(g) ? (
          <Tooltip key={g} title={tx(why.get(g))}>
            <Tag color="purple" bordered={false} data-testid="derived-tag">
              {tx(g)} · {t('自动')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag key={g} color="geekblue" bordered={false}>
            {tx(g)}
          </Tag>
        ),
      )}
    </>
  );
}
