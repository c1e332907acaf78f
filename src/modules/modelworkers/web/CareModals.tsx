/**
 * A model worker's status change (在职 → 退休 → 去世, history kept), the care profile the priority
 * list reads (独居, 残疾或失能, 患病), and a care record (a visit, a check-up, a recuperation stay,
 * special hardship support linked to their hardship file).
 */
import { DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { fenToYuan, useDialogForm } from '../../../web/components/forms.ts';
import { toFen } from '../../../web/components/money.ts';
import { chinaToday } from '../../../shared/dates.ts';
import {
  CARE_KINDS,
  CARE_KIND_LABELS,
  CareInput,
  DISABILITIES,
  DISABILITY_LABELS,
  MW_STATUSES,
  MW_STATUS_LABELS,
  ProfileInput,
  StatusInput,
  type CareKind,
  type ModelWorkerView,
} from '../modelworkers.contract.ts';
import { useAddCare, useRecordStatus, useSetProfile } from './modelworkers.api.ts';
import { useI18n } from './i18n.ts';

const day = (v: unknown) => (v as Dayjs | undefined)?.format('YYYY-MM-DD');

export function StatusModal({ mw, open, onClose }: { mw: ModelWorkerView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ status: mw.status.status === 'working' ? 'retired' : 'deceased', since: dayjs(chinaToday()) }),
    schema: StatusInput,
    save: useRecordStatus(mw.id),
    onClose,
    toBody: (v) => ({ ...v, since: day(v.since) }),
  });
  return (
    <Modal open={open} title={t('登记状态变更')} okText={t('保存')} onOk={submit} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('状态变更保留历史；登记去世后，自下一个发放期间起停发津贴。')}</Typography.Paragraph>
      <Form form={form} name="mw_status" layout="vertical">
        <Form.Item name="status" label={t('状态')} rules={[{ required: true, message: t('请选择状态') }]}>
          <Radio.Group optionType="button" options={MW_STATUSES.map((s) => ({ value: s, label: t(MW_STATUS_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="since" label={t('变更日期')} rules={[{ required: true, message: t('请选择变更日期') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('说明')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ProfileModal({ mw, open, onClose }: { mw: ModelWorkerView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ livingAlone: mw.profile.livingAlone, disability: mw.profile.disability, illness: mw.profile.illness, note: mw.profile.note }),
    schema: ProfileInput,
    save: useSetProfile(mw.id),
    onClose,
  });
  return (
    <Modal open={open} title={t('关爱档案')} okText={t('保存')} onOk={submit} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Form form={form} name="mw_profile" layout="vertical">
        <Form.Item name="livingAlone" label={t('独居')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="disability" label={t('残疾或失能情况')}>
          <Radio.Group optionType="button" options={DISABILITIES.map((d) => ({ value: d, label: t(DISABILITY_LABELS[d]) }))} />
        </Form.Item>
        <Form.Item name="illness" label={t('患病情况')} tooltip={t('填写后列入重点关爱（患病）')}>
          <Input maxLength={100} placeholder={t('如：高血压、糖尿病')} />
        </Form.Item>
        <Form.Item name="note" label={t('照护说明')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A care record; `kind` preset (登记走访 from the priority list). */
export function CareModal({
  mw,
  personId,
  kind = 'home_visit',
  open,
  onClose,
}: {
  mw?: ModelWorkerView;
  personId: number;
  kind?: CareKind;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ kind, on: dayjs(chinaToday()) }),
    schema: CareInput,
    save: useAddCare(personId),
    onClose,
    toBody: (v) => ({ ...v, on: day(v.on), amountFen: toFen(v.amountYuan as number | null | undefined) ?? null, amountYuan: undefined }),
    rename: fenToYuan,
  });
  const chosen = Form.useWatch('kind', form) as CareKind | undefined;
  return (
    <Modal
      open={open}
      title={t('登记关爱记录')}
      okText={t('保存')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'care-save' } as ButtonProps}
    >
      <Form form={form} name="mw_care" layout="vertical">
        <Form.Item name="kind" label={t('关爱类型')} rules={[{ required: true, message: t('请选择关爱类型') }]}>
          <Select options={CARE_KINDS.map((k) => ({ value: k, label: t(CARE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="on" label={t('日期')} rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker />
        </Form.Item>
        {chosen === 'hardship_support' ? (
          <Form.Item name="hardshipCaseId" label={t('困难职工档案')} rules={[{ required: true, message: t('请选择困难职工档案') }]}>
            <Select
              options={(mw?.hardshipCases ?? []).map((c) => ({ value: c.id, label: c.caseNo }))}
              notFoundContent={t('该职工没有困难职工档案')}
              placeholder={t('帮扶金额记在困难职工档案中')}
            />
          </Form.Item>
        ) : (
          <Form.Item name="amountYuan" label={t('慰问金额（元）')}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('地点')}>
          <Input maxLength={100} placeholder={t('如：家中、医院、疗休养地')} />
        </Form.Item>
        <Form.Item name="visitors" label={t('慰问人')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="detail" label={t('情况记录')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
