import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DispatchConfig,
  type Department,
  type EmergencyPlan,
  type EscalationRung,
  type SlaStage,
  type StageSla,
} from '../../src/contract/city-pack';
import type { DispatchSuggestion } from '../../src/contract/console';
import type { Event, Severity } from '../../src/contract/event';
import { toUtcInstant } from '../../src/contract/time';
import { CityPackError } from '../city-packs/load';
import { stageOf } from './state-machine';

const SEVERITY_RANK: Record<Severity, number> = { I: 1, II: 2, III: 3, IV: 4 };

/** Reads and validates the pack's `dispatch.json`; every problem names the file and the field. */
export function loadDispatchConfig(packDir: string): DispatchConfig {
  const path = join(packDir, 'dispatch.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CityPackError(`${path}: ${(err as Error).message}`);
  }
  const parsed = DispatchConfig.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CityPackError(`${path}: ${issues}`);
  }
  return parsed.data;
}

type Routable = Pick<Event, 'category' | 'severity' | 'district' | 'source'>;

/**
 * The city pack's dispatch data as answers: which department and SLA the rules suggest for an event, which
 * emergency plan applies, which department of a kind serves a district, how far up the escalation ladder an
 * overdue event goes. Pure: the clock is passed in.
 */
export class DispatchRules {
  private readonly byId: ReadonlyMap<string, Department>;

  constructor(readonly config: DispatchConfig) {
    this.byId = new Map(config.departments.map((d) => [d.id, d]));
  }

  department(id: string): Department | undefined {
    return this.byId.get(id);
  }

  /** The department of `kind` serving `district`: a district's own first, then a city-wide one. */
  departmentFor(kind: string, district: string | null): Department | null {
    const ofKind = this.config.departments.filter((d) => d.kind === kind);
    return (
      (district === null ? undefined : ofKind.find((d) => d.districts?.includes(district))) ??
      ofKind.find((d) => d.districts === null) ??
      null
    );
  }

  rule(e: Routable) {
    // The schema guarantees the last rule matches everything.
    return this.config.rules.find((r) => {
      const m = r.match;
      return (
        (!m.categories || m.categories.includes(e.category)) &&
        (!m.severities || m.severities.includes(e.severity)) &&
        (!m.districts || (e.district !== null && m.districts.includes(e.district))) &&
        (!m.sources || m.sources.includes(e.source))
      );
    })!;
  }

  slaFor(e: Routable): StageSla {
    return { ...this.config.defaultSla, ...this.rule(e).sla };
  }

  /** The plan the matching rule names, else any plan for the category at this severity or worse. */
  planFor(e: Routable): EmergencyPlan | null {
    const named = this.rule(e).plan;
    if (named) return this.config.plans.find((p) => p.id === named) ?? null;
    return (
      this.config.plans.find(
        (p) => p.categories.includes(e.category) && SEVERITY_RANK[e.severity] <= SEVERITY_RANK[p.minSeverity],
      ) ?? null
    );
  }

  plan(id: string): EmergencyPlan | undefined {
    return this.config.plans.find((p) => p.id === id);
  }

  suggest(e: Routable): DispatchSuggestion {
    const rule = this.rule(e);
    return {
      ruleId: rule.id,
      department: this.departmentFor(rule.department, e.district),
      sla: this.slaFor(e),
      plan: this.planFor(e),
    };
  }

  /** The departments a plan notifies for an event in `district`, lead first, each once. */
  planDepartments(plan: EmergencyPlan, district: string | null): Department[] {
    const out = new Map<string, Department>();
    for (const kind of plan.departments) {
      const d = this.departmentFor(kind, district);
      if (d) out.set(d.id, d);
    }
    return [...out.values()];
  }

  /** When the stage an event in `status` is in falls due, if it entered it at `enteredAt`. */
  dueAt(e: Routable & Pick<Event, 'status'>, enteredAt: number): string | null {
    const stage = stageOf(e.status);
    return stage === null ? null : this.dueFor(stage, this.slaFor(e), enteredAt);
  }

  dueFor(stage: SlaStage, sla: StageSla, enteredAt: number): string {
    return toUtcInstant(enteredAt + sla[stage] * 60_000);
  }

  /** The highest rung an event overdue by `overdueMs` has reached (null: not overdue). */
  rungFor(overdueMs: number): EscalationRung | null {
    if (overdueMs < 0) return null;
    const minutes = overdueMs / 60_000;
    return this.config.escalation.levels.findLast((l) => minutes >= l.afterMinutes) ?? null;
  }

  rung(level: number): EscalationRung | null {
    return this.config.escalation.levels.find((l) => l.level === level) ?? null;
  }

  /** A new event's console fields: the accept clock starts when the centre receives the report. */
  initialize(e: Event): Event {
    return { ...e, slaDueAt: this.dueAt(e, Date.parse(e.updatedAt)), escalationLevel: 0, department: null };
  }
}
