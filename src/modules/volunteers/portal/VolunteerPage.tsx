/**
 * 志愿服务 on the phone: a worker not yet a volunteer joins (skills, when they can give time, a few
 * words); a volunteer sees their service time and teams, the shifts open to them (报名 / 取消报名),
 * their service records with 申请补录 for a shift they served without scanning, and the orders
 * dispatched to their teams (接单, then 完成服务 with the time served). Inline panels only, no
 * pop-ups; every status is said in words.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Selector } from 'antd-mobile';
import { AVAILABILITY, AVAILABILITY_LABELS, SERVICE_KIND_LABELS, SKILLS, SKILL_LABELS, type Availability, type Skill } from '../volunteers.contract.ts';
import { useJoin, useMyVolunteer, useShiftStep, type MyShift, type MyVolunteer } from './volunteers.api.ts';
import { useI18n } from './i18n.ts';
import { Actions, Badge, chinaClock, Failed, field, heading, Hours, Loading, messagesOf, note, panel, Problem } from './parts.tsx';
import { Records, Tasks } from './TimeParts.tsx';

const linkCard = { ...panel, display: 'flex', alignItems: 'center', justifyContent: 'space-between', color: '#1a1a1a', textDecoration: 'none' } as const;

function JoinForm() {
  const { t } = useI18n();
  const join = useJoin();
  const [skills, setSkills] = useState<Skill[]>([]);
  const [availability, setAvailability] = useState<Availability[]>([]);
  const [intro, setIntro] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      await join.mutateAsync({ skills, availability, intro: intro.trim() || null });
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="volunteer-join">
      <h2 style={{ fontSize: '1.1em', margin: 0 }}>{t('登记成为志愿者')}</h2>
      <p style={note}>{t('用您的所长服务职工：登记后可以报名工会的志愿服务班次，服务时长按扫码签到签退记录，可以申请开具志愿服务记录证明。')}</p>
      <p id="vj-skills" style={{ margin: '12px 0 4px' }}>
        {t('我能提供的服务（可多选）')}
      </p>
      <div aria-labelledby="vj-skills" role="group">
        <Selector
          multiple
          columns={2}
          value={skills}
          onChange={(v) => setSkills(v as Skill[])}
          options={SKILLS.map((s) => ({ value: s, label: t(SKILL_LABELS[s]) }))}
          data-testid="join-skills"
        />
      </div>
      <p id="vj-availability" style={{ margin: '12px 0 4px' }}>
        {t('可服务时间（可多选）')}
      </p>
      <div aria-labelledby="vj-availability" role="group">
        <Selector
          multiple
          columns={1}
          value={availability}
          onChange={(v) => setAvailability(v as Availability[])}
          options={AVAILABILITY.map((a) => ({ value: a, label: t(AVAILABILITY_LABELS[a]) }))}
          data-testid="join-availability"
        />
      </div>
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('个人简介（选填）')}
        <textarea
          className="nj-tap"
          rows={3}
          maxLength={300}
          value={intro}
          onChange={(e) => setIntro(e.target.value)}
          placeholder={t('例如：从事律师工作十年，熟悉劳动争议')}
          style={{ ...field, marginTop: 4 }}
          data-testid="join-intro"
        />
      </label>
      <Problem message={problem} />
      <Button block color="primary" size="large" loading={join.isPending} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="join-submit">
        {t('登记成为志愿者')}
      </Button>
    </section>
  );
}

function Summary({ me }: { me: NonNullable<MyVolunteer['volunteer']> }) {
  const { t, tx } = useI18n();
  return (
    <section style={panel} data-testid="volunteer-summary">
      <p style={{ margin: 0, color: '#555' }}>{t('我的志愿服务时长')}</p>
      <p style={{ margin: '4px 0', fontSize: '1.6em', fontWeight: 700, color: '#8c0a1f' }} data-testid="volunteer-minutes">
        <Hours minutes={me.minutes} />
      </p>
      <p style={note}>{t('只计有效时长；补录的时长经工会审核后计入。')}</p>
      <p style={{ margin: '8px 0 0' }}>
        {t('所属工会')}：{tx(me.org.name)}
      </p>
      <p style={{ margin: '4px 0 0' }} data-testid="volunteer-teams">
        {t('所在服务队')}：{me.teams.length ? me.teams.map((tm) => tx(tm.name)).join('、') : t('还没有加入服务队')}
      </p>
    </section>
  );
}

function ShiftCard({ s }: { s: MyShift }) {
  const { t, tx, dateTime } = useI18n();
  const step = useShiftStep();
  const [problem, setProblem] = useState<string | null>(null);
  const started = new Date(s.startsAt).getTime() <= Date.now();
  const full = s.signedUp >= s.capacity;
  const run = async (what: 'signup' | 'cancel') => {
    setProblem(null);
    try {
      await step.mutateAsync({ id: s.id, step: what });
    } catch (err) {
      setProblem(messagesOf(err));
    }
  };
  return (
    <section style={panel} data-testid="shift-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <strong style={{ fontSize: '1.1em' }} data-testid="shift-project">
          {tx(s.project.name)}
        </strong>
        {s.mine ? (
          <Badge tone="#135200" testId="shift-mine">
            {t('已报名')}
          </Badge>
        ) : null}
      </div>
      <p style={note}>
        {t(SERVICE_KIND_LABELS[s.project.kind])} · {tx(s.place ?? s.project.place)}
      </p>
      <p style={{ margin: '4px 0 0' }} data-testid="shift-time">
        {dateTime(s.startsAt)} – {chinaClock(s.endsAt)}
        {started ? ` · ${t('进行中')}` : ''}
      </p>
      <p style={{ margin: '4px 0 0' }} data-testid="shift-count">
        {t('已报名 {n} / {m} 人', { n: s.signedUp, m: s.capacity })}
      </p>
      <Problem message={problem} />
      {s.mine ? (
        started ? (
          <p style={note}>{t('到服务现场扫描签到二维码签到，结束时再扫一次签退。')}</p>
        ) : (
          <Actions>
            <Button style={{ flex: 1 }} loading={step.isPending} onClick={() => void run('cancel')} data-testid="shift-cancel">
              {t('取消报名')}
            </Button>
          </Actions>
        )
      ) : (
        <Actions>
          <Button color="primary" style={{ flex: 1 }} disabled={full} loading={step.isPending} onClick={() => void run('signup')} data-testid="shift-signup">
            {full ? t('名额已满') : t('报名')}
          </Button>
        </Actions>
      )}
    </section>
  );
}

export function VolunteerPage() {
  const { t } = useI18n();
  const q = useMyVolunteer();
  if (q.isPending) return <Loading />;
  if (q.error) return <Failed title="志愿服务" error={q.error} />;
  const me = q.data;
  // Shifts I signed up for that ended lately come too, for 申请补录; only those not over are offered here.
  const open = me.shifts.filter((s) => new Date(s.endsAt).getTime() > Date.now());
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('志愿服务')}</h1>
      {me.volunteer ? <Summary me={me.volunteer} /> : <JoinForm />}
      <Link to="/volunteers/orders" className="nj-tap" style={linkCard} data-testid="to-orders">
        <span>{t('群众点单：我需要志愿服务')}</span>
        <span aria-hidden="true">›</span>
      </Link>
      {me.volunteer ? (
        <>
          <Tasks tasks={me.tasks} />
          <h2 style={heading}>{t('可报名的班次')}</h2>
          {open.length === 0 ? <p style={{ margin: '0 4px', color: '#555' }}>{t('目前没有可以报名的班次')}</p> : null}
          {open.map((s) => (
            <ShiftCard key={s.id} s={s} />
          ))}
          <Records records={me.records} shifts={me.shifts} />
        </>
      ) : null}
    </div>
  );
}
