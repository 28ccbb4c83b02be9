import type { Subsystem } from './types';
import { hotline } from './hotline';

/** Every connected subsystem. Adding one is a folder plus one line here. */
export const SUBSYSTEMS: readonly Subsystem[] = [hotline];
