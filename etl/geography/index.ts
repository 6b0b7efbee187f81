export { BoundaryFileError, areaFeatures, readBoundaryFile } from './boundary-reader.js';
export {
  Geography,
  buildGeography,
  planarShapeOf,
  randomPointIn,
  type Boundary,
  type BoundaryInput,
  type Containment,
  type District,
  type GeographyInput,
  type Lsoa,
  type Placement,
  type Ward,
} from './geography.js';
export { loadGeography, type LoadGeographyOptions } from './load-geography.js';
export { districtFromLsoaName } from './lsoa-name.js';
export type { AreaFeature } from './winding.js';
