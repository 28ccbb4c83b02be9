import type { Subsystem } from './types';
import { cityManagement } from './city-management';
import { grid } from './grid';
import { hotline } from './hotline';
import { traffic } from './traffic';
import { iot } from './iot';
import { video } from './video';
import { warnings } from './warnings';
import { open311 } from './open311';

/** Every connected subsystem. Adding one is a folder plus one line here. */
export const SUBSYSTEMS: readonly Subsystem[] = [
  hotline,
  cityManagement,
  grid,
  traffic,
  video,
  iot,
  warnings,
  open311,
];
