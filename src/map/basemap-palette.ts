/**
 * The basemap's colours: a calm, low-contrast navy palette — the basemap is the stage, live data the
 * actor. Exported so overlays can pick colours that stand out against it.
 */
export const BASEMAP_PALETTE = {
  background: '#0b1220',
  water: '#0d2744',
  waterway: '#113054',
  green: '#0e2a2c',
  street: '#2b3c57',
  district: '#5a78a3',
  signal: '#5f7597',
  waterLabel: '#3d6a9e',
  roadLabel: '#7d91b0',
  streetLabel: '#6a82a6',
  districtLabel: '#a8bbd8',
  halo: '#0b1220',
  road: {
    service: '#131d30',
    residential: '#1a263d',
    tertiary: '#213049',
    secondary: '#293b58',
    primary: '#344c72',
    trunk: '#3d5986',
    motorway: '#456499',
  },
} as const;
