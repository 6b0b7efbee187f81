/** Node.js release lines the hub is built and tested on (see README, Dockerfile and .ci/run). */
export const SUPPORTED_NODE_MAJORS = [22, 24] as const;

/**
 * A warning for a Node.js release past its end of life, or null on a supported one. The hub still
 * starts on Node 20 (it works there today) so a partner can upgrade on their own timetable.
 */
export function nodeVersionWarning(version: string = process.versions.node): string | null {
  const major = Number(version.split('.')[0]);
  if (major >= SUPPORTED_NODE_MAJORS[0]) return null;
  return (
    `Warning: Node.js ${version} is past its end of life (Node ${major} stopped receiving security fixes). ` +
    `csp-hub supports Node ${SUPPORTED_NODE_MAJORS.join(' and ')}; upgrade to Node 24 LTS.`
  );
}

/** Prints the end-of-life warning, if any, on stderr (before logging is set up). */
export function warnIfNodeIsPastEndOfLife(): void {
  const warning = nodeVersionWarning();
  if (warning) process.stderr.write(`${warning}\n`);
}
