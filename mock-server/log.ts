import { pino, type Logger } from 'pino';
import type { Config } from './config';

/** Structured JSON logs (pino) on stdout; one logger, children per component. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { svc: 'city-brain' } });
}
