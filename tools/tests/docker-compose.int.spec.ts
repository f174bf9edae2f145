import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

describe('docker-compose.yml', () => {
  it('is accepted by a Compose implementation (docker-compose config -q)', () => {
    const output = execFileSync('docker-compose', ['-f', resolve(__dirname, '../../docker-compose.yml'), 'config', '-q'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toBe('');
  });
});
