/**
 * Recording honours: a new model worker (a person picked from 职工档案, with their first honour),
 * another honour or a correction of one, and revoking one with the reason. The forms are checked
 * with the contract's rules before they are sent; the server's answer lands at its field.
 */
import { DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useDialogForm } from '../../../web/components/forms.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { chinaToday } from '../../../shared/dates.ts';
import { id, type z } from '../../../shared/contract.ts';
import { HONOUR_LEVELS, HONOUR_LEVEL_LABELS, HonourInput, RevokeHonourInput, type HonourView } from '../modelworkers.contract.ts';
import { useAddHonourFor, useRevokeHonour, useUpdateHonour } from './modelworkers.api.ts';
import { useI18n } from './i18n.ts';

const thisYear = () => Number(chinaToday().slice(0, 4));

/** The fields of an honour (level, year, awarding body, certificate, benefits, note). */
export function HonourFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="level" label={t('荣誉等级')} rules={[{ required: true, message: t('请选择荣誉等级') }]}>
        <Select options={HONOUR_LEVELS.map((l) => ({ value: l, label: t(HONOUR_LEVEL_LABELS[l]) }))} data-testid="honour-level" />
      </Form.Item>
      <Form.Item name="year" label={t('授予年份')} rules={[{ required: true, message: t('请填写授予年份') }]}>
        <InputNumber min={1950} max={thisYear()} precision={0} style={{ width: 160 }} data-testid="honour-year" />
      </Form.Item>
      <Form.Item name="awardingBody" label={t('授予机关')} rules={[{ required: true, message: t('请填写授予机关') }]}>
        <Input maxLength={60} placeholder={t('如：中共中央、国务院')} />
      </Form.Item>
      <Form.Item name="certificateNo" label={t('证书编号')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="withBenefits" label={t('享受劳模待遇')} valuePropName="checked" tooltip={t('享受待遇的荣誉按等级发放荣誉津贴和生活补助')}>
        <Switch />
      </Form.Item>
      <Form.Item name="note" label={t('备注')}>
        <Input maxLength={200} />
      </Form.Item>
    </>
  );
}

const NEW_HONOUR = { level: 'national_model', withBenefits: true };
const NewModelWorker = HonourInput.extend({ personId: id('职工') });

/** 登记劳模: a person of the registry and their first (or another) honour; then their page. */
export function AddModelWorkerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const save = useAddHonourFor();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => NEW_HONOUR,
    schema: NewModelWorker,
    save: {
      isPending: save.isPending,
      mutateAsync: async (body: z.output<typeof NewModelWorker>) => navigate(`/modelworkers/${(await save.mutateAsync(body)).id}`),
    },
    onClose,
  });
  return (
    <Modal
      open={open}
      title={t('登记劳模')}
      okText={t('登记')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'honour-save' } as ButtonProps}
    >
      <Form form={form} name="mw_add" layout="vertical">
        <Form.Item name="personId" label={t('职工')} rules={[{ required: true, message: t('请选择职工') }]}>
          <PersonPicker />
        </Form.Item>
        <HonourFields />
      </Form>
    </Modal>
  );
}

/** Another honour of a model worker, or a correction of one (`honour` given). */
export function HonourModal({ personId, honour, open, onClose }: { personId: number; honour: HonourView | null; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const add = useAddHonourFor();
  const update = useUpdateHonour(personId, honour?.id ?? null);
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => (honour ? { ...honour } : NEW_HONOUR),
    schema: HonourInput,
    save: honour ? update : { isPending: add.isPending, mutateAsync: (body: HonourInput) => add.mutateAsync({ ...body, personId }) },
    onClose,
  });
  return (
    <Modal
      open={open}
      title={honour ? t('更正荣誉') : t('登记荣誉')}
      okText={t('保存')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'honour-save' } as ButtonProps}
    >
      <Form form={form} name="mw_honour" layout="vertical">
        <HonourFields />
      </Form>
    </Modal>
  );
}

/** 撤销荣誉: the day and the reason; the honour stays in the history. */
export function RevokeHonourModal({ personId, honour, onClose }: { personId: number; honour: HonourView | null; onClose: () => void }) {
  const { t } = useI18n();
  const { form, submit, saving } = useDialogForm({
    open: honour !== null,
    initial: () => ({ revokedOn: dayjs(chinaToday()) }),
    schema: RevokeHonourInput,
    save: useRevokeHonour(personId, honour?.id ?? null),
    onClose,
    toBody: (v) => ({ ...v, revokedOn: (v.revokedOn as Dayjs | undefined)?.format('YYYY-MM-DD') }),
  });
  return (
    <Modal
      open={honour !== null}
      title={t('撤销该荣誉')}
      okText={t('撤销荣誉称号')}
      okButtonProps={{ danger: true }}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="mw_revoke" layout="vertical">
        <Form.Item name="revokedOn" label={t('撤销日期')} rules={[{ required: true, message: t('请选择撤销日期') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label={t('撤销理由')} rules={[{ required: true, message: t('请填写撤销理由') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('如：被撤销荣誉称号，或录入错误')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
