import type { Event, Severity } from '../contract/event';

/** A valid Event for unit tests, with the fields a test cares about overridden. */
export function testEvent(id: string, over: Partial<Event> & { severity?: Severity } = {}): Event {
  const t = '2026-11-24T02:00:00.000Z';
  return {
    id,
    source: 'hotline',
    nativeId: id,
    category: 'sanitation',
    title: `event ${id}`,
    description: '',
    severity: 'IV',
    status: 'reported',
    location: { lon: 121.47, lat: 31.23 },
    address: '',
    district: '310101',
    street: null,
    grid: null,
    reportedAt: t,
    updatedAt: t,
    sourceUpdatedAt: t,
    slaDueAt: null,
    assignee: null,
    relatedIds: [],
    cameraIds: [],
    reporter: null,
    attributes: {},
    version: 1,
    ...over,
  };
}
