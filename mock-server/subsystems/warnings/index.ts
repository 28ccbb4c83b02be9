import type { Subsystem } from '../types';
import { warningsAdapter } from './adapter';
import { createWarningExpiry } from './expiry';
import { decodeCapBody, redecodeCapText, withReferencedWarnings } from './intake';
import { createWarningsSimulator } from './simulator';

/** 预警发布: CAP 1.2 (and 1.1) XML alerts POSTed by the warning release system; Update/Cancel withdraw. */
export const warnings: Subsystem = {
  source: 'warnings',
  adapter: warningsAdapter,
  intake: {
    kind: 'webhook',
    contentTypes: ['application/cap+xml', 'application/xml', 'text/xml'],
    decode: decodeCapBody,
    prepare: withReferencedWarnings,
  },
  replay: { decode: redecodeCapText },
  createConnector: createWarningExpiry,
  createSimulator: createWarningsSimulator,
};
