/**
 * Shares and distributions for synthetic police.uk rows. Unless a comment says otherwise they
 * were measured once from the five real Hampshire street files in ../shared/data/police-uk
 * (2017-02 to 2017-05 and 2022-02, 83,056 rows) and are hard-coded here.
 */

export const FORCE_NAME = 'Hampshire Constabulary';

export const STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export const OUTCOMES_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';

export const ASB = 'Anti-social behaviour';

/** Crime types and their share of all rows, pooled over the five real files. */
export const CRIME_TYPE_SHARES: readonly (readonly [string, number])[] = [
  [ASB, 0.2651],
  ['Violence and sexual offences', 0.2561],
  ['Criminal damage and arson', 0.0931],
  ['Public order', 0.0798],
  ['Other theft', 0.0619],
  ['Shoplifting', 0.0607],
  ['Burglary', 0.0604],
  ['Vehicle crime', 0.0567],
  ['Bicycle theft', 0.0176],
  ['Drugs', 0.0169],
  ['Other crime', 0.0131],
  ['Possession of weapons', 0.007],
  ['Theft from the person', 0.0061],
  ['Robbery', 0.0055],
];

/**
 * Multiplier on the ASB share by calendar month (January first): ASB peaks in summer.
 * Not measured (the real files cover too few months); a smooth ±30 % cycle peaking in July.
 */
export const ASB_SEASONALITY: readonly number[] = Array.from(
  { length: 12 },
  (_, m) => 1 + 0.3 * Math.cos(((m - 6) / 12) * 2 * Math.PI),
);

/** Last outcome of a crime that is a few months old (the four 2017 files, published long after). */
export const SETTLED_OUTCOMES: readonly (readonly [string, number])[] = [
  ['Investigation complete; no suspect identified', 0.4229],
  ['Unable to prosecute suspect', 0.3149],
  ['Status update unavailable', 0.1108],
  ['Court result unavailable', 0.031],
  ['Formal action is not in the public interest', 0.0209],
  ['Local resolution', 0.0189],
  ['Offender given a caution', 0.0137],
  ['Awaiting court outcome', 0.012],
  ['Offender given community sentence', 0.0097],
  ['Offender sent to prison', 0.0077],
  ['Action to be taken by another organisation', 0.0066],
  ['Offender given a drugs possession warning', 0.0051],
  ['Offender fined', 0.0046],
  ['Defendant found not guilty', 0.0043],
  ['Offender given suspended prison sentence', 0.0035],
  ['Offender given conditional discharge', 0.0034],
  ['Court case unable to proceed', 0.0026],
  ['Offender given penalty notice', 0.0022],
  ['Suspect charged as part of another case', 0.002],
  ['Offender ordered to pay compensation', 0.0015],
  ['Offender otherwise dealt with', 0.0013],
];

/** Last outcome of a crime in the latest months of a release (the 2022-02 file). */
export const RECENT_OUTCOMES: readonly (readonly [string, number])[] = [
  ['Under investigation', 0.7132],
  ['Investigation complete; no suspect identified', 0.2146],
  ['Unable to prosecute suspect', 0.0374],
  ['Local resolution', 0.0182],
  ['Awaiting court outcome', 0.0094],
  ['Offender given a caution', 0.0039],
  ['Formal action is not in the public interest', 0.0013],
  ['Action to be taken by another organisation', 0.0011],
  ['Further investigation is not in the public interest', 0.0008],
];

/** Outcomes that do not appear in an outcomes file: nothing has happened yet. */
export const PENDING_OUTCOMES: ReadonlySet<string> = new Set(['Under investigation', 'Status update unavailable']);

/** Months before the end of the generated range whose crimes still carry recent outcomes. */
export const RECENT_MONTHS = 3;

/**
 * Rows snapped to LSOAs in neighbouring districts outside the force: 0.27 % of the real rows.
 * Rows without any location are not in these files; police.uk publishes some in other forces'
 * files ("No Location", no coordinates or LSOA), so a small share is generated for the loader.
 */
export const OUT_OF_FORCE_SHARE = 0.003;
export const NO_LOCATION_SHARE = 0.002;

/**
 * Neighbouring districts seen in the real files, with a point just over the force boundary.
 * Their LSOA codes are generated in the unused E0199xxxx range so they never collide with real codes.
 */
export const NEIGHBOURS: readonly { name: string; lon: number; lat: number; weight: number }[] = [
  { name: 'West Berkshire', lon: -1.25, lat: 51.405, weight: 24 },
  { name: 'Waverley', lon: -0.72, lat: 51.16, weight: 21 },
  { name: 'Chichester', lon: -0.9, lat: 50.85, weight: 14 },
  { name: 'Surrey Heath', lon: -0.72, lat: 51.33, weight: 12 },
  { name: 'Guildford', lon: -0.7, lat: 51.245, weight: 12 },
  { name: 'Wiltshire', lon: -1.71, lat: 51.1, weight: 9 },
  { name: 'Christchurch', lon: -1.76, lat: 50.74, weight: 8 },
  { name: 'East Dorset', lon: -1.83, lat: 50.86, weight: 11 },
  { name: 'Bracknell Forest', lon: -0.78, lat: 51.36, weight: 6 },
  { name: 'Wokingham', lon: -0.86, lat: 51.37, weight: 4 },
];

/** Non-street places police.uk snaps to; about one row in seven in the real files. */
export const PLACES: readonly string[] = [
  'Supermarket',
  'Parking Area',
  'Shopping Area',
  'Sports/Recreation Area',
  'Petrol Station',
  'Nightclub',
  'Hospital',
  'Police Station',
  'Further/Higher Educational Building',
  'Theme/Adventure Park',
];
export const PLACE_SHARE = 0.14;
