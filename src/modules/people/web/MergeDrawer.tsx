/**
 * 合并档案: two records of one person side by side. Staff choose which record is kept (保留: its
 * ID number and union stay) and, field by field where the two differ, whose value the kept record
 * takes. Tags are joined; the other record's related rows move to the kept one; an administrator
 * can undo the merge.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Drawer, Flex, Form, Input, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { MERGEABLE_FIELDS, MergeInput, type PersonView } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { useMerge, usePerson, type MergeableField, type Take } from './people.api.ts';
import { FIELD_LABELS, MEMBERSHIP_COLORS, fieldText, membershipLabel, sexLabel } from './personLabels.ts';

type Side = 'a' | 'b';
const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

interface Props {
  open: boolean;
  aId: number | null;
  bId: number | null;
  /** Set when the two come from the 疑似重复 queue. */
  pairId?: number;
  onClose: () => void;
}

/** The record to keep by default: the one with a membership, else the older one. */
function defaultSurvivor(a: PersonView, b: PersonView): Side {
  if (a.membership && !b.membership) return 'a';
  if (b.membership && !a.membership) return 'b';
  return a.createdAt <= b.createdAt ? 'a' : 'b';
}

export function MergeDrawer({ open, aId, bId, pairId, onClose }: Props) {
  const { t, tx, date } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const rule = useZodRule();
  const { showServerError } = useFormErrors();
  const [form] = Form.useForm<{ reason: string }>();
  const a = usePerson(open ? aId : null);
  const b = usePerson(open ? bId : null);
  const merge = useMerge();
  const [survivor, setSurvivor] = useState<Side | null>(null);
  const [choices, setChoices] = useState<Partial<Record<MergeableField, Side>>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setSurvivor(null);
    setChoices({});
    setError(null);
    form.resetFields();
  }, [open, aId, bId, form]);

  const people = useMemo(() => (a.data && b.data ? { a: a.data, b: b.data } : null), [a.data, b.data]);
  const kept: Side = survivor ?? (people ? defaultSurvivor(people.a, people.b) : 'a');

  const rows = useMemo(() => {
    if (!people) return [];
    return MERGEABLE_FIELDS.map((field) => {
      const va = fieldText(people.a, field);
      const vb = fieldText(people.b, field);
      return { field, va, vb, same: (va ?? '') === (vb ?? '') };
    });
  }, [people]);

  /** Whose value a field takes: the user's pick, else the kept record's unless it is blank. */
  const sideOf = (field: MergeableField, va: string | null, vb: string | null): Side => {
    const picked = choices[field];
    if (picked) return picked;
    const keptValue = kept === 'a' ? va : vb;
    return keptValue ? kept : (kept === 'a' ? vb : va) ? other(kept) : kept;
  };

  const differing = rows.filter((r) => !r.same);

  const submit = async () => {
    if (!people) return;
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    const take: Take = {};
    for (const r of differing) take[r.field] = sideOf(r.field, r.va, r.vb) === kept ? 'survivor' : 'merged';
    const survivorP = people[kept];
    const mergedP = people[other(kept)];
    modal.confirm({
      title: t('确认合并这两份档案？'),
      content: t('{merged}（{mid}）的档案将并入 {survivor}（{sid}），其关联记录一并迁移；如有误，管理员可撤销合并。', {
        merged: tx(mergedP.name),
        mid: mergedP.idMasked,
        survivor: tx(survivorP.name),
        sid: survivorP.idMasked,
      }),
      okText: t('确认合并'),
      cancelText: t('取消'),
      onOk: () =>
        merge
          .mutateAsync({ pairId, survivorId: survivorP.id, mergedId: mergedP.id, take, reason })
          .then((r) => {
            message.success(t('合并完成，迁移关联记录 {n} 条', { n: r.movedReferences }), 5);
            onClose();
            void navigate(`/people/${r.survivorId}`);
          })
          .catch((err: unknown) => showServerError(err, form, { onMessage: setError })),
    });
  };

  const head = (side: Side, p: PersonView) => {
    const isKept = kept === side;
    return (
      <Card
        size="small"
        style={{ height: '100%', borderColor: isKept ? '#1668dc' : undefined, background: isKept ? '#f0f6ff' : undefined }}
        data-testid={`merge-record-${side}`}
      >
        <Flex justify="space-between" align="start" gap={8}>
          <Flex vertical gap={2}>
            <Typography.Text type="secondary">{side === 'a' ? t('记录 A') : t('记录 B')}</Typography.Text>
            <Space size={6} wrap>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {tx(p.name)}
              </Typography.Text>
              <Tag bordered={false}>{t(sexLabel(p.sex))}</Tag>
              {p.membership ? <Tag color={MEMBERSHIP_COLORS[p.membership.state]}>{t(membershipLabel(p.membership.state))}</Tag> : <Tag>{t('非会员')}</Tag>}
            </Space>
          </Flex>
          <Radio checked={isKept} onChange={() => setSurvivor(side)} data-testid={`merge-keep-${side}`}>
            {t('保留此档案')}
          </Radio>
        </Flex>
        <Flex vertical gap={2} style={{ marginTop: 8, fontSize: 13 }}>
          <span>
            {t('证件号码')}：<span style={{ fontFamily: 'monospace' }}>{p.idMasked}</span>
          </span>
          <span>
            {t('出生日期')}：{date(p.birthDate)}
          </span>
          <span>
            {t('所属工会')}：{tx(p.orgName)}
          </span>
          <span>
            {t('会员编号')}：{p.membership?.memberNo ?? '—'}
          </span>
          <span>
            {t('建档时间')}：{date(p.createdAt)}
          </span>
          <Typography.Link href={`/people/${p.id}`} target="_blank" style={{ fontSize: 12 }}>
            {t('在新窗口查看档案')}
          </Typography.Link>
        </Flex>
      </Card>
    );
  };

  const cell = (row: (typeof rows)[number], side: Side): ReactNode => {
    const v = side === 'a' ? row.va : row.vb;
    const shown = v ? tx(v) : <Typography.Text type="secondary">{t('（空）')}</Typography.Text>;
    if (row.same) return <Typography.Text type="secondary">{shown}</Typography.Text>;
    return (
      <Radio
        checked={sideOf(row.field, row.va, row.vb) === side}
        onChange={() => setChoices((c) => ({ ...c, [row.field]: side }))}
        data-testid={`take-${row.field}-${side}`}
      >
        {shown}
      </Radio>
    );
  };

  const body = () => {
    if (a.error || b.error) return <LoadError error={a.error ?? b.error} />;
    if (!people) return <Loading />;
    const tags = [...new Set([...people.a.tags, ...people.b.tags])];
    return (
      <Flex vertical gap={16}>
        <Alert
          type="info"
          showIcon
          title={t('选择保留哪一份档案，再逐项选择两份记录不一致的信息保留哪一份的值')}
          description={t('保留的档案沿用其证件号码和所属工会；另一份档案的会籍及各项业务记录迁移到保留的档案，原档案标记为已合并。')}
        />
        {people.a.membership && people.b.membership && (
          <Alert
            type="warning"
            showIcon
            title={t('两份档案都已入会：合并后沿用保留档案的会籍（会员编号 {no}），另一份的会籍不再使用。', { no: people[kept].membership?.memberNo ?? '' })}
          />
        )}
        <Row gutter={16}>
          <Col span={12}>{head('a', people.a)}</Col>
          <Col span={12}>{head('b', people.b)}</Col>
        </Row>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="field"
          dataSource={rows}
          rowClassName={(r) => (r.same ? '' : 'nj-diff-changed')}
          columns={[
            { title: t('信息项'), dataIndex: 'field', width: 180, render: (f: MergeableField) => t(FIELD_LABELS[f]) },
            { title: t('记录 A'), key: 'a', width: 300, render: (_: unknown, r) => cell(r, 'a') },
            { title: t('记录 B'), key: 'b', width: 300, render: (_: unknown, r) => cell(r, 'b') },
            {
              title: t('合并后'),
              key: 'result',
              render: (_: unknown, r) => {
                const v = sideOf(r.field, r.va, r.vb) === 'a' ? r.va : r.vb;
                return v ? <Typography.Text strong={!r.same}>{tx(v)}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>;
              },
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('标签')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} colSpan={2}>
                <Typography.Text type="secondary">{t('两份记录的标签合并保留')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3}>
                {tags.length ? tags.map((g) => <Tag key={g}>{tx(g)}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
        <Typography.Text type="secondary">
          {differing.length ? t('共 {n} 项信息不一致（已标出），其余相同的信息以灰色显示。', { n: differing.length }) : t('两份记录的可合并信息完全相同。')}
        </Typography.Text>
        {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      </Flex>
    );
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={1040}
      title={
        <Space>
          <MergeCellsOutlined />
          {t('合并档案')}
        </Space>
      }
      forceRender
      footer={
        <Form form={form} name="merge" layout="inline" style={{ width: '100%', flexWrap: 'nowrap' }}>
          <Form.Item name="reason" label={t('合并原因')} required rules={[rule(MergeInput.shape.reason)]} style={{ flex: 1 }}>
            <Input maxLength={100} placeholder={t('如：同一人重复登记，证件号码录入有误')} />
          </Form.Item>
          <Space>
            <Button onClick={onClose}>{t('取消')}</Button>
            <Button type="primary" disabled={!people} loading={merge.isPending} onClick={submit} data-testid="merge-confirm">
              {t('确认合并')}
            </Button>
          </Space>
        </Form>
      }
    >
      {open ? body() : null}
    </Drawer>
  );
}
