import { englandCalendar } from '../../src/case-review/working-days.js';
import { todayInEngland } from '../../src/case-review/case-calendar.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { APPLICANT, application, plantRepeatReports, signInEveryone, type Who } from './case-review-support.js';

const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('ASB case review through HTTP: application → threshold → decision → review and case pack → outcome → figures', () => {
  let hub: TestHub;
  let t: Record<Who, string>;
  let agreementId: string;
  let caseId: string;
  const calendar = englandCalendar();
  const today = todayInEngland();

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    await plantRepeatReports(hub);
    ({ t } = await signInEveryone(hub));
    const agreement = await as('imb').post('/api/governance/agreements', {
      title: 'Portsmouth ASB information sharing agreement',
      purpose: 'ASB case reviews and repeat victims in Portsmouth',
      lawfulBasis: 'Crime and Disorder Act 1998 s115; Anti-social Behaviour, Crime and Policing Act 2014 s104',
      parties: ['portsmouth', 'solent-housing', 'hiow-constabulary', 'opcc'],
      datasets: ['portsmouth-asb-cases', 'solent-housing-asb'],
      startsAt: new Date(Date.now() - DAY).toISOString(),
      reviewAt: future(180),
      endsAt: future(365),
    });
    expect(agreement.status).toBe(201);
    agreementId = agreement.body.id;
  });
  afterAll(() => hub?.close());

  function as(who: Who) {
    const auth = (r: ReturnType<ReturnType<TestHub['http']>['get']>) => r.set('Authorization', `Bearer ${t[who]}`);
    return {
      get: (url: string) => auth(hub.http().get(url)),
      post: (url: string, body: object = {}) => auth(hub.http().post(url)).send(body),
    };
  }
  const audited = async (action: string) =>
    (await hub.dataSource.query(`SELECT actor_email, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, caseId])) as { actor_email: string; details: Record<string, unknown> }[];

  it('records an application with the personal details sealed, visible to the review members only', async () => {
    expect((await as('outsider').post('/api/case-reviews', application())).status).toBe(403);
    const bad = await as('officer').post('/api/case-reviews', application({ incidents: [], districtCode: 'E99999999' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/incident/);
    const res = await as('officer').post('/api/case-reviews', application()).expect(201);
    caseId = res.body.id;
    expect(res.body).toMatchObject({ reference: expect.stringMatching(/^ASB-\d{4}-\d{4}$/), status: 'received', chair: true, personal: { applicant: { name: APPLICANT.name } } });
    expect(res.body.deadlines[0]).toMatchObject({ step: 'decide', dueOn: calendar.addWorkingDays(today, 10) });
    const [stored] = await hub.dataSource.query(`SELECT * FROM case_reviews WHERE id = $1`, [caseId]);
    const everything = JSON.stringify(stored);
    for (const secret of ['Müller', 'Muller', APPLICANT.phone, APPLICANT.email, 'Commercial', '1991-11-30', 'banging']) expect(everything).not.toContain(secret);
    // Another officer sees the case but not who applied; a user of an agency not in it does not see it.
    const other = await as('winchesterOfficer').get(`/api/case-reviews/${caseId}`).expect(200);
    expect(other.body.personal).toBeNull();
    expect((await as('outsider').get(`/api/case-reviews/${caseId}`)).status).toBe(404);
    expect((await as('outsider').get('/api/case-reviews').expect(200)).body).toEqual([]);
  });

  it("checks the threshold against both partners' data by the pseudonymous keys, with the rule that decided", async () => {
    expect((await as('housingMember').post(`/api/case-reviews/${caseId}/threshold-check`)).status).toBe(403);
    const res = await as('officer').post(`/api/case-reviews/${caseId}/threshold-check`).expect(200);
    expect(res.body.rule).toMatchObject({ name: 'standard', districtCode: 'E06000044', local: false, complaints: 3, windowDays: 182, reportWithinDays: 31 });
    expect(res.body.assessment).toMatchObject({ met: true, qualifying: 3, late: 1 });
    const byRef = res.body.reports.map((r: { dataset: string; matchedBy: string; counts: boolean; reason: string }) => [r.dataset, r.matchedBy, r.reason]);
    expect(byRef).toEqual(expect.arrayContaining([
      ['portsmouth-asb-cases', 'both', 'counted'],
      ['portsmouth-asb-cases', 'subject', 'counted'],
      ['solent-housing-asb', 'place', 'counted'],
      ['solent-housing-asb', 'place', 'reported_late'],
    ]));
    expect(byRef).toHaveLength(4); // the namesake born a day later and the neighbour at flat 3 are not there
    expect(Object.values(res.body.partners).sort()).toEqual(['Portsmouth City Council', 'Solent Housing Association']);
    expect(JSON.stringify(res.body)).not.toMatch(/Zoe|Mueller|MULLER|Commercial/i);
  });

  it('is decided by a person with reasons, and the day the applicant was told is kept', async () => {
    expect((await as('officer').post(`/api/case-reviews/${caseId}/decision`, { decision: 'met', reasons: 'short' })).status).toBe(400);
    const res = await as('officer').post(`/api/case-reviews/${caseId}/decision`, { decision: 'met', reasons: 'Three reports to two agencies within six months' }).expect(200);
    expect(res.body).toMatchObject({ status: 'threshold_met', decision: 'met', decidedOn: today, decisionReasons: 'Three reports to two agencies within six months' });
    expect(res.body.deadlines.find((d: { step: string }) => d.step === 'hold_review')).toMatchObject({ dueOn: calendar.addWorkingDays(today, 15), doneOn: null });
    expect((await as('officer').post(`/api/case-reviews/${caseId}/decision`, { decision: 'not_met', reasons: 'Changing my mind later' })).status).toBe(409);
    const told = await as('officer').post(`/api/case-reviews/${caseId}/applicant-told`, { on: today }).expect(200);
    expect(told.body.applicantToldOn).toBe(today);
    expect(told.body.deadlines.find((d: { step: string }) => d.step === 'tell_applicant')).toMatchObject({ doneOn: today, overdue: false });
  });

  it("opens the review; members add their agency's account; the case pack is granted through governance", async () => {
    const opened = await as('officer').post(`/api/case-reviews/${caseId}/review`, { agencies: ['solent-housing', 'hiow-constabulary'] }).expect(200);
    expect(opened.body.status).toBe('review_open');
    expect((await as('outsider').post(`/api/case-reviews/${caseId}/join`)).status).toBe(404);
    expect((await as('winchesterOfficer').post(`/api/case-reviews/${caseId}/join`)).status).toBe(403);
    const joined = await as('housingMember').post(`/api/case-reviews/${caseId}/join`).expect(200);
    expect(joined.body.personal.applicant.name).toBe(APPLICANT.name);
    expect(joined.body.members.map((m: { agency: { slug: string }; role: string }) => [m.agency.slug, m.role])).toEqual([['portsmouth', 'chair'], ['solent-housing', 'member']]);

    expect((await as('housingMember').post(`/api/case-reviews/${caseId}/pack-requests`, { agreementId })).status).toBe(403);
    const asked = await as('officer').post(`/api/case-reviews/${caseId}/pack-requests`, { agreementId }).expect(201);
    expect(asked.body.requested).toHaveLength(2);
    const before = await as('housingMember').get(`/api/case-reviews/${caseId}/pack`).expect(200);
    expect(before.body.datasets).toEqual([]);
    expect(before.body.pending.map((p: { dataset: string }) => p.dataset).sort()).toEqual(['portsmouth-asb-cases', 'solent-housing-asb']);

    // The ordinary approval routes decide them: Solent's data owner alone (OFFICIAL); Portsmouth's owner and the IMB (OFFICIAL-SENSITIVE).
    const pending = (await as('imb').get('/api/governance/access-requests/to-decide').expect(200)).body as { id: string; dataset: string; caseReviewId: string; level: string }[];
    const ofCase = pending.filter((r) => r.caseReviewId === caseId);
    expect(ofCase.map((r) => r.level)).toEqual(['identifiable', 'identifiable']);
    const housingReq = ofCase.find((r) => r.dataset === 'solent-housing-asb')!;
    const councilReq = ofCase.find((r) => r.dataset === 'portsmouth-asb-cases')!;
    expect((await as('officer').post(`/api/governance/access-requests/${councilReq.id}/approve`, { note: 'My own' })).status).toBe(403);
    await as('ownerHousing').post(`/api/governance/access-requests/${housingReq.id}/approve`, { note: 'For the case review' }).expect(200);
    await as('ownerPortsmouth').post(`/api/governance/access-requests/${councilReq.id}/approve`, { note: 'For the case review' }).expect(200);
    await as('imb').post(`/api/governance/access-requests/${councilReq.id}/approve`, { note: 'Board agrees' }).expect(200);
  });

  it("shows members each partner's identifiable records of the person and the place, audited, and refuses everyone else", async () => {
    const pack = await as('housingMember').get(`/api/case-reviews/${caseId}/pack`).expect(200);
    const refs = Object.fromEntries(pack.body.datasets.map((d: { slug: string; rows: { case_ref: string }[] }) => [d.slug, d.rows.map((r) => r.case_ref).sort()]));
    expect(refs).toEqual({ 'portsmouth-asb-cases': ['PCC-1', 'PCC-2'], 'solent-housing-asb': ['SH-1', 'SH-2'] });
    expect(JSON.stringify(pack.body)).toContain('Zoey Mueller');
    expect(JSON.stringify(pack.body)).not.toMatch(/Neighbour|1991-12-01/);
    for (const who of ['outsider', 'winchesterOfficer', 'policeAnalyst'] as const) {
      const refused = await as(who).get(`/api/case-reviews/${caseId}/pack`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('not_a_member');
    }
    // The pack grant never answers ordinary questions, even for a member.
    const subject = pack.body.datasets.find((d: { slug: string }) => d.slug === 'portsmouth-asb-cases').rows[0].subject_key as string;
    const lookup = await as('housingMember').get(`/api/analytics/subjects/${subject}`).expect(200);
    expect(lookup.body.searched.map((d: { slug: string }) => d.slug)).toEqual(['solent-housing-asb']); // their own agency's data only
    const query = await as('housingMember').post('/api/query', { dataset: 'portsmouth-asb-cases', measures: ['count'], groupBy: ['district'] });
    expect(query.status).toBe(403);
    expect((await audited('case_review.pack_viewed')).at(-1)!.details.datasets).toEqual(expect.arrayContaining([{ slug: 'portsmouth-asb-cases', level: 'identifiable', rows: 2 }]));
    expect((await audited('case_review.pack_refused')).map((e) => e.details.reason)).toEqual(['not_a_member', 'not_a_member', 'not_a_member']);
  });

  it('records the meeting, recommendations and actions; closing ends the case pack; the appeal is tracked', async () => {
    await as('officer').post(`/api/case-reviews/${caseId}/held`, { on: today }).expect(200);
    await as('officer').post(`/api/case-reviews/${caseId}/items`, { kind: 'recommendation', text: 'Move the applicant to a quieter block' }).expect(201);
    expect((await as('officer').post(`/api/case-reviews/${caseId}/items`, { kind: 'action', text: 'Visit' })).status).toBe(400);
    const withAction = await as('officer').post(`/api/case-reviews/${caseId}/items`, { kind: 'action', text: 'Tenancy warning to flat 3', owner: 'solent-housing', dueOn: calendar.addWorkingDays(today, 5) }).expect(201);
    const action = withAction.body.items.find((i: { kind: string }) => i.kind === 'action');
    expect(action).toMatchObject({ owner: { slug: 'solent-housing' }, doneOn: null, overdue: false });
    await as('housingMember').post(`/api/case-reviews/${caseId}/items/${action.id}/done`).expect(200);
    expect((await as('housingMember').post(`/api/case-reviews/${caseId}/outcome`, { outcome: 'Not the chair', respondedOn: today })).status).toBe(403);
    const closed = await as('officer').post(`/api/case-reviews/${caseId}/outcome`, { outcome: 'Recommendations agreed and the applicant told by phone', respondedOn: today }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', respondedOn: today });

    const after = await as('housingMember').get(`/api/case-reviews/${caseId}/pack`);
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('review_closed');
    const grants = await hub.dataSource.query(`SELECT revoked_at, revoked_reason FROM access_grants WHERE case_review_id = $1`, [caseId]);
    expect(grants).toHaveLength(2);
    expect(grants.every((g: { revoked_at: Date | null; revoked_reason: string }) => g.revoked_at && g.revoked_reason === 'ASB case review closed')).toBe(true);

    const appeal = await as('officer').post(`/api/case-reviews/${caseId}/appeal`, { requestedOn: today }).expect(200);
    expect(appeal.body.appeal).toEqual({ requestedOn: today, outcome: null, decidedOn: null });
    const actions = (await hub.dataSource.query(`SELECT DISTINCT action FROM audit_log WHERE target_id = $1`, [caseId])).map((r: { action: string }) => r.action).sort();
    expect(actions).toEqual(expect.arrayContaining(['case_review.application_recorded', 'case_review.threshold_checked', 'case_review.threshold_decided', 'case_review.applicant_told', 'case_review.review_opened', 'case_review.member_joined', 'case_review.pack_requested', 'case_review.pack_viewed', 'case_review.pack_refused', 'case_review.review_held', 'case_review.recommendation_added', 'case_review.action_added', 'case_review.closed', 'case_review.appeal_recorded', 'case_review.personal_details_viewed']));
  });

  it('flags overdue cases and sends reminders once', async () => {
    const old = calendar.addWorkingDays(new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10), 0);
    const late = await as('officer').post('/api/case-reviews', application({ districtCode: 'E06000045', receivedOn: old })).expect(201);
    const listed = (await as('officer').get('/api/case-reviews').expect(200)).body.find((c: { id: string }) => c.id === late.body.id);
    expect(listed).toMatchObject({ overdue: true, next: { step: 'decide', overdue: true } });
    const first = await as('officer').post('/api/case-reviews/deadline-sweep').expect(200);
    expect(first.body.overdue).toBeGreaterThanOrEqual(1);
    const again = await as('officer').post('/api/case-reviews/deadline-sweep').expect(200);
    expect(again.body).toEqual({ reminders: 0, overdue: 0 });
    const notices = (await as('officer').get('/api/notifications').expect(200)).body;
    const items = notices.notifications as { kind: string; title: string }[];
    expect(items.some((n) => n.kind === 'case_review_overdue' && n.title.includes(late.body.reference))).toBe(true);
  });

  it('publishes the yearly figures per district, with small numbers suppressed, as JSON and CSV', async () => {
    for (let i = 0; i < 5; i++) {
      const extra = await as('officer').post('/api/case-reviews', application({ applicant: { name: `Applicant ${i}`, dateOfBirth: '1980-01-0' + (i + 1) }, location: { address: `${i + 40} Other Street`, postcode: 'PO2 2BB' } })).expect(201);
      await as('officer').post(`/api/case-reviews/${extra.body.id}/threshold-check`).expect(200);
      await as('officer').post(`/api/case-reviews/${extra.body.id}/decision`, { decision: 'not_met', reasons: 'No reports to any partner in six months' }).expect(200);
    }
    const year = today.slice(0, 4);
    expect((await as('officer').get('/api/case-review-figures?period=26')).status).toBe(400);
    const res = await as('outsider').get(`/api/case-review-figures?period=${year}`).expect(200);
    const portsmouth = res.body.rows.find((r: { districtCode: string }) => r.districtCode === 'E06000044');
    // 6 applications (rounded to 5), 5 not met, 1 review carried out and 1 with recommendations (withheld).
    expect(portsmouth.figures).toEqual({
      applications: { count: 5, suppressed: false },
      thresholdNotMet: { count: 5, suppressed: false },
      reviewsCarriedOut: { count: null, suppressed: true },
      reviewsWithRecommendations: { count: null, suppressed: true },
    });
    expect(res.body.rows).toHaveLength(14);
    const csv = await as('outsider').get(`/api/case-review-figures/export?period=${year}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('Period,Area code,Area,Applications received,Threshold not met,Reviews carried out,Reviews resulting in recommendations');
    expect(csv.text).toContain(`${year},E06000044,Portsmouth,5,5,suppressed,suppressed`);
    expect(csv.text).not.toMatch(/Müller|Applicant|Commercial|ASB-/);
  });
});
