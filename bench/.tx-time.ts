import { openPgTestStore } from '../tests/helpers/test-store';
import { StatesRepo } from '../mock-server/store/states-repo';
const db = await openPgTestStore(4);
const repo = new StatesRepo(db.kysely, 'postgres');
const s = (i: number, at: number) => ({ id: `S${i}`, type: 'waterlogging' as const, location: { lon: 121.4, lat: 31.2 }, district: '310101', value: 1, unit: 'cm', alarm: false, alarmEventId: null, updatedAt: new Date(at).toISOString() });
for (let round = 0; round < 2; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await repo.upsert('sensors', [s(i % 50, Date.now() + i)]);
  console.log('per tx ms', ((performance.now() - t0) / 200).toFixed(2));
}
const t1 = performance.now();
for (let i = 0; i < 200; i++) await db.kysely.selectFrom('sequences').selectAll().execute();
console.log('per select ms', ((performance.now() - t1) / 200).toFixed(2));
await db.close();
