import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KPI_FUNCTIONS } from '../core/kpi';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README stays true', () => {
  it('lists every KPI function of the registry with its parameters and example', () => {
    for (const f of KPI_FUNCTIONS) {
      const sig = `${f.name}(${f.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
      expect(readme, sig).toContain(sig);
      expect(readme, f.example).toContain(f.example);
    }
  });

  it('gives the two commands for a fresh machine, and CI runs the same test command', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('node scripts/start-cli.cjs');
  });
});
