/**
 * `npm run generate -- --months N --rows-per-month N --seed S --out DIR [--start 2023-01]
 *  [--geography DIR] [--cases-per-month N] [--outcomes] [--police-only]`
 */
import { parseArgs } from 'node:util';
import { loadGeography } from '../geography/index.js';
import { generateDataset } from './generate-dataset.js';

const USAGE =
  'Usage: npm run generate -- --months N --rows-per-month N --seed S --out DIR [--start YYYY-MM] [--geography DIR]\n' +
  '       [--cases-per-month N] [--outcomes] [--police-only]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      months: { type: 'string', default: '12' },
      'rows-per-month': { type: 'string', default: '20000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      start: { type: 'string', default: '2023-01' },
      geography: { type: 'string' },
      'cases-per-month': { type: 'string', default: '600' },
      outcomes: { type: 'boolean', default: false },
      'police-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.out) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const months = wholeNumber('--months', values.months);
  const rowsPerMonth = wholeNumber('--rows-per-month', values['rows-per-month']);
  const geography = values.geography ? await loadGeography(values.geography) : undefined;
  const total = months * rowsPerMonth;
  const started = performance.now();
  let lastReport = 0;
  const manifest = await generateDataset({
    out: values.out,
    months,
    rowsPerMonth,
    seed: values.seed,
    start: values.start,
    geography,
    casesPerMonth: wholeNumber('--cases-per-month', values['cases-per-month']),
    outcomes: values.outcomes,
    policeOnly: values['police-only'],
    onPoliceRows(done) {
      const now = performance.now();
      if (now - lastReport < 1000 && done < total) return;
      lastReport = now;
      const rate = Math.round(done / ((now - started) / 1000));
      process.stderr.write(`\rpolice rows ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} (${rate.toLocaleString('en-GB')} rows/s)   `);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `Wrote ${manifest.files.length} files to ${values.out} (${manifest.geography} geography) in ${seconds.toFixed(1)} s: ` +
      `${total.toLocaleString('en-GB')} police rows, ${Math.round(total / seconds).toLocaleString('en-GB')} rows/s, peak RSS ${rss} MB`,
  );
}

function wholeNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${flag} must be a whole number, not "${value}".\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
