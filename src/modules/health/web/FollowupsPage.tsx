/** 异常随访: follow-up tasks for abnormal check-up findings, reminders to the worker, closing with a note. */
import { useState } from 'react';
import { Button, Input, Modal, Segmented, Space, Table, Tag } from 'antd';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { FOLLOWUP_STATUS_LABELS, type FollowupRow } from '../health.contract.ts';
import { useFollowupDone, useFollowups, useRemind } from './health.api.ts';
import { useI18n } from './i18n.ts';

export function FollowupsPage() {
  const { t, tx } = useI18n();
  const [status, setStatus] = useState<string>('open');
  const list = useFollowups(status === 'all' ? undefined : status, true);
  const remind = useRemind();
  const done = useFollowupDone();
  const [closing, setClosing] = useState<FollowupRow>();
  const [note, setNote] = useState('');
  return (
    <Page title={t('异常随访')} subTitle={t('体检结果异常的职工：提醒复查，记录随访情况（每次查看均留痕）')}>
      <Segmented
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={[
          { value: 'open', label: t('待随访') },
          { value: 'done', label: t('已随访') },
          { value: 'all', label: t('全部') },
        ]}
        style={{ marginBottom: 16 }}
      />
      {list.isError ? <LoadError error={list.error} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('所属工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('体检项目'), dataIndex: 'programmeTitle', render: (v: string) => tx(v) },
          { title: t('异常项目'), dataIndex: 'findings', render: (v: string) => tx(v) },
          { title: t('随访期限'), dataIndex: 'dueOn' },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (v: keyof typeof FOLLOWUP_STATUS_LABELS) => <Tag color={v === 'open' ? 'orange' : 'green'}>{tx(FOLLOWUP_STATUS_LABELS[v])}</Tag>,
          },
          { title: t('随访情况'), dataIndex: 'note', render: (v: string) => tx(v) },
          {
            title: t('操作'),
            key: 'op',
            render: (_: unknown, f: FollowupRow) =>
              f.status === 'open' ? (
                <Space>
                  <Button size="small" onClick={() => remind.mutate(f.id)}>
                    {t('提醒复查')}
                  </Button>
                  <Button size="small" type="primary" onClick={() => (setClosing(f), setNote(''))}>
                    {t('完成随访')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
        data-testid="health-followups"
      />
      <Modal
        open={!!closing}
        title={t('完成随访')}
        onCancel={() => setClosing(undefined)}
        okButtonProps={{ disabled: !note.trim() }}
        confirmLoading={done.isPending}
        onOk={() => closing && done.mutateAsync({ id: closing.id, note }).then(() => setClosing(undefined))}
      >
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('随访情况')} />
      </Modal>
    </Page>
  );
}
