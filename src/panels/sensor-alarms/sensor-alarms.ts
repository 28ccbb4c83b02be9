import type { Sensor, SensorType } from '../../contract/entities';
import { SensorType as SensorTypeSchema } from '../../contract/entities';

export interface SensorAlarmSummary {
  total: number;
  inAlarm: number;
  /** Sensors in alarm per type (every type present, zeros included). */
  byType: { type: SensorType; count: number }[];
  /** Sensors in alarm, most recent change first, at most `limit`. */
  latest: Sensor[];
}

export function summarizeSensorAlarms(sensors: Iterable<Sensor>, limit = 6): SensorAlarmSummary {
  const counts = new Map<SensorType, number>(SensorTypeSchema.options.map((t) => [t, 0]));
  const alarms: Sensor[] = [];
  let total = 0;
  for (const s of sensors) {
    total++;
    if (!s.alarm) continue;
    counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
    alarms.push(s);
  }
  alarms.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  return {
    total,
    inAlarm: alarms.length,
    byType: [...counts].map(([type, count]) => ({ type, count })),
    latest: alarms.slice(0, limit),
  };
}
