/** 库存调拨: stock of a tier moved from one point to another point of the same campaign. */
import { App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useFormErrors } from '../../../web/components/forms.ts';
import { useI18n } from './i18n.ts';
import { useMoveStock, type PointView } from './campaigns.api.ts';

interface MoveValues {
  toPointId?: number;
  packageId?: number;
  quantity?: number | null;
  reason?: string;
}

export function StockMoveModal({ from, points, onClose }: { from: PointView | null; points: PointView[]; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const { showServerError } = useFormErrors();
  const move = useMoveStock();
  const [form] = Form.useForm<MoveValues>();
  const packageId = Form.useWatch('packageId', form);
  const left = from?.stock.find((s) => s.packageId === packageId);
  // Only a point that counts the tier's stock can take more of it.
  const targets = points.filter((p) => p.id !== from?.id && (!packageId || p.stock.some((s) => s.packageId === packageId)));

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !from) return;
    try {
      await move.mutateAsync({ pointId: from.id, toPointId: v.toPointId!, packageId: v.packageId!, quantity: v.quantity ?? 0, reason: v.reason || null });
      message.success(t('库存已调拨'));
      onClose();
    } catch (err) {
      showServerError(err, form);
    }
  };

  return (
    <Modal
      open={!!from}
      title={from ? t('库存调拨：{name}', { name: tx(from.name) }) : ''}
      okText={t('调拨')}
      cancelText={t('取消')}
      onOk={submit}
      confirmLoading={move.isPending}
      onCancel={onClose}
      afterOpenChange={(o) => o && form.resetFields()}
      destroyOnHidden
      data-testid="stock-move"
    >
      <Form form={form} layout="vertical" name="stockMove" style={{ marginTop: 16 }}>
        <Form.Item name="packageId" label={t('慰问档次')} rules={[{ required: true, message: t('请选择慰问档次') }]}>
          <Select
            options={(from?.stock ?? []).map((s) => ({
              value: s.packageId,
              label: `${tx(s.packageName)}（${t('尚余 {n} 份', { n: s.quantity - s.issued })}）`,
            }))}
            data-testid="move-package"
          />
        </Form.Item>
        <Form.Item name="toPointId" label={t('调入发放点')} rules={[{ required: true, message: t('请选择调入发放点') }]}>
          <Select options={targets.map((p) => ({ value: p.id, label: tx(p.name) }))} data-testid="move-to" />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('调拨数量')}
          rules={[{ required: true, message: t('请填写调拨数量') }]}
          extra={left ? <Typography.Text type="secondary">{t('最多 {n} 份（已发出的不能调出）', { n: left.quantity - left.issued })}</Typography.Text> : null}
        >
          <InputNumber min={1} max={left ? Math.max(1, left.quantity - left.issued) : undefined} precision={0} style={{ width: '100%' }} suffix={t('份')} />
        </Form.Item>
        <Form.Item name="reason" label={t('调拨原因')}>
          <Input maxLength={200} placeholder={t('如：调入点领取人多，库存不足')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
