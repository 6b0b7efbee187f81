export { generateDataset, MANIFEST_FILE, type GenerateOptions } from './generate-dataset.js';
export type { Appearance, GeneratedFileKind, Manifest, ManifestFile, PlantedLocation, PlantedPerson } from './manifest.js';
export { PARTNER_STYLES } from './partner-styles.js';
export { PARTNERS, type Partner } from './partners.js';
export { STREET_HEADER, OUTCOMES_HEADER } from './police-reference.js';
export { PCC_PROJECTS_FILE, PCC_PROJECTS_HEADER } from './pcc-projects.js';
export { Rng } from './prng.js';
