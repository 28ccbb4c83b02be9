import { startTestServer } from '/work/main/tests/helpers/test-server';
const t0 = Date.now();
const server = await startTestServer({ SIMULATORS: 'true', SIM_RATE: '60', SIM_DEFECT_RATE: '0.2', CONNECTOR_POLL_MS: '250', VIDEO_CATALOGUE_REFRESH_MS: '2000' });
console.log('started', Date.now() - t0);
for (let i = 0; i < 2; i++) {
  await new Promise((r) => setTimeout(r, 5000));
  console.log(((Date.now() - t0) / 1000).toFixed(0), server.app.health.all().map((f) => `${f.source}:${f.state} r${f.received} a${f.accepted} d${f.duplicates} q${f.quarantined} e${f.errors} ${f.lastError ?? ''}`).join(' | '));
}
const s0 = Date.now();
await server.stop();
console.log('stopped in', Date.now() - s0);
