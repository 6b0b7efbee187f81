// The browser tests serve client/dist; build it first when it is missing or stale.
import { buildClientIfStale } from '../../scripts/build-client-if-stale.mjs';

export default async function globalSetup() {
  buildClientIfStale();
}
