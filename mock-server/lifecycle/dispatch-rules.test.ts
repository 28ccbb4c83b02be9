import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispatchConfig } from '../../src/contract/city-pack';
import type { Event } from '../../src/contract/event';
import { CITY_PACKS_DIR } from '../city-packs/load';
import { DispatchRules, loadDispatchConfig } from './dispatch-rules';

const config = loadDispatchConfig(join(CITY_PACKS_DIR, 'shanghai'));
const rules = new DispatchRules(config);
const HUANGPU = '310101';
const XUHUI = '310104';

const ev = (
  over: Partial<Event>,
): Pick<Event, 'category' | 'severity' | 'district' | 'source' | 'status'> => ({
  category: 'sanitation',
  severity: 'IV',
  district: HUANGPU,
  source: 'hotline',
  status: 'reported',
  ...over,
});

describe('dispatch rules of the Shanghai pack', () => {
  it('validates, and names the departments the issue lists (城管, 交警, 应急, 水务, 街道办) for every focus district', () => {
    expect(DispatchConfig.safeParse(config).success).toBe(true);
    for (const kind of ['urban-management', 'traffic-police', 'emergency', 'water', 'street-office']) {
      for (const d of ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310115']) {
        expect(rules.departmentFor(kind, d), `${kind} in ${d}`).not.toBeNull();
      }
    }
  });

  it('sends exposed rubbish in 黄浦区 to 黄浦区城管 with the default SLA', () => {
    const s = rules.suggest(ev({}));
    expect(s.ruleId).toBe('city-appearance');
    expect(s.department?.id).toBe('urban-management-310101');
    expect(s.department?.name['zh-CN']).toBe('黄浦区城市管理行政执法局');
    expect(s.sla).toEqual(config.defaultSla);
    expect(s.plan).toBeNull();
  });

  it('picks the district’s own department first, the city-wide one when the district has none', () => {
    expect(rules.suggest(ev({ category: 'illegal-parking', district: XUHUI })).department?.id).toBe(
      'traffic-police-310104',
    );
    // 水务 is city-wide in this pack.
    expect(rules.suggest(ev({ category: 'waterlogging', district: XUHUI })).department?.id).toBe(
      'water-city',
    );
    // An event outside every district still goes somewhere.
    expect(rules.suggest(ev({ district: null })).department?.id).toBe('urban-management-city');
  });

  it('decides by severity: severe waterlogging gets the tight SLA and the flood plan, a puddle does not', () => {
    const severe = rules.suggest(ev({ category: 'waterlogging', severity: 'II' }));
    expect(severe.ruleId).toBe('waterlogging-severe');
    expect(severe.plan?.id).toBe('flood');
    expect(severe.sla.accept).toBe(5);
    const minor = rules.suggest(ev({ category: 'waterlogging', severity: 'IV' }));
    expect(minor.ruleId).toBe('waterlogging');
    expect(minor.plan).toBeNull();
    expect(minor.sla.accept).toBe(15);
    // Stages the rule does not name come from the default.
    expect(minor.sla.verify).toBe(config.defaultSla.verify);
  });

  it('has emergency plans for waterlogging, fire and major accidents that notify several departments', () => {
    for (const [category, plan] of [
      ['waterlogging', 'flood'],
      ['fire', 'fire'],
      ['traffic-accident', 'major-accident'],
    ] as const) {
      const p = rules.planFor(ev({ category, severity: 'I' }));
      expect(p?.id).toBe(plan);
      const notified = rules.planDepartments(p!, HUANGPU);
      expect(notified.length).toBeGreaterThanOrEqual(4);
      expect(new Set(notified.map((d) => d.id)).size).toBe(notified.length);
    }
    expect(rules.planFor(ev({ category: 'fire', severity: 'III' }))).toBeNull();
  });

  it('computes stage due times from the entry time and the rule’s minutes', () => {
    const t = Date.parse('2026-11-24T02:00:00.000Z');
    expect(rules.dueAt(ev({ status: 'reported' }), t)).toBe('2026-11-24T02:30:00.000Z');
    expect(rules.dueAt(ev({ status: 'in-progress' }), t)).toBe('2026-11-26T02:00:00.000Z');
    expect(rules.dueAt(ev({ status: 'closed' }), t)).toBeNull();
  });

  it('climbs the escalation ladder by minutes overdue: duty officer, then shift leader at 30, district leader at 120', () => {
    expect(rules.rungFor(-1)).toBeNull();
    expect(rules.rungFor(0)?.role).toBe('duty-officer');
    expect(rules.rungFor(29 * 60_000)?.level).toBe(1);
    expect(rules.rungFor(30 * 60_000)?.role).toBe('shift-leader');
    expect(rules.rungFor(119 * 60_000)?.level).toBe(2);
    expect(rules.rungFor(5 * 3_600_000)?.role).toBe('district-leader');
  });

  it('refuses a pack whose rules name unknown kinds or plans, or whose ladder goes backwards, naming the field', () => {
    const broken = structuredClone(config) as Record<string, unknown> & typeof config;
    broken.rules = [{ id: 'x', match: {}, department: 'no-such-kind', plan: 'no-such-plan' }];
    broken.escalation = { levels: [config.escalation.levels[1]!, config.escalation.levels[0]!] };
    const dir = mkdtempSync(join(tmpdir(), 'dispatch-'));
    writeFileSync(join(dir, 'dispatch.json'), JSON.stringify(broken));
    expect(() => loadDispatchConfig(dir)).toThrow(/rules\.0\.department: unknown kind "no-such-kind"/);
    expect(() => loadDispatchConfig(dir)).toThrow(/rules\.0\.plan: unknown plan/);
    expect(() => loadDispatchConfig(dir)).toThrow(/escalation\.levels\.0\.level/);
  });

  it('requires a catch-all last rule, so every event gets a suggestion', () => {
    const noDefault = { ...config, rules: config.rules.slice(0, -1) };
    const parsed = DispatchConfig.safeParse(noDefault);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/last rule must match every event/);
  });
});
