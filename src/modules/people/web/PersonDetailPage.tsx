/**
 * 职工全景: who the person is (ID number and phone masked, 查看 for a stated reason; tags, those that
 * follow from records marked 自动), then everything the union holds and did for them, section by
 * section (PersonRecord), then tabs 基本信息 / 会籍 / 变更历史, and the actions the server's `can`
 * flags allow: 编辑, 调转, 合并.
 */
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, App, Avatar, Button, Card, Descriptions, Flex, Form, Modal, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, ManOutlined, MergeCellsOutlined, SwapOutlined, WomanOutlined } from '@ant-design/icons';
import { TransferPersonInput, type PersonView } from '../people.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { TransferTargetSelect, type PickedUnion } from '../../orgs/web/TransferTargetSelect.tsx';
import { useChangeMembership, usePerson, usePersonRecord, useTransferPerson, type RevealField } from './people.api.ts';
import { MEMBERSHIP_COLORS, membershipLabel, sexLabel } from './personLabels.ts';
import { SensitiveValue } from './SensitiveValue.tsx';
import { PersonInfo } from './PersonInfo.tsx';
import { MembershipPanel } from './MembershipPanel.tsx';
import { PersonHistory } from './PersonHistory.tsx';
import { PersonFormModal } from './PersonFormModal.tsx';
import { ReasonModal } from './ReasonModal.tsx';
import { PersonPicker } from './PersonPicker.tsx';
import { MergeDrawer } from './MergeDrawer.tsx';
import { PersonRecord } from './PersonRecord.tsx';
import { PersonTags } from './PersonTags.tsx';

type Dialog = null | 'edit' | 'transfer' | 'pickMerge' | 'merge';

export function PersonDetailPage() {
  const { t } = useI18n();
  const personId = useRouteId();
  const person = usePerson(personId);
  return (
    <DetailLoader
      id={personId}
      query={person}
      notFound={{
        title: t('没有找到该职工档案'),
        subTitle: t('档案不存在、已合并到其他档案，或不在您的管辖范围内。'),
        back: { to: '/people', label: t('返回职工档案') },
      }}
    >
      {(p) => <PersonDetail key={p.id} person={p} reload={async () => (await person.refetch()).data} />}
    </DetailLoader>
  );
}

