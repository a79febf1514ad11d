import { cpuMsFromStat, rssMbFromStatus } from './process-stats';

describe('reading /proc', () => {
  it('adds user and system ticks into milliseconds, even when the command name has spaces and brackets', () => {
    const stat =
      '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 250 75 0 0 20 0 11 0 100 0 0';
    expect(cpuMsFromStat(stat)).toBe(3250);
  });

  it('refuses a stat line it cannot read instead of reporting zero CPU', () => {
    expect(() => cpuMsFromStat('garbage')).toThrow('unreadable /proc stat line');
  });

  it('reads VmRSS in kB as megabytes', () => {
    expect(rssMbFromStatus('Name:\tnode\nVmPeak:\t 999999 kB\nVmRSS:\t  524288 kB\n')).toBe(512);
  });

  it('reports no RSS for a kernel thread that has none', () => {
    expect(rssMbFromStatus('Name:\tkthreadd\n')).toBe(0);
  });
});
