import { afterAll, describe, expect, it } from 'vitest';
import { QueueCounts, QueuePage } from '../../src/contract/console';
import { act, detailOf, reportEvent, workOrder } from '../helpers/console';
import { eventually } from '../helpers/eventually';
import { call } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

const MIN = 60_000;
let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop();
});

/**
 * SLA clocks live in the store, not in timers: an overdue event climbs the ladder by how long it has been
 * overdue, each rung recorded once, and a restarted server picks up exactly where the stored times say.
 * The console's clock is injected (the ingest keeps real time, so the SLA starts now).
 */
describe('SLA escalation', () => {
  it('escalates an overdue event up the ladder, once per rung, and carries on after a restart', async () => {
    let clock = Date.now();
    const now = () => clock;
    // The periodic sweep is slow here: the test sweeps by hand, and a start sweeps once by itself.
    const env = { ESCALATION_SWEEP_MS: '3600000' };
    server = await startTestServer(env, undefined, { now });
    const dataDir = server.dataDir;
    const e = await reportEvent(server, workOrder(server));
    const due = Date.parse(e.slaDueAt!);
    const officer = await server.login('officer-310101');

    clock = due - MIN;
    expect(await server.app.console.sweeper.sweep()).toBe(0);

    clock = due + 10 * MIN;
    expect(await server.app.console.sweeper.sweep()).toBe(1);
    expect(await server.app.console.sweeper.sweep()).toBe(0);
    let d = await detailOf(server, officer, e.id);
    expect(d.event.escalationLevel).toBe(1);
    expect(d.escalation?.role).toBe('duty-officer');
    expect(d.actions.map((a) => [a.action, a.actor, a.details['level']])).toEqual([
      ['escalate', 'system', 1],
    ]);
    expect(d.actions[0]!.details).toMatchObject({ overdueMinutes: 10, dueAt: e.slaDueAt });

    // Overdue and escalated events show in the queue's filter and counts.
    const counts = QueueCounts.parse((await call(server.url, 'GET', '/api/console/counts', officer)).body);
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    expect(counts.escalated).toBeGreaterThanOrEqual(1);
    const overdue = QueuePage.parse(
      (await call(server.url, 'GET', '/api/console/queue?overdue=true', officer)).body,
    );
    expect(overdue.items.map((x) => x.id)).toContain(e.id);

    // Restart: nothing escalates twice, and the rung is still there.
    await server.stop({ keepData: true });
    clock = due + 20 * MIN;
    server = await startTestServer(env, dataDir, { now });
    // The start sweep and this one find nothing to do (both may run; a rung is taken under the row's lock).
    expect(await server.app.console.sweeper.sweep()).toBe(0);
    const officerAgain = await server.login('officer-310101');
    d = await detailOf(server, officerAgain, e.id);
    expect(d.event.escalationLevel).toBe(1);
    expect(d.actions.filter((a) => a.action === 'escalate')).toHaveLength(1);

    // Two and a half hours overdue: straight to the district leader, one entry saying from where.
    clock = due + 150 * MIN;
    expect(await server.app.console.sweeper.sweep()).toBe(1);
    d = await detailOf(server, officerAgain, e.id);
    expect(d.event.escalationLevel).toBe(3);
    expect(d.escalation?.role).toBe('district-leader');
    expect(
      d.actions
        .filter((a) => a.action === 'escalate')
        .map((a) => [a.details['fromLevel'], a.details['level']]),
    ).toEqual([
      [0, 1],
      [1, 3],
    ]);

    // Moving on to the next stage starts a new clock and clears the escalation.
    const accepted = await act(server, officerAgain, e.id, { action: 'accept', version: d.event.version });
    expect(accepted.result!.event.escalationLevel).toBe(0);
    expect(Date.parse(accepted.result!.event.slaDueAt!)).toBe(clock + 60 * MIN);
    expect(await server.app.console.sweeper.sweep()).toBe(0);
    await server.stop();
    server = undefined;
  });

  it('starts a restarted server’s sweep by itself (no timer state needed): an event overdue while it was down escalates at start', async () => {
    let clock = Date.now();
    const env = { ESCALATION_SWEEP_MS: '3600000' };
    const first = await startTestServer(env, undefined, { now: () => clock });
    const dataDir = first.dataDir;
    const e = await reportEvent(first, workOrder(first));
    await first.stop({ keepData: true });
    clock = Date.parse(e.slaDueAt!) + 45 * MIN;
    server = await startTestServer(env, dataDir, { now: () => clock });
    await eventually(
      'escalated at start',
      async () => (await detailOf(server!, server!.admin, e.id)).event.escalationLevel === 2,
    );
  });
});
