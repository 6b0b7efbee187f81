import { AccessLevel } from '../../src/access/access-level.js';
import { Role } from '../../src/auth/role.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { grantAll, isoFromWritten, loadPlantedWorld, type PlantedWorld, splitAddress } from './planted-datasets.js';

/**
 * Record linkage on generated partner exports with planted ground truth: every planted repeat
 * victim is found across partners (recall 100%), no two planted people share a key, written
 * variants (case, accents, apostrophes, spacing, St/Street) still match, and nothing raw leaves
 * the hub for a caller without identifiable access.
 */
describe('pseudonymised matching on planted cases', () => {
  let hub: TestHub;
  let world: PlantedWorld;
  let recordToken: string;
  let aggregateToken: string;
  let ownerToken: string;

  beforeAll(async () => {
    hub = await createTestHub();
    world = await loadPlantedWorld(hub);
    await grantAll(hub, world, 'opcc', AccessLevel.Record);
    await grantAll(hub, world, 'hiow-fire-rescue', AccessLevel.Aggregate);
    recordToken = (await signedInUser(hub, { organisation: 'opcc' })).token;
    aggregateToken = (await signedInUser(hub, { organisation: 'hiow-fire-rescue' })).token;
    ownerToken = (await signedInUser(hub, { organisation: 'southampton', roles: [Role.Analyst] })).token;
  });
  afterAll(() => hub?.close());

  const get = (token: string, url: string) => hub.http().get(url).auth(token, { type: 'bearer' });
  const subjectKeyOf = (a: { asWritten: string; dobAsWritten?: string }) => world.keyer.subjectKey({ fullName: a.asWritten, dateOfBirth: isoFromWritten(a.dobAsWritten!) });
  const partnersOf = (files: string[]) => new Set(files.map((f) => world.manifest.files.find((x) => x.path === f)!.organisation));

  it('gives every appearance of a planted person one key, and different people different keys', () => {
    const people = world.manifest.planted.people;
    expect(people.length).toBeGreaterThan(5);
    expect(people.some((p) => p.kind === 'namesake')).toBe(true);
    const keyOfPerson = new Map<string, string>();
    for (const person of people) {
      const keys = new Set(person.appearances.map(subjectKeyOf));
      expect({ person: person.id, written: person.appearances.map((a) => a.asWritten), keys: keys.size }).toEqual({ person: person.id, written: person.appearances.map((a) => a.asWritten), keys: 1 });
      keyOfPerson.set(person.id, [...keys][0]!);
    }
    expect(new Set(keyOfPerson.values()).size).toBe(people.length);
    for (const person of people) for (const other of person.notSameAs) expect(keyOfPerson.get(person.id)).not.toBe(keyOfPerson.get(other));
  });

  it('covers written variants: some planted people are written more than one way', () => {
    const varied = world.manifest.planted.people.filter((p) => new Set(p.appearances.map((a) => a.asWritten)).size > 1);
    expect(varied.length).toBeGreaterThan(0);
  });

  it('covers short forms and respellings, and people who must stay apart from them', () => {
    const people = new Map(world.manifest.planted.people.map((p) => [p.id, p]));
    expect(people.get('short-01')!.appearances.map((a) => a.asWritten)).toEqual(['Bill Smyth', 'William Smith', 'SMITH, Will']);
    expect(people.get('short-02')!.appearances.map((a) => a.asWritten)).toEqual(["Peggy O'Brien", 'Margaret OBrien']);
    const key = (id: string) => subjectKeyOf(people.get(id)!.appearances[0]);
    expect(key('short-01')).toBe(world.keyer.subjectKey({ fullName: 'William Smith', dateOfBirth: '1984-03-07' }));
    for (const other of ['short-05', 'short-06', 'short-07']) expect(key(other)).not.toBe(key('short-01'));
  });

  it('gives every appearance of a planted location one key, and different locations different keys', () => {
    const locations = world.manifest.planted.locations;
    expect(locations.length).toBeGreaterThan(0);
    const keys = locations.map((l) => new Set(l.appearances.map((a) => world.keyer.placeKey(splitAddress(a.asWritten)))));
    for (const [i, set] of keys.entries()) expect({ location: locations[i].id, keys: set.size }).toEqual({ location: locations[i].id, keys: 1 });
    expect(new Set(keys.map((s) => [...s][0])).size).toBe(locations.length);
  });

  it('finds every planted cross-partner repeat victim through the API (recall 100%), each with only its own incidents', async () => {
    const res = await get(recordToken, '/api/analytics/repeat-victims?since=2024-06-01&until=2026-06-30&limit=500');
    expect(res.status).toBe(200);
    const items = new Map<string, { incidents: number; partners: number; byPartner: { partner: { id: string } }[] }>(res.body.list.items.map((i: { key: string }) => [i.key, i]));
    const crossPartner = world.manifest.planted.people.filter((p) => partnersOf(p.appearances.map((a) => a.file)).size >= 2);
    expect(crossPartner.length).toBeGreaterThan(0);
    for (const person of world.manifest.planted.people.filter((p) => p.kind === 'repeat-victim')) {
      const item = items.get(subjectKeyOf(person.appearances[0])!);
      const partners = partnersOf(person.appearances.map((a) => a.file)).size;
      const expected = partners >= 2 || person.appearances.length >= 3;
      if (!expected) continue;
      expect({ person: person.id, found: !!item }).toEqual({ person: person.id, found: true });
      expect(item!.incidents).toBe(person.appearances.length);
      expect(item!.partners).toBe(partners);
    }
    expect(res.body.list.total).toBe(items.size);
  });

  it('lists repeat locations by place key', async () => {
    const res = await get(recordToken, '/api/analytics/repeat-locations?since=2024-06-01&until=2026-06-30&limit=500');
    expect(res.status).toBe(200);
    const keys = new Set(res.body.list.items.map((i: { key: string }) => i.key));
    for (const location of world.manifest.planted.locations.filter((l) => l.appearances.length >= 3 || partnersOf(l.appearances.map((a) => a.file)).size >= 2)) {
      expect(keys.has(world.keyer.placeKey(splitAddress(location.appearances[0].asWritten)))).toBe(true);
    }
  });

  it('never sends a raw identifier to a caller without identifiable access (scanning every answer)', async () => {
    const person = world.manifest.planted.people.find((p) => p.kind === 'repeat-victim')!;
    const subject = subjectKeyOf(person.appearances[0])!;
    const place = world.keyer.placeKey(splitAddress(world.manifest.planted.locations[0].appearances[0].asWritten))!;
    const urls = [
      '/api/analytics/repeat-victims?since=2024-06-01&until=2026-06-30&limit=500',
      '/api/analytics/repeat-locations?since=2024-06-01&until=2026-06-30&limit=500',
      '/api/analytics/hotspots?by=lsoa&categoryGroup=all',
      '/api/analytics/hotspots?by=place&categoryGroup=all',
      '/api/analytics/trends',
      `/api/analytics/community-trigger?subject=${subject}`,
      `/api/analytics/community-trigger?place=${place}`,
      `/api/analytics/subjects/${subject}`,
    ];
    const needles = world.rawIdentifiers.map((s) => s.toLowerCase());
    expect(needles.length).toBeGreaterThan(20);
    let answered = 0;
    for (const token of [recordToken, aggregateToken]) {
      for (const url of urls) {
        const res = await get(token, url);
        expect([200, 403]).toContain(res.status);
        if (res.status === 200) answered++;
        const text = res.text.toLowerCase();
        const leaked = needles.filter((n) => text.includes(n));
        expect({ url, leaked }).toEqual({ url, leaked: [] });
      }
    }
    expect(answered).toBeGreaterThanOrEqual(10);
  });

  it('refuses the subject look-up without identifiable access, and shows an owner only its own dataset, audited', async () => {
    const person = world.manifest.planted.people.find((p) => p.kind === 'repeat-victim' && p.appearances.some((a) => a.file.includes('southampton')) && partnersOf(p.appearances.map((a) => a.file)).size >= 2);
    expect(person).toBeDefined();
    const subject = subjectKeyOf(person!.appearances[0])!;
    expect((await get(recordToken, `/api/analytics/subjects/${subject}`)).status).toBe(403);
    expect((await get(aggregateToken, `/api/analytics/subjects/${subject}`)).status).toBe(403);

    const res = await get(ownerToken, `/api/analytics/subjects/${subject}`);
    expect(res.status).toBe(200);
    expect(res.body.datasets.map((d: { slug: string }) => d.slug)).toEqual(['southampton-asb']);
    const own = person!.appearances.filter((a) => a.file.includes('southampton'));
    expect(res.body.datasets[0].rows.map((r: { victim_name: string }) => r.victim_name).sort()).toEqual(own.map((a) => a.asWritten).sort());
    const others = person!.appearances.filter((a) => !a.file.includes('southampton')).map((a) => a.caseRef);
    for (const ref of others) expect(res.text).not.toContain(ref);
    const audit = await hub.dataSource.query(`SELECT target_id FROM audit_log WHERE action = 'analytics.subject_lookup'`);
    expect(audit.map((a: { target_id: string }) => a.target_id)).toContain(subject);
  });

  it('shows a holder of an identifiable grant only that dataset’s details, never another partner’s, audited', async () => {
    const southampton = world.datasets.get('southampton')!;
    const everywhere = ['E06000045', 'E07000084', 'E07000085', 'E07000086', 'E07000087', 'E07000088', 'E07000089', 'E07000090', 'E07000091', 'E07000092', 'E07000093', 'E07000094', 'E06000044', 'E06000046'];
    expect(world.datasets.has('hiow-constabulary')).toBe(false);
    for (const dataset of world.datasets.values()) {
      await createGrant(hub, dataset, { organisation: 'hiow-constabulary', level: dataset === southampton ? AccessLevel.Identifiable : AccessLevel.Record, areas: everywhere });
    }
    const { token, user } = await signedInUser(hub, { organisation: 'hiow-constabulary', roles: [Role.Analyst] });
    const person = world.manifest.planted.people.find(
      (p) => p.appearances.some((a) => a.file.includes('southampton')) && p.appearances.some((a) => !a.file.includes('southampton')),
    )!;
    expect(person).toBeDefined();
    const subject = subjectKeyOf(person.appearances[0])!;
    const res = await get(token, `/api/analytics/subjects/${subject}`);
    expect(res.status).toBe(200);
    expect(res.body.searched.map((d: { slug: string }) => d.slug)).toEqual(['southampton-asb']);
    expect(res.body.datasets.map((d: { slug: string }) => d.slug)).toEqual(['southampton-asb']);
    const own = person.appearances.filter((a) => a.file.includes('southampton'));
    expect(res.body.datasets[0].rows.map((r: { case_ref: string }) => r.case_ref).sort()).toEqual(own.map((a) => a.caseRef).sort());
    for (const a of person.appearances.filter((x) => !x.file.includes('southampton'))) {
      expect(res.text).not.toContain(a.caseRef);
      if (!own.some((o) => o.asWritten === a.asWritten)) expect(res.text).not.toContain(a.asWritten.trim());
    }
    const audit = await hub.dataSource.query(`SELECT actor_id, target_id, details FROM audit_log WHERE action = 'analytics.subject_lookup' AND actor_id = $1`, [user.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].target_id).toBe(subject);
    const details = typeof audit[0].details === 'string' ? JSON.parse(audit[0].details) : audit[0].details;
    expect(details.found).toEqual([{ slug: 'southampton-asb', rows: own.length }]);
  });

  it('gives an aggregate-level caller suppressed, perturbed counts and no list, the same figures when asked again', async () => {
    const res = await get(aggregateToken, '/api/analytics/repeat-victims?since=2024-06-01&until=2026-06-30');
    expect(res.status).toBe(200);
    expect(res.body.list).toBeNull();
    expect(res.body.summary.suppressed).toBe(true);
    expect(res.body.summary.rows.length).toBeGreaterThan(0);
    for (const row of res.body.summary.rows) {
      for (const cell of [row.repeat, row.crossPartner]) {
        if (cell.suppressed) expect(cell.count).toBeNull();
        else expect(cell.count === 0 || cell.count >= 5).toBe(true);
      }
    }
    const again = await get(aggregateToken, '/api/analytics/repeat-victims?since=2024-06-01&until=2026-06-30');
    expect(again.body.summary.rows).toEqual(res.body.summary.rows);
    expect((await get(aggregateToken, `/api/analytics/community-trigger?subject=s_${'0'.repeat(32)}`)).status).toBe(403);
  });
});
