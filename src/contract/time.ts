import { z } from 'zod';

/** An instant as an ISO-8601 UTC string (`…Z`); sources' local times are converted before this. */
export const UtcInstant = z.iso.datetime({ offset: false, precision: 3 });
export type UtcInstant = z.infer<typeof UtcInstant>;

/** The one way instants are written, so stored strings sort chronologically. */
export function toUtcInstant(date: Date | number): UtcInstant {
  return new Date(date).toISOString();
}