function PersonDetail({ person: p, reload }: { person: PersonView; reload: () => Promise<PersonView | undefined> }) {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const transfer = useTransferPerson();
  const changeMembership = useChangeMembership();
  const [dialog, setDialog] = useState<Dialog>(null);
  // 调转 to a union outside the subtree: the service refuses it; a member's 会籍转出 does it instead.
  const [target, setTarget] = useState<PickedUnion | undefined>();
  const targetRef = useRef<PickedUnion | undefined>(undefined);
  const pickTarget = (u: PickedUnion | undefined) => {
    targetRef.current = u;
    setTarget(u);
  };
  const [tab, setTab] = useState('info');
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string | null>>>({});
  const [mergeWith, setMergeWith] = useState<number | undefined>();
  const derivedTags = usePersonRecord(p.id).data?.derivedTags ?? [];

  // A revealed value belongs to this view of this version of the record only.
  useEffect(() => setRevealed({}), [p.version]);
  const setShown = (field: RevealField) => (v: string | null | undefined) =>
    setRevealed((r) => {
      const next = { ...r };
      if (v === undefined) delete next[field];
      else next[field] = v;
      return next;
    });

  const sensitive = (field: RevealField, plain = false) => (
    <SensitiveValue
      personId={p.id}
      field={field}
      masked={field === 'idNumber' ? p.idMasked : p.phoneMasked}
      canReveal={p.can.reveal}
      revealed={field in revealed ? revealed[field] : undefined}
      onRevealed={setShown(field)}
      plain={plain}
    />
  );

  const m = p.membership;
  const outside = target !== undefined && !target.inScope;

  return (
    <div className="nj-page">
      <Card variant="borderless" style={{ marginBottom: 16 }} data-testid="person-header">
        <Flex gap={16} align="flex-start">
          <Avatar
            size={56}
            style={{ background: p.sex === 'female' ? '#eb2f96' : '#1668dc', flex: 'none', fontSize: 24 }}
            icon={p.sex === 'female' ? <WomanOutlined /> : <ManOutlined />}
          />
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex justify="space-between" align="center" gap={16}>
              <Space size={8} align="center" wrap>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="person-name">
                  {tx(p.name)}
                </Typography.Title>
                <Typography.Text>
                  {t(sexLabel(p.sex))} · {t('{n} 岁', { n: p.age })}
                </Typography.Text>
                {m ? <Tag color={MEMBERSHIP_COLORS[m.state]}>{t(membershipLabel(m.state))}</Tag> : <Tag>{t('非会员')}</Tag>}
                <PersonTags tags={p.tags} derived={derivedTags} />
              </Space>
              <Space style={{ flex: 'none' }}>
                <Button icon={<ArrowLeftOutlined />} onClick={() => (location.key === 'default' ? navigate('/people') : navigate(-1))}>
                  {t('返回')}
                </Button>
                {p.can.edit && (
                  <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                    {t('编辑')}
                  </Button>
                )}
                {p.can.transfer && (
                  <Button icon={<SwapOutlined />} onClick={() => setDialog('transfer')}>
                    {t('调转')}
                  </Button>
                )}
                {p.can.merge && (
                  <Button icon={<MergeCellsOutlined />} onClick={() => setDialog('pickMerge')}>
                    {t('合并')}
                  </Button>
                )}
              </Space>
            </Flex>
            <Descriptions
              size="small"
              column={3}
              style={{ marginTop: 12 }}
              styles={{ label: { color: 'rgba(0,0,0,.45)' } }}
              items={[
                { key: 'id', label: t('证件号码'), children: sensitive('idNumber') },
                { key: 'phone', label: t('手机号'), children: sensitive('phone') },
                { key: 'birth', label: t('出生日期'), children: date(p.birthDate) },
                { key: 'org', label: t('所属工会'), children: tx(p.orgName) },
                { key: 'employer', label: t('工作单位'), children: p.employerName ? tx(p.employerName) : '—' },
                { key: 'no', label: t('会员编号'), children: m?.memberNo ?? '—' },
              ]}
            />
          </div>
        </Flex>
      </Card>
      <div style={{ marginBottom: 16 }}>
        <PersonRecord personId={p.id} />
      </div>
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'info', label: t('基本信息'), children: <PersonInfo person={p} idNumber={sensitive('idNumber', true)} phone={sensitive('phone', true)} /> },
            { key: 'membership', label: t('会籍'), children: <MembershipPanel person={p} /> },
            { key: 'history', label: t('变更历史'), children: tab === 'history' ? <PersonHistory personId={p.id} /> : null },
          ]}
        />
      </Card>

      <PersonFormModal mode="edit" open={dialog === 'edit'} person={p} derivedTags={derivedTags} onClose={() => setDialog(null)} onReload={reload} />
      <ReasonModal<{ reason: string; toOrgId: number }>
        name="transfer"
        open={dialog === 'transfer'}
        title={t('调转 · {name}', { name: tx(p.name) })}
        okText={outside ? t('确认转出') : t('确认调转')}
        reasonLabel="调转原因"
        reasonSchema={TransferPersonInput.shape.reason}
        presets={['工作调动', '单位变更', '所属工会调整']}
        intro={t('调到本级管辖的工会立即生效，会员的会籍随人调转；调往管辖范围以外的工会（如外地），会员办理会籍转出，对方工会接收后生效。')}
        onClose={() => {
          setDialog(null);
          pickTarget(undefined);
        }}
        onSubmit={async (v) => {
          if (outside) {
            await changeMembership.mutateAsync({ id: p.id, action: 'transfer_out', toOrgId: v.toOrgId, reason: v.reason });
            message.success(t('已转出，等待对方接收'));
            return;
          }
          try {
            await transfer.mutateAsync({ id: p.id, toOrgId: v.toOrgId, reason: v.reason, version: p.version });
          } catch (err) {
            if (err instanceof ApiError && err.status === 409) void reload();
            throw err;
          }
        }}
      >
        <Form.Item label={t('当前所属工会')}>
          <Typography.Text>{tx(p.orgName)}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="toOrgId"
          label={t('调入工会')}
          required
          rules={[
            { required: true, message: t('请选择调入工会') },
            {
              // Read through the ref: the rule runs in the same change as the pick, before a re-render.
              validator: () => {
                const u = targetRef.current;
                if (!u || u.inScope || m?.state === 'member') return Promise.resolve();
                return Promise.reject(
                  new Error(
                    m?.state === 'transferring'
                      ? t('该职工的会籍正在转出中，请等对方接收或拒收后再办理')
                      : t('非会员不能调往管辖范围以外的工会，请由双方共同的上级工会办理调转'),
                  ),
                );
              },
            },
          ]}
        >
          <TransferTargetSelect defaultMode="tree" currentOrgId={p.orgId} placeholder={t('请选择调入工会')} onPick={pickTarget} />
        </Form.Item>
        {outside && m?.state === 'member' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('{org} 不在本级管辖范围内，将办理会籍转出', { org: tx(target.name ?? '') })}
            description={t('转出后会籍状态为“转出中”；对方工会接收后，档案与会籍一并转入，对方拒收则仍为本会会员。')}
            data-testid="transfer-outside"
          />
        )}
      </ReasonModal>
      <Modal
        open={dialog === 'pickMerge'}
        title={t('合并档案 · 选择另一份档案')}
        okText={t('下一步')}
        cancelText={t('取消')}
        okButtonProps={{ disabled: !mergeWith }}
        onCancel={() => setDialog(null)}
        onOk={() => setDialog('merge')}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('查找与 {name} 为同一人的另一份档案；下一步逐项选择保留哪份信息。', { name: tx(p.name) })}
        </Typography.Paragraph>
        <PersonPicker value={mergeWith} onChange={(v) => setMergeWith(v)} exclude={[p.id]} />
      </Modal>
      <MergeDrawer open={dialog === 'merge'} aId={p.id} bId={mergeWith ?? null} onClose={() => setDialog(null)} />
    </div>
  );
}
