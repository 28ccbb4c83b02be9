import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage } from '../../src/contract/auth';
import { BatchActionResult, VersionConflict } from '../../src/contract/console';
import { Event } from '../../src/contract/event';
import type { Credentials } from '../helpers/auth';
import { act, detailOf, PLACES, reportEvent, workOrder } from '../helpers/console';
import { eventually } from '../helpers/eventually';
import { postOrder } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { call, errorCode, HUANGPU, signInAll, type Sessions } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let s: Sessions;
let officer: Credentials;

beforeAll(async () => {
  server = await startTestServer();
  s = await signInAll(server);
  officer = s['officer-hp'];
});
afterAll(async () => {
  await server?.stop();
});

describe('the lifecycle over HTTP', () => {
  it('carries an event from report to closure, with a return and a reopen, each step a versioned, audited timeline entry', async () => {
    const e = await reportEvent(server, workOrder(server));
    expect(e.district).toBe(HUANGPU);
    expect(e.status).toBe('reported');
    // The accept clock started when the centre received it (default SLA: 30 min).
    expect(Date.parse(e.slaDueAt!) - Date.parse(e.updatedAt)).toBe(30 * 60_000);

    const steps: [Record<string, unknown>, string][] = [
      [{ action: 'accept' }, 'accepted'],
      [{ action: 'forward' }, 'dispatched'],
      [{ action: 'return', reason: '不属于本部门职责' }, 'returned'],
      [{ action: 'dispatch', department: 'street-office-310101' }, 'dispatched'],
      [{ action: 'start' }, 'in-progress'],
      [{ action: 'resolve', note: '已清运' }, 'resolved'],
      [{ action: 'verify', note: '回访市民确认' }, 'verified'],
      [{ action: 'close' }, 'closed'],
      [{ action: 'reopen', reason: '市民反映问题复发' }, 'reopened'],
    ];
    let version = e.version;
    for (const [body, status] of steps) {
      const res = await act(server, officer, e.id, { ...body, version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.result!.event.status).toBe(status);
      expect(res.result!.event.version).toBe(version + 1);
      // The next actions come with the result, exactly as the detail then lists them (the console's keys rely on it).
      expect(res.result!.allowedActions).toEqual((await detailOf(server, officer, e.id)).allowedActions);
      expect(res.result!.allowedActions.length).toBeGreaterThan(0);
      version = res.result!.event.version;
    }

    const d = await detailOf(server, officer, e.id);
    expect(d.actions.map((a) => [a.action, a.fromStatus, a.toStatus])).toEqual([
      ['accept', 'reported', 'accepted'],
      ['forward', 'accepted', 'dispatched'],
      ['return', 'dispatched', 'returned'],
      ['dispatch', 'returned', 'dispatched'],
      ['start', 'dispatched', 'in-progress'],
      ['resolve', 'in-progress', 'resolved'],
      ['verify', 'resolved', 'verified'],
      ['close', 'verified', 'closed'],
      ['reopen', 'closed', 'reopened'],
    ]);
    const forward = d.actions[1]!;
    expect(forward).toMatchObject({ actor: 'officer-310101', actorRole: 'officer' });
    expect(forward.before).toMatchObject({ status: 'accepted', department: null });
    expect(forward.after).toMatchObject({ status: 'dispatched', department: 'urban-management-310101' });
    expect(forward.details).toMatchObject({ ruleId: 'city-appearance', override: false });
    expect(d.actions[2]!.details).toMatchObject({ reason: '不属于本部门职责' });
    expect(d.actions[3]!.details).toMatchObject({ department: 'street-office-310101', override: true });
    expect(d.actions.at(-1)!.version).toBe(version);
    expect(d.event.slaDueAt).not.toBeNull();
    // Every completed stage kept its clock.
    expect(d.stages.map((c) => c.stage)).toEqual([
      'accept',
      'dispatch',
      'start',
      'dispatch',
      'start',
      'resolve',
      'verify',
      'close',
      'accept',
    ]);

    const audit = AuditPage.parse(
      (await call(server.url, 'GET', `/api/audit?target=${encodeURIComponent(e.id)}&limit=50`, s.auditor))
        .body,
    );
    expect(audit.items.map((a) => a.action).reverse()).toEqual(
      steps.map(([b]) => `event.${String(b['action'])}`),
    );
    expect(audit.items.every((a) => a.actor === 'officer-310101')).toBe(true);
  });

  it('refuses an illegal transition with ILLEGAL_TRANSITION and stores nothing', async () => {
    const e = await reportEvent(server, workOrder(server));
    const res = await act(server, officer, e.id, { action: 'verify', version: e.version });
    expect(res.status).toBe(409);
    expect(errorCode(res.body)).toBe('ILLEGAL_TRANSITION');
    const d = await detailOf(server, officer, e.id);
    expect(d.event.version).toBe(e.version);
    expect(d.actions).toEqual([]);
  });

  it('asks for a reason to close before verification (REASON_REQUIRED), and closes with one', async () => {
    const e = await reportEvent(server, workOrder(server));
    const without = await act(server, officer, e.id, { action: 'close', version: e.version });
    expect([without.status, errorCode(without.body)]).toEqual([422, 'REASON_REQUIRED']);
    const withReason = await act(server, officer, e.id, {
      action: 'close',
      version: e.version,
      reason: '重复工单',
    });
    expect(withReason.result?.event).toMatchObject({ status: 'closed', slaDueAt: null });
  });

  it('answers a stale version with 409 VERSION_CONFLICT carrying the current event, never overwriting', async () => {
    const e = await reportEvent(server, workOrder(server));
    const first = await act(server, officer, e.id, { action: 'accept', version: e.version });
    expect(first.status).toBe(200);
    // A second officer (the leader) still looks at the version before the accept.
    const stale = await act(server, s.leader, e.id, { action: 'close', version: e.version, reason: '重复' });
    expect(stale.status).toBe(409);
    const body = VersionConflict.parse(stale.body);
    expect(body.error.code).toBe('VERSION_CONFLICT');
    expect(body.current).toMatchObject({ id: e.id, status: 'accepted', version: e.version + 1 });
    // The leader sees personal data masked, in the 409 body too.
    expect(body.current.reporter?.phone).toBe('139****5678');
    expect((await detailOf(server, officer, e.id)).event.status).toBe('accepted');
  });

  it('refuses actions outside the district, and from roles that may not act', async () => {
    const e = await reportEvent(server, workOrder(server));
    const xh = await act(server, s['officer-xh'], e.id, { action: 'accept', version: e.version });
    expect([xh.status, errorCode(xh.body)]).toEqual([403, 'FORBIDDEN_DISTRICT']);
    for (const who of ['admin', 'wall', 'auditor'] as const) {
      const res = await act(server, s[who], e.id, { action: 'accept', version: e.version });
      expect([who, res.status, errorCode(res.body)]).toEqual([who, 403, 'FORBIDDEN']);
    }
  });

  it('delivers every action to every open console as a live delta with the new version', async () => {
    const e = await reportEvent(server, workOrder(server));
    const a = await LiveClient.connect(server.url, officer);
    const b = await LiveClient.connect(server.url, s.leader);
    try {
      await a.subscribe({ topic: 'events' });
      await b.subscribe({ topic: 'events' });
      let version = e.version;
      for (const action of ['accept', 'forward', 'start']) {
        const res = await act(server, officer, e.id, { action, version });
        version = res.result!.event.version;
        for (const c of [a, b]) {
          await c.waitFor(
            () =>
              c.deltas('events').some((d) => d.upserts.some((u) => u.id === e.id && u.version === version)),
            `${action} (v${version}) on a live client`,
          );
        }
      }
      const seen = b.deltas('events').flatMap((d) => d.upserts.filter((u) => u.id === e.id));
      expect(seen.at(-1)).toMatchObject({ status: 'in-progress', department: 'urban-management-310101' });
      expect(a.violations).toEqual([]);
      expect(b.violations).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('never lets a source redelivery overwrite what the console owns (status, department, SLA, assignee)', async () => {
    const order = workOrder(server, { at: Date.now() - 120_000 });
    const e = await reportEvent(server, order);
    const fwd = await act(server, officer, e.id, { action: 'forward', version: e.version });
    const before = fwd.result!.event;
    const res = await postOrder(server.url, {
      ...order,
      更新时间: workOrder(server, { at: Date.now() - 10_000 }).更新时间,
      诉求内容: '补充：垃圾已堆到人行道上。',
    });
    expect(res.body).toMatchObject({ outcome: 'updated' });
    const after = (await detailOf(server, officer, e.id)).event;
    expect(after.description).toBe('补充：垃圾已堆到人行道上。');
    expect(after.version).toBe(before.version + 1);
    for (const k of ['status', 'department', 'slaDueAt', 'assignee'] as const)
      expect(after[k]).toEqual(before[k]);
  });

  it('acknowledges an alarm once: the second acknowledgement changes nothing', async () => {
    const e = await reportEvent(server, workOrder(server, { 紧急程度: '特急' }));
    expect(e.severity).toBe('II');
    const path = `/api/events/${encodeURIComponent(e.id)}/acknowledge`;
    const first = await call(server.url, 'POST', path, officer, { note: '已通知现场' });
    expect(first.status).toBe(200);
    const acked = Event.parse(first.body);
    expect(acked).toMatchObject({ acknowledgedBy: 'officer-310101', version: e.version + 1 });
    const again = Event.parse((await call(server.url, 'POST', path, s.leader, {})).body);
    expect(again).toMatchObject({ acknowledgedAt: acked.acknowledgedAt, version: acked.version });
    expect((await detailOf(server, officer, e.id)).actions.map((a) => a.action)).toEqual(['acknowledge']);
  });

  it('applies a batch action to each event on its own: a stale item fails alone', async () => {
    const events = await Promise.all([1, 2, 3].map(() => reportEvent(server, workOrder(server))));
    const res = await call(server.url, 'POST', '/api/events/actions/batch', officer, {
      action: 'accept',
      items: events.map((e, i) => ({ id: e.id, version: i === 1 ? e.version + 7 : e.version })),
    });
    expect(res.status).toBe(200);
    const { results } = BatchActionResult.parse(res.body);
    expect(results.map((r) => (r.ok ? r.event.status : r.error.code))).toEqual([
      'accepted',
      'VERSION_CONFLICT',
      'accepted',
    ]);
  });

  it('merges reports into one incident and splits a wrong one out again, on every event touched', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => reportEvent(server, workOrder(server))));
    const merged = await act(server, officer, a!.id, {
      action: 'merge',
      version: a!.version,
      eventIds: [b!.id, c!.id],
    });
    expect(merged.result!.event.relatedIds).toEqual([b!.id, c!.id].sort());
    expect((await detailOf(server, officer, b!.id)).event.relatedIds).toEqual([a!.id, c!.id].sort());
    const d = await detailOf(server, officer, a!.id);
    expect(d.related.map((r) => r.id).sort()).toEqual([b!.id, c!.id].sort());
    const split = await act(server, officer, a!.id, {
      action: 'split',
      version: d.event.version,
      eventIds: [c!.id],
    });
    expect(split.result!.event.relatedIds).toEqual([b!.id]);
    expect((await detailOf(server, officer, c!.id)).event.relatedIds).toEqual([]);
    expect((await detailOf(server, officer, b!.id)).event.relatedIds).toEqual([a!.id]);
    expect((await detailOf(server, officer, c!.id)).actions.map((x) => x.action)).toEqual(['merge', 'split']);
  });

  it('starts an emergency plan with one key: every department of the plan notified at once, recorded and shown', async () => {
    const e = await reportEvent(server, workOrder(server, { 诉求分类: '水务/路面积水', 紧急程度: '特急' }));
    expect([e.category, e.severity]).toEqual(['waterlogging', 'II']);
    const before = await detailOf(server, officer, e.id);
    expect(before.suggestion.plan?.id).toBe('flood');
    const res = await act(server, officer, e.id, { action: 'plan', version: e.version });
    expect(res.result!.event).toMatchObject({ status: 'dispatched', department: 'water-city' });
    const d = await detailOf(server, officer, e.id);
    expect(d.activation?.plan.id).toBe('flood');
    expect(d.activation?.notified.map((n) => n.department.kind)).toEqual([
      'water',
      'emergency',
      'traffic-police',
      'municipal',
      'street-office',
    ]);
    expect(new Set(d.activation?.notified.map((n) => n.notifiedAt)).size).toBe(1);
    expect(d.activation?.plan.resources.length).toBeGreaterThan(0);
  });

  it('reopens a recently closed event when the same problem is reported again at the same place, and relates them', async () => {
    const first = await reportEvent(
      server,
      workOrder(server, { 诉求分类: '市政设施/井盖缺失', place: PLACES.xuhui }),
    );
    await act(server, s.leader, first.id, { action: 'close', version: first.version, reason: '已补装井盖' });
    // 20 m away, same category, an hour later: the same problem.
    const again = await reportEvent(
      server,
      workOrder(server, {
        诉求分类: '市政设施/井盖缺失',
        place: { lon: PLACES.xuhui.lon + 0.0002, lat: PLACES.xuhui.lat },
      }),
    );
    await server.app.console.watchers.idle();
    await eventually(
      'the old event reopened',
      async () => (await detailOf(server, s.leader, first.id)).event.status === 'reopened',
    );
    const old = await detailOf(server, s.leader, first.id);
    expect(old.event.relatedIds).toEqual([again.id]);
    expect(old.actions.map((a) => [a.action, a.actor])).toEqual([
      ['close', 'leader'],
      ['reopen', 'system'],
      ['merge', 'system'],
    ]);
    expect(old.actions[1]!.details).toMatchObject({ reportedAgainBy: again.id });
    expect((await detailOf(server, s.leader, again.id)).event.relatedIds).toEqual([first.id]);
  });

  it('does not reopen for a different problem at the same place', async () => {
    const first = await reportEvent(
      server,
      workOrder(server, { 诉求分类: '市政设施/路灯不亮', place: PLACES.xuhui }),
    );
    await act(server, s.leader, first.id, { action: 'close', version: first.version, reason: '已修复' });
    await reportEvent(server, workOrder(server, { 诉求分类: '环境保护/社会生活噪声', place: PLACES.xuhui }));
    await server.app.console.watchers.idle();
    expect((await detailOf(server, s.leader, first.id)).event.status).toBe('closed');
  });

  it('rejects malformed actions with BAD_REQUEST naming the field', async () => {
    const e = await reportEvent(server, workOrder(server));
    for (const body of [
      { action: 'teleport', version: e.version },
      { action: 'accept' },
      { action: 'accept', version: -1 },
      { action: 'note', version: e.version, note: 'x'.repeat(1001) },
      { action: 'note', version: e.version, note: '   ' },
      { action: 'merge', version: e.version },
    ]) {
      const res = await act(server, officer, e.id, body);
      expect([JSON.stringify(body), res.status, errorCode(res.body)]).toEqual([
        JSON.stringify(body),
        400,
        'BAD_REQUEST',
      ]);
    }
    const accepted = (await act(server, officer, e.id, { action: 'accept', version: e.version })).result!
      .event;
    const unknown = await act(server, officer, e.id, {
      action: 'dispatch',
      version: accepted.version,
      department: 'nobody',
    });
    expect([unknown.status, errorCode(unknown.body)]).toEqual([400, 'BAD_REQUEST']);
    const missing = await act(server, officer, 'hotline:NOPE-404', { action: 'accept', version: 1 });
    expect([missing.status, errorCode(missing.body)]).toEqual([404, 'NOT_FOUND']);
  });
});
