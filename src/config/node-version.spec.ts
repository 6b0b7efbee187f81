import { nodeVersionWarning } from './node-version.js';

describe('nodeVersionWarning', () => {
  it.each(['22.0.0', '22.23.5', '24.22.3', '26.1.0'])('says nothing on Node %s', (version) => {
    expect(nodeVersionWarning(version)).toBeNull();
  });

  it.each(['20.20.2', '20.19.0', '18.20.8'])('warns on Node %s that it is past its end of life', (version) => {
    const warning = nodeVersionWarning(version);
    expect(warning).toContain(`Node.js ${version} is past its end of life`);
    expect(warning).toContain('Node 22 and 24');
  });
});
