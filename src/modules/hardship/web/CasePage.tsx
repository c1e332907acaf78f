/**
 * 困难职工档案: the category with the sentence that explains it, the household, the causes, the
 * audited view of finances and bank details, the lifecycle (buttons from the server's `can`), the
 * timeline, and the assistance records ("先建档、后帮扶"). Each panel is in its own file.
 */
import { useState } from 'react';
import { Col, Row } from 'antd';
import { useI18n } from './i18n.ts';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { useCase, type CaseView, type Finances } from './hardship.api.ts';
import { CaseHeader } from './CaseHeader.tsx';
import { CaseFinances, CaseHousehold } from './CaseHousehold.tsx';
import { CaseAssistance, CaseAttachments, CaseTimeline } from './CaseRecords.tsx';
import { AssistanceModal } from './AssistanceModal.tsx';
import { FollowupModal } from './FollowupModal.tsx';
import { AttachmentModal } from './AttachmentModal.tsx';

export function CasePage() {
  const { t } = useI18n();
  const id = useRouteId();
  const one = useCase(id);
  return (
    <DetailLoader
      id={id}
      query={one}
      notFound={{
        title: t('没有找到该困难职工档案'),
        subTitle: t('档案不存在，或不在您的管辖范围内。'),
        back: { to: '/hardship', label: t('返回困难职工台账') },
      }}
    >
      {(c) => <CaseDetail c={c} />}
    </DetailLoader>
  );
}

function CaseDetail({ c }: { c: CaseView }) {
  // Revealed once (audited), then shown in both the members table and the finances panel.
  const [finances, setFinances] = useState<Finances | null>(null);
  const [assistOpen, setAssistOpen] = useState(false);
  const [followupOpen, setFollowupOpen] = useState(false);
  const [uploadOpen, setUploadOpen] = useState(false);

  return (
    <div className="nj-page">
      <CaseHeader c={c} onFollowUp={() => setFollowupOpen(true)} />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <CaseHousehold c={c} finances={finances} />
          <CaseFinances c={c} finances={finances} onRevealed={setFinances} />
          <CaseAssistance c={c} onAssist={() => setAssistOpen(true)} />
          <CaseAttachments c={c} onUpload={() => setUploadOpen(true)} />
        </Col>
        <Col xs={24} xl={9}>
          <CaseTimeline c={c} />
        </Col>
      </Row>

      {assistOpen ? <AssistanceModal caseId={c.id} onClose={() => setAssistOpen(false)} /> : null}
      {followupOpen ? <FollowupModal caseId={c.id} onClose={() => setFollowupOpen(false)} /> : null}
      {uploadOpen ? <AttachmentModal caseId={c.id} onClose={() => setUploadOpen(false)} /> : null}
    </div>
  );
}
