/** 移动: pick a new parent from the lazy tree; only parents that may hold this type can be chosen. */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Modal, Typography } from 'antd';
import { ApiError } from '../../../web/http.ts';
import { canContain, MoveOrgInput, ORG_TYPE_LABELS, type OrgDetail } from '../orgs.contract.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useMoveOrg } from './orgs.api.ts';

export function MoveOrgModal({ org, open, onClose, onMoved }: { org: OrgDetail; open: boolean; onClose: () => void; onMoved?: (o: OrgDetail) => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parentId?: number }>();
  const move = useMoveOrg();
  const { check, showServerError } = useFormErrors();
  const [parentId, setParentId] = useState<number | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setParentId(undefined);
      setProblem(null);
    }
  }, [open, form]);

  const submit = () => {
    const input = check(MoveOrgInput, form.getFieldsValue(), form);
    if (!input) return;
    move.mutate(
      { id: org.id, parentId: input.parentId },
      {
        onSuccess: (o) => {
          message.success(t('已移动 {name}', { name: tx(o.name) }));
          onMoved?.(o);
          onClose();
        },
        onError: (err) => {
          // A rule about the org itself (its division, its type) has no field here: say it in the dialog.
          if (err instanceof ApiError && err.status < 500 && !err.fields.some((f) => f.field === 'parentId')) setProblem(err.message);
          else showServerError(err, form);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('移动组织')}
      onCancel={onClose}
      onOk={submit}
      okText={t('确认移动')}
      cancelText={t('取消')}
      okButtonProps={{ disabled: !parentId }}
      confirmLoading={move.isPending}
      forceRender
      width={600}
    >
      <Alert
        type="info"
        showIcon
        style={{ margin: '12px 0 16px' }}
        title={
          org.descendantCount > 0
            ? t('「{name}」将连同其下 {n} 个组织一起移动', { name: tx(org.name), n: org.descendantCount })
            : t('将「{name}」移至新的上级组织之下', { name: tx(org.name) })
        }
        description={
          <>
            <div>{t('只能选择可以设立「{type}」的组织；本组织及其下级、已停用的组织不可选。', { type: t(ORG_TYPE_LABELS[org.type]) })}</div>
            <div>
              {t(
                '移动后，其会员、慰问名单与发放记录、帮扶档案即归新的上级查看和办理，原上级不再可见；进行中的慰问活动的名额和尚未发放的预算随同转移，已发放的金额仍记在原支付单位。',
              )}
            </div>
          </>
        }
      />
      <Form form={form} name="orgMove" layout="vertical">
        <Form.Item name="parentId" label={t('新的上级组织')} required>
          <OrgTreeSelect
            placeholder={t('请选择新的上级组织')}
            onChange={(v) => {
              setParentId(v);
              setProblem(null);
            }}
            disabledNode={(n) => n.id === org.id || n.id === org.parentId || n.status !== 'active' || !canContain(n.type, org.type)}
            leafNode={(n) => n.id === org.id}
          />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={tx(problem)} style={{ marginBottom: 12 }} data-testid="move-error" />}
        {org.trail.length >= 2 && (
          <Typography.Text type="secondary">{t('当前上级：{name}', { name: tx(org.trail[org.trail.length - 2]!.name) })}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
